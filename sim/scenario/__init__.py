"""Scenario files (format ``negsim/1``): load, validate, build.

``load(path)`` reads a YAML scenario of any registered kind (or a file a kind reads, such as a
Gambit ``.nfg``/``.efg``) and returns that kind's frozen scenario object, or raises
:class:`ScenarioError` listing every problem with ``file:line:col``.
``build(scenario, overrides)`` turns a normal-form scenario into a :class:`~sim.game.Game`.
"""

from __future__ import annotations

from pathlib import Path

from .common import FORMAT, Meta, Parameter, parse_assignments
from .errors import Location, Problem, ScenarioError
from .payoffs import NormalFormScenario, build, payoff_grid, payoff_points
from .yamlsrc import Map, Scalar, expect, parse_yaml

__all__ = [
    "FORMAT",
    "load_kinds",
    "Location",
    "Map",
    "Meta",
    "NormalFormScenario",
    "Parameter",
    "Problem",
    "ScenarioError",
    "build",
    "load",
    "loads",
    "parse_assignments",
    "payoff_grid",
    "payoff_points",
]


def loads(text: str, file: str = "<scenario>"):
    """Parse and validate scenario text; ``file`` is used in error locations."""
    from .common import parse_header

    doc = parse_yaml(text, file)
    fmt = doc.get("format")
    if fmt is None:
        raise ScenarioError(
            f"missing 'format: {FORMAT}' (the first line of every scenario)", Location(file, 1, 1)
        )
    fmt_text = expect(fmt, Scalar, "format").value
    if fmt_text != FORMAT:
        raise ScenarioError(
            f"unsupported format {fmt_text!r}; this negsim reads '{FORMAT}'", fmt.loc
        )
    kind_node = doc.get("kind")
    kind = "normal-form" if kind_node is None else expect(kind_node, Scalar, "kind").value
    from .. import contract

    spec = contract.get_kind(kind, kind_node.loc if kind_node is not None else None)
    return spec.load(doc, parse_header(doc, kind))


def load_kinds() -> None:
    """Import every known kind package so that it registers."""
    from .. import contract

    contract.load_kinds()


def _reader(path: Path):
    """The reader a kind registered for this file's extension (``.nfg``, ``.efg``), if any."""
    ext = path.suffix.lower()
    if ext in ("", ".yaml", ".yml"):
        return None
    from .. import contract

    load_kinds()
    for spec in sorted(contract.KINDS.values(), key=lambda s: s.name):
        read = spec.readers.get(ext) or spec.readers.get(ext.lstrip("."))
        if read is not None:
            return read
    return None


#: the largest scenario file (YAML, ``.nfg``, ``.efg``) negsim reads, in bytes
MAX_FILE_BYTES = 4_000_000


def _check_file(p: Path, where: Location) -> None:
    """A regular file of at most :data:`MAX_FILE_BYTES` (a device such as ``/dev/zero`` or a
    pipe would be read without end)."""
    import stat

    st = p.stat()
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(p))
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(
            "this is not a regular file (a device, a pipe or a socket); give a scenario file",
            where,
        )
    if st.st_size > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the file is {st.st_size:,} bytes; a scenario file may have at most "
            f"{MAX_FILE_BYTES:,}",
            where,
        )


def load(path: str | Path):
    """Read and validate a scenario file of any kind: YAML (format ``negsim/1``), or a file a
    kind reads (Gambit ``.nfg`` and ``.efg``).  File problems are a :class:`ScenarioError`."""
    p = Path(path)
    where = Location(str(path))
    try:
        _check_file(p, where)
        read = _reader(p)
        if read is not None:
            return read(p)
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ScenarioError(
                f"the file has more than {MAX_FILE_BYTES:,} bytes, the most a scenario may have",
                where,
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ScenarioError("no such file", where) from None
    except IsADirectoryError:
        raise ScenarioError("this is a folder, not a scenario file", where) from None
    except UnicodeDecodeError:
        raise ScenarioError("the file is not UTF-8 text (is it a scenario?)", where) from None
    except PermissionError:
        raise ScenarioError("cannot read the file: permission denied", where) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", where) from None
    return loads(text, str(path))
