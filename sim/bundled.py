"""The scenarios negsim ships (``scenarios/`` in the repository, ``sim/scenarios`` in a wheel).

``negsim run NAME`` accepts a bundled name (``freeze_for_freeze``, ``classics/chicken``) as well
as a path, and ``-`` for a YAML scenario on standard input.  The default scenario for ``negsim
run`` with no argument is :data:`DEFAULT`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .scenario.errors import Location, ScenarioError

__all__ = ["DEFAULT", "bundled_dir", "bundled_names", "load", "resolve"]

DEFAULT = "freeze_for_freeze"


def bundled_dir() -> Path:
    """The folder holding bundled scenarios (inside the installed package)."""
    return Path(str(resources.files("sim") / "scenarios"))


def bundled_names() -> list[str]:
    """Names of every bundled scenario, e.g. ``["classics/chicken", "freeze_for_freeze"]``."""
    root = bundled_dir()
    if not root.is_dir():
        return []
    names = [p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.yaml")]
    return sorted(names)


def resolve(name_or_path: str | None) -> Path:
    """A path for a scenario argument: an existing file, or a bundled name (with or without
    ``.yaml``), or the default when ``None``.  Unknown names raise :class:`ScenarioError` with
    the close matches in its message."""
    import difflib

    if name_or_path is None:
        name_or_path = DEFAULT
    p = Path(name_or_path)
    if p.exists():
        return p
    stem = name_or_path.removesuffix(".yaml").removesuffix(".yml")
    parts = Path(stem).parts
    if Path(stem).is_absolute() or ".." in parts or not parts:
        # not a bundled name: a bundled lookup never leaves the bundled folder
        raise ScenarioError(
            "no such file (and a bundled name has no '..' or leading '/'); "
            "`negsim list` shows the bundled ones",
            Location(str(name_or_path)),
        )
    root = bundled_dir()
    candidate = root / f"{stem}.yaml"
    if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
        return candidate
    names = bundled_names()
    by_leaf = [n for n in names if n.split("/")[-1] == stem]
    if len(by_leaf) == 1:
        return bundled_dir() / f"{by_leaf[0]}.yaml"
    close = difflib.get_close_matches(stem, names, n=3, cutoff=0.5)
    hint = (
        f"; did you mean {', '.join(close)}?" if close else "; `negsim list` shows the bundled ones"
    )
    raise ScenarioError(f"no such file or bundled scenario{hint}", Location(str(name_or_path)))


def load(name_or_path: str | Path | None = None):
    """A scenario of any kind from a path (YAML, or a file a kind reads such as a Gambit
    ``.nfg``/``.efg``) or a bundled name (``"freeze_for_freeze"``, ``"classics/chicken"``);
    the default scenario when ``None``."""
    from .scenario import load as load_file
    from .scenario import loads
    from .scenario.textfile import STDIN, read_stdin

    if name_or_path is not None and str(name_or_path) == STDIN:
        return loads(read_stdin(), "<stdin>")
    return load_file(resolve(None if name_or_path is None else str(name_or_path)))
