"""The ``negsim`` command line: thin wrappers around the library.

``main(argv=None) -> int`` is testable in-process.  Each subcommand lives in its own module with
``add_parser(subparsers)`` and ``run_command(args) -> int``.  The commands know no kind: they
go through :mod:`sim.contract`, and the kinds' own flags (``--method``, ``--convention``, chart
options, ...) are added from the registry.  Heavy imports (matplotlib, scipy submodules) happen
inside the commands that need them.  Exit codes: 0 success, 1 bad input (a located message on
stderr), 2 bad usage, 3 an internal error (a bug; the traceback is printed).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .._version import __version__

COMMANDS = [
    "run",
    "solve",
    "validate",
    "list",
    "schema",
    "plot",
    "sweep",
    "robust",
    "explain",
    "export",
    "exercise",
    "serve",
]


class _Parser(argparse.ArgumentParser):
    """argparse, except that ``--version`` and ``--help`` on a standard output that cannot be
    written (``negsim --version > /dev/full``) is an error, not a silent exit 0."""

    def _print_message(self, message: str, file=None) -> None:
        if message and file is sys.stdout:
            sys.stdout.write(message)
            sys.stdout.flush()
            return
        super()._print_message(message, file)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="negsim",
        description="Negotiation game-theory simulator: scenario files in, certified equilibria, "
        "explanations and outcome charts out.",
        epilog="Start with:  negsim run   (the bundled freeze-for-freeze scenario)\n"
        "             negsim list  (every bundled scenario)\n"
        "Help on one command:  negsim run --help",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"negsim {__version__}")
    from ..scenario import load_kinds

    load_kinds()  # the kinds' flags are part of the commands' --help
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"sim.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("sim.cli."):
                continue
            raise
        mod.add_parser(sub)
    return parser


def _version_only(argv: list[str] | None) -> bool:
    # (no call to list() here: the subcommand module sim.cli.list shadows that name)
    given = sys.argv[1:] if argv is None else argv
    return len(given) == 1 and given[0] == "--version"


def main(argv: list[str] | None = None) -> int:
    if _version_only(argv):
        # the version needs neither the kinds nor numpy: answer before importing them
        try:
            sys.stdout.write(f"negsim {__version__}\n")
            sys.stdout.flush()
            return 0
        except OSError:
            from .common import report_errors

            with report_errors() as status:
                raise
            return status.code
    from .common import INPUTS, report_errors

    INPUTS.clear()
    parser = None
    with report_errors() as status:
        parser = build_parser()
    if parser is None:
        return status.code
    args = None
    with report_errors() as status:  # --help and --version write to standard output
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
            return int(exc.code or 0)
    if args is None:
        return status.code
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    with report_errors() as status:
        return args.handler(args)
    return status.code


def console_main() -> None:
    code = main()
    try:  # what is still buffered: a full disk is an error too
        sys.stdout.flush()
    except OSError:
        from .common import report_errors

        with report_errors() as status:
            raise
        code = status.code
    sys.exit(code)
