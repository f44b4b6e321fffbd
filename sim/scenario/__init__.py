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
    from ..display import adopt_scenario

    spec = contract.get_kind(kind, kind_node.loc if kind_node is not None else None)
    scenario = spec.load(doc, parse_header(doc, kind))
    adopt_scenario(type(scenario))
    return scenario


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


def load(path: str | Path):
    """Read and validate a scenario file of any kind: YAML (format ``negsim/1``), or a file a
    kind reads (Gambit ``.nfg`` and ``.efg``).  File problems are a :class:`ScenarioError`."""
    p = Path(path)
    where = Location(str(path))
    try:
        read = _reader(p)
        if read is not None:
            if p.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(p))
            from ..display import adopt_scenario

            scenario = read(p)
            adopt_scenario(type(scenario))
            return scenario
        text = p.read_text(encoding="utf-8")
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
