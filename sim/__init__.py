"""negsim: a negotiation game-theory simulator.

Scenario file → validated scenario → analysis (its kind's: equilibria, backward induction,
thresholds, stability, ...) → frozen result → report / charts / CLI.  The public facade::

    import sim
    scenario = sim.load("freeze_for_freeze")      # a path, a bundled name, a Gambit .nfg/.efg
    result = sim.analyse(scenario, {"drill_value": 4})   # any kind; a frozen result
    print(sim.to_text(result))                    # the `negsim run` report
    sim.explain(scenario).title                   # the step-by-step teaching narrative
    grid = sim.sweep(scenario, {"drill_value": [0, 2, 4, 6]})   # outcomes across a grid

    game = sim.build(scenario, overrides={"drill_value": 4})    # normal-form: the Game
    solved = sim.solve(game)                      # every equilibrium, certified

``load``, ``analyse``, ``sweep`` and ``explain`` serve every kind of scenario; ``build`` and
``solve`` work on normal-form games (:class:`Game`, :class:`SolveResult`, :class:`Equilibrium`,
:func:`certify`; the methods in ``SOLVERS``).  User errors raise :class:`ScenarioError`,
located.  Heavy modules are imported on first use.  ``sim.sweep`` and ``sim.explain`` are also
the subpackages of those names; calling them runs :func:`sim.sweep.sweep` and
:func:`sim.explain.explain`.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import Any

from ._version import __version__

__all__ = [
    "SOLVERS",
    "Equilibrium",
    "Game",
    "ScenarioError",
    "SolveResult",
    "__version__",
    "analyse",
    "build",
    "certify",
    "explain",
    "load",
    "solve",
    "sweep",
    "to_dict",
    "to_text",
]

#: public name → (module, attribute) imported on first use
_LAZY = {
    "Game": ("sim.game", "Game"),
    "Equilibrium": ("sim.results", "Equilibrium"),
    "SolveResult": ("sim.results", "SolveResult"),
    "certify": ("sim.results", "certify"),
    "ScenarioError": ("sim.scenario.errors", "ScenarioError"),
    "build": ("sim.scenario", "build"),
    "solve": ("sim.solvers", "solve"),
    "SOLVERS": ("sim.solvers", "SOLVERS"),
    "to_text": ("sim.contract", "to_text"),
    "to_dict": ("sim.contract", "to_dict"),
}

#: subpackages that are also facade functions: calling the module calls this function in it
_CALLABLE_MODULES = {"sweep": "sweep", "explain": "explain"}


def load(name_or_path: str | Path | None = None) -> Any:
    """A scenario of any kind from a path (YAML, Gambit ``.nfg``/``.efg``) or a bundled name
    (``"freeze_for_freeze"``, ``"classics/chicken"``); the default scenario when ``None``."""
    from .bundled import load as _load

    return _load(name_or_path)


def _scenario(what: Any) -> Any:
    return load(what) if isinstance(what, str | Path) else what


def analyse(scenario: Any, overrides: Any = None, **options: Any) -> Any:
    """Analyse a scenario (an object, a path or a bundled name) of any kind; ``options`` are the
    kind's (``method=``, ``time_limit=``, ``convention=``, ...).  Returns its frozen result."""
    from . import contract

    return contract.analyse(_scenario(scenario), overrides, **options)


class _FacadeModule(types.ModuleType):
    """A subpackage that can also be called as the facade function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fn = getattr(self, _CALLABLE_MODULES[self.__name__.rpartition(".")[2]])
        if args:
            args = (_scenario(args[0]),) + args[1:]
        return fn(*args, **kwargs)


def _facade(module: types.ModuleType) -> types.ModuleType:
    if type(module) is types.ModuleType:
        module.__class__ = _FacadeModule
    return module


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _CALLABLE_MODULES and isinstance(value, types.ModuleType):
            value = _facade(value)
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in _CALLABLE_MODULES:
        return _facade(importlib.import_module(f"{__name__}.{name}"))
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


sys.modules[__name__].__class__ = _Package
