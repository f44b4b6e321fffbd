"""The command line shared by the scripts that generate a page of the docs from the scenario
files (``--write`` rewrites the page, ``--check`` exits 1 when it is stale, neither prints it)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def page_main(
    argv: list[str] | None, description: str, page: Path, render: Callable[[], str], command: str
) -> int:
    """Run a page generator: ``page`` is the file, ``render`` makes its text, ``command`` is how
    a person regenerates it (named in the stale message)."""
    ap = argparse.ArgumentParser(description=description)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"rewrite {page.name}")
    group.add_argument(
        "--check", action="store_true", help=f"exit 1 if {page.name} differs from the text"
    )
    args = ap.parse_args(argv)
    text = render()
    if args.write:
        page.write_text(text, encoding="utf-8")
        return 0
    if args.check:
        current = page.read_text(encoding="utf-8") if page.exists() else ""
        if current != text:
            print(f"{page.name} is stale; run `{command}`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0
