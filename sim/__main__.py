"""``python -m sim`` is the ``negsim`` command."""

from .cli import console_main

console_main()
