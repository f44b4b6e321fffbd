"""Reading normal-form scenarios: YAML (the shared payoff loader), Gambit ``.nfg`` files, checks.

A ``.nfg`` file becomes the same :class:`~sim.scenario.payoffs.NormalFormScenario` a YAML file
gives (a payoff table of constants, no parameters), so ``negsim run`` and ``negsim solve`` treat
both alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from ..game import Game
from ..numbers import exact_str
from ..scenario.common import Meta
from ..scenario.errors import Location, ScenarioError
from ..scenario.expr import compile_expr
from ..scenario.payoffs import NormalFormScenario, PlayerSpec, build, load_normal_form
from ..scenario.yamlsrc import Map, Scalar, expect

__all__ = [
    "INERT_KEY",
    "JustifiedScenario",
    "check",
    "from_game",
    "load",
    "read_nfg_scenario",
    "write_nfg",
]

#: the top-level key that lists payoff terms kept on purpose although no simultaneous choice
#: depends on them (parameter -> why it is kept); ``validate`` then does not warn about them
INERT_KEY = "inert_terms"


@dataclass(frozen=True)
class JustifiedScenario(NormalFormScenario):
    """A normal-form scenario whose file justifies some inert payoff terms:
    ``inert_terms`` holds ``(parameter, reason)`` pairs."""

    inert_terms: tuple[tuple[str, str], ...] = ()


def _inert_terms(node, params: set[str]) -> tuple[tuple[str, str], ...]:
    terms = expect(node, Map, INERT_KEY)
    out = []
    for key, value in terms.items():
        if key.value not in params:
            raise key.fail(f"'{key.value}' in {INERT_KEY} is not a parameter of this scenario")
        reason = expect(value, Scalar, f"the reason for keeping '{key.value}'").text("reason")
        out.append((key.value, " ".join(reason.split())))
    return tuple(out)


def load(doc, meta: Meta) -> NormalFormScenario:
    """A validated normal-form scenario from a parsed YAML document (with its justified inert
    terms, when the file lists them under ``inert_terms``)."""
    if INERT_KEY not in doc:
        return load_normal_form(doc, meta)
    rest = Map(doc.loc, tuple((k, v) for k, v in doc.items() if k.value != INERT_KEY))
    base = load_normal_form(rest, meta)
    justified = _inert_terms(doc.get(INERT_KEY), {p.name for p in base.parameters})
    return JustifiedScenario(
        **{f.name: getattr(base, f.name) for f in fields(NormalFormScenario)},
        inert_terms=justified,
    )


def check(scenario: NormalFormScenario) -> None:
    """Build the game at the parameter defaults, so every formula is evaluated once."""
    build(scenario)


def from_game(game: Game, meta: Meta) -> NormalFormScenario:
    """A scenario whose payoff table holds ``game``'s payoffs (exact when the game is)."""
    loc = Location(meta.file)
    players = tuple(
        PlayerSpec(
            p,
            game.player_names[i],
            tuple(game.strategies[i]),
            tuple(game.strategy_names[i]),
            loc=loc,
        )
        for i, p in enumerate(game.players)
    )
    src = game.exact if game.exact is not None else game.payoffs
    rows = []
    for prof in itertools.product(*[range(k) for k in game.shape]):
        cells = []
        for i in range(game.n_players):
            v = src[prof + (i,)]
            text = exact_str(v) if game.exact is not None else repr(float(v))
            cells.append(compile_expr(f"({text})", loc, set(), {}))
        rows.append(tuple(cells))
    return NormalFormScenario(meta, (), players, None, tuple(rows))


def read_nfg_scenario(path: str | Path) -> NormalFormScenario:
    """A Gambit ``.nfg`` file as a normal-form scenario without parameters."""
    from ..formats.nfg import NFGError, parse_nfg
    from ..scenario.textfile import read_text

    p = Path(path)
    text = read_text(p)
    try:
        game = parse_nfg(text)
    except NFGError as exc:
        raise ScenarioError(
            f"not a valid Gambit .nfg file: {exc.detail}", Location(str(path), exc.line or 0)
        ) from None
    meta = Meta(file=str(p), kind="normal-form", title=game.title or p.name)
    return from_game(game, meta)


def write_nfg(scenario: NormalFormScenario, overrides: Mapping | None = None) -> str:
    """The scenario's game (with ``overrides``) as the text of a Gambit ``.nfg`` file."""
    from ..formats.nfg import format_nfg

    return format_nfg(build(scenario, overrides))
