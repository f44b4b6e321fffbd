"""Import layering, read from the source (``ast``), not from what happens to be imported.

- kinds (one package each) never import one another;
- the shared core never imports the reports, the charts, the CLI or a kind;
- no module in ``sim/`` is longer than 600 lines.

Imports inside functions count as much as those at the top: a late import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parent.parent / "sim"
KINDS = ("sim.normal_form", "sim.sequential", "sim.repeated", "sim.bargaining", "sim.conflict")
CORE = (
    "sim.game",
    "sim.results",
    "sim.solvers",
    "sim.scenario",
    "sim.contract",
    "sim.numbers",
    "sim.textlayout",
    "sim.labels",
    "sim.geometry",
    "sim.display",
)
NOT_FOR_CORE = ("sim.report", "sim.charts", "sim.cli") + KINDS
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SIM.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SIM.rglob("*.py"))}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute names; ``from a import b`` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    return {m for m in found if within(m, "sim")}


def owner(name: str, groups: tuple[str, ...]) -> str | None:
    return next((g for g in groups if within(name, g)), None)


def test_the_module_list_is_not_empty():
    assert "sim.contract" in MODULES and "sim.game" in MODULES


@pytest.mark.parametrize("name", [m for m in MODULES if owner(m, KINDS)])
def test_kinds_never_import_one_another(name):
    mine = owner(name, KINDS)
    bad = sorted(m for m in imports(name, MODULES[name]) if owner(m, KINDS) not in (None, mine))
    assert not bad, f"{name} imports another kind: {', '.join(bad)}"


@pytest.mark.parametrize("name", [m for m in MODULES if owner(m, CORE)])
def test_the_core_never_imports_reports_charts_cli_or_a_kind(name):
    bad = sorted(m for m in imports(name, MODULES[name]) if owner(m, NOT_FOR_CORE))
    assert not bad, f"{name} (shared core) imports {', '.join(bad)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_too_long(name):
    n = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{name} has {n} lines; split it (at most {MAX_LINES})"


def test_the_import_reader_resolves_relative_imports(tmp_path):
    pkg = tmp_path / "sim" / "kind"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("from . import load\n")
    (pkg / "load.py").write_text(
        "from ..scenario.common import Meta\nimport sim.numbers\n"
        "def f():\n    from .analysis import x\n"
    )
    assert imports("sim.kind", pkg / "__init__.py") == {"sim.kind", "sim.kind.load"}
    assert imports("sim.kind.load", pkg / "load.py") == {
        "sim.scenario.common",
        "sim.scenario.common.Meta",
        "sim.numbers",
        "sim.kind.analysis",
        "sim.kind.analysis.x",
    }
