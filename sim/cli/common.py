"""What the commands share: loading through the kind registry, ``--set`` and the kinds' own
flags, atomic writes that say what they wrote, and the one place errors become exit codes.

Exit codes: 0 success; 1 a user error (a :class:`~sim.scenario.errors.ScenarioError`, with its
location, or a file of the user's that cannot be read or written); 2 bad usage (argparse); 3 an
internal error (a bug: the traceback is printed with a request to report it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..scenario.errors import Location, ScenarioError

__all__ = [
    "EXAMPLE_FORMATTER",
    "add_kind_options",
    "add_set_option",
    "analyse_options",
    "check_output",
    "error",
    "format_from_extension",
    "given_options",
    "internal_error",
    "load_scenario",
    "overrides_from",
    "report_errors",
    "write_atomic",
    "write_output",
    "write_text",
]

EXAMPLE_FORMATTER = argparse.RawDescriptionHelpFormatter

INTERNAL = 3


def error(message: str) -> int:
    """Print a message for bad input on stderr and return exit status 1."""
    print(f"negsim: {message}", file=sys.stderr)
    return 1


def internal_error(exc: BaseException) -> int:
    """Print the traceback of a bug and the request to report it; exit status 3."""
    traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    print("negsim: internal error — please report it with the command you ran", file=sys.stderr)
    return INTERNAL


def print_problems(exc: ScenarioError) -> None:
    for problem in exc.problems:
        print(f"{problem}", file=sys.stderr)


def os_message(exc: OSError) -> str:
    """A clear one-line message for an OS error on a user's file."""
    name = exc.filename if exc.filename is not None else ""
    what = {
        FileNotFoundError: "no such file or folder",
        IsADirectoryError: "this is a folder, not a file",
        NotADirectoryError: "a part of this path is not a folder",
        PermissionError: "permission denied",
        FileExistsError: "already exists",
    }.get(type(exc), exc.strerror or str(exc))
    if not name:
        return str(exc) if exc.args and not exc.strerror else what
    return f"{name}: {what}"


@dataclass
class _Status:
    code: int = 1


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit does not fail
    a second time on a full disk or a closed pipe."""
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


@contextlib.contextmanager
def report_errors():
    """Turn a user error into its located message and exit status 1; a bug into exit 3."""
    status = _Status()
    try:
        yield status
    except ScenarioError as exc:
        print_problems(exc)
        n = len(exc.problems)
        if n > 1:
            print(f"negsim: {n} problems; nothing was run.", file=sys.stderr)
        status.code = 1
    except BrokenPipeError:  # e.g. `negsim run | head`
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        status.code = 0
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:  # standard output or error
            _silence_stdout()
            status.code = error(f"cannot write the output: {exc.strerror}")
        else:
            status.code = error(os_message(exc))
    except KeyboardInterrupt:
        status.code = error("interrupted")
    except Exception as exc:  # a bug: say so, keep the traceback
        status.code = internal_error(exc)


# -- kinds and their flags --------------------------------------------------------------------


def _all_options(what: str) -> dict[str, tuple[Any, list[str]]]:
    """Every ``Option`` the registered kinds declare: name → (option, [kinds or charts])."""
    from .. import contract

    out: dict[str, tuple[Any, list[str]]] = {}
    for spec in sorted(contract.KINDS.values(), key=lambda s: s.name):
        if what == "analyse":
            pairs = [(o, spec.name) for o in spec.options]
        else:
            pairs = [
                (o, f"{spec.name} {chart.name}")
                for chart in spec.charts.values()
                for o in chart.options
            ]
        for opt, who in pairs:
            if opt.name not in out:
                out[opt.name] = (opt, [])
            if who not in out[opt.name][1]:
                out[opt.name][1].append(who)
    return out


def add_kind_options(
    parser: argparse.ArgumentParser, what: str = "analyse", skip: Iterable[str] = ()
) -> list[str]:
    """Add a ``--FLAG`` for every option the registered kinds declare (``what``: ``"analyse"``
    or ``"chart"``); returns the option names added.  Values are parsed (and checked against the
    scenario's kind) when the command runs, so a flag a kind does not take is a located error."""
    names = []
    title = "options of the kinds" if what == "analyse" else "chart options"
    group = parser.add_argument_group(title)
    for name, (opt, users) in _all_options(what).items():
        if name in skip or any(a.dest == name for a in parser._actions):
            continue
        help_text = f"{opt.help} [{', '.join(users)}]" if opt.help else f"[{', '.join(users)}]"
        group.add_argument(
            opt.flag,
            dest=name,
            metavar=opt.metavar or name.upper(),
            action="append",
            default=None,
            help=help_text.replace("%", "%%"),
        )
        names.append(name)
    return names


def given_options(args, names: Sequence[str], options: Mapping[str, Any]) -> dict[str, Any]:
    """The kind flags given on the command line, parsed with each option's ``parse``.

    ``options`` maps a name to its :class:`~sim.contract.Option`.  A flag given several times
    becomes a tuple (for options that take several values, like chart cases)."""
    out: dict[str, Any] = {}
    for name in names:
        raw = getattr(args, name, None)
        if raw is None:
            continue
        opt = options.get(name)
        values = [opt.parse(v) if opt is not None and opt.parse else v for v in raw]
        out[name] = values[0] if len(values) == 1 else tuple(values)
    return out


def analyse_options(args, names: Sequence[str]) -> dict[str, Any]:
    """The analysis flags given (parsed); ``contract.analyse`` checks them against the kind."""
    return given_options(args, names, {k: v[0] for k, v in _all_options("analyse").items()})


def chart_options(args, names: Sequence[str]) -> dict[str, Any]:
    return given_options(args, names, {k: v[0] for k, v in _all_options("chart").items()})


def add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="override a parameter (repeatable), e.g. --set drill_value=4",
    )


def parse_assignments(pairs: Iterable[str], flag: str = "--set") -> dict[str, str]:
    """``["a=1", "b=2/3"]`` → ``{"a": "1", "b": "2/3"}``; bad syntax is a located error."""
    out: dict[str, str] = {}
    for item in pairs:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise ScenarioError(f"{flag} expects name=value, got {item!r}", Location(flag))
        if name in out and out[name] != value:
            raise ScenarioError(
                f"{flag} {name} is given twice ({out[name]} and {value})", Location(flag)
            )
        out[name] = value
    return out


def overrides_from(args) -> dict[str, str]:
    return parse_assignments(getattr(args, "set", []) or [])


# -- loading ------------------------------------------------------------------------------


def load_scenario(arg: str | None):
    """A scenario from a path (any kind; a file a kind reads, such as a Gambit ``.nfg``/``.efg``,
    through that kind's reader) or a bundled name (the default scenario when ``None``)."""
    from ..bundled import load as load_named
    from ..bundled import resolve
    from ..scenario import load
    from ..scenario.textfile import STDIN

    if arg == STDIN:
        return load_named(arg)
    path = resolve(arg)
    INPUTS.append(path)
    return load(path)


# -- writing ------------------------------------------------------------------------------

#: the files the running command read (a scenario, ``--with`` scenarios): never an output
INPUTS: list[Path] = []


def check_output(path: str | os.PathLike) -> None:
    """Fail at once (before the work) on an output path that cannot or must not be written."""
    from ..fileio import check_output_path

    check_output_path(path, INPUTS)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` with :func:`sim.fileio.write_output` (atomic for a regular file, never
    over one of the command's inputs, through links and special files)."""
    from ..fileio import write_output as safe_write

    safe_write(path, data, INPUTS)


def _size(n: int) -> str:
    if n < 10_000:
        return f"{n} bytes"
    if n < 10_000_000:
        return f"{n / 1000:.0f} kB"
    return f"{n / 1e6:.0f} MB"


def write_output(path: str | os.PathLike, data: bytes | str, fmt: str, detail: str = "") -> None:
    """Write a command's output file atomically and say on stderr what was written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic(path, raw)
    extra = f", {detail}" if detail else ""
    print(f"wrote {path} ({fmt}{extra}, {_size(len(raw))})", file=sys.stderr)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def format_from_extension(path: str, formats: Mapping[str, str], flag: str = "-o") -> str:
    """The format of ``path`` from its extension (``formats``: ``".png"`` → ``"png"``)."""
    ext = os.path.splitext(path)[1].lower()
    if ext in formats:
        return formats[ext]
    known = ", ".join(sorted(set(formats)))
    raise ScenarioError(
        f"{path}: cannot tell the format from the extension; end the file name with one of {known}",
        Location(flag),
    )


def add_output_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=f"write {what} to FILE (the format from its extension) instead of standard output",
    )


REPORT_FORMATS = {".json": "json", ".txt": "text", ".text": "text"}


def report_format(args) -> str:
    """``json`` or ``text``: ``--json``, else the extension of ``-o`` (text by default)."""
    output = getattr(args, "output", None)
    if output and output != "-":
        fmt = format_from_extension(output, REPORT_FORMATS)
        if getattr(args, "json", False) and fmt != "json":
            raise ScenarioError(
                f"--json writes JSON; name the file {Path(output).stem}.json", Location("-o")
            )
        return fmt
    return "json" if getattr(args, "json", False) else "text"


def check_report_output(args) -> None:
    output = getattr(args, "output", None)
    if output and output != "-":
        check_output(output)


def emit(args, text: str, fmt: str) -> None:
    """Print ``text`` on standard output, or write it to ``-o FILE`` and say so."""
    output = getattr(args, "output", None)
    if output and output != "-":
        write_output(output, text, fmt)
    else:
        sys.stdout.write(text)


def result_text(result: Any, fmt: str) -> str:
    """A result as the ``run`` report: the JSON envelope and body, or the text report."""
    import json

    from .. import contract

    if fmt == "json":
        return json.dumps(contract.to_dict(result), indent=2) + "\n"
    return contract.to_text(result)
