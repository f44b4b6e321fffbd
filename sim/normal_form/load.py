"""Reading normal-form scenarios: YAML (the shared payoff loader), Gambit ``.nfg`` files, checks.

A ``.nfg`` file becomes the same :class:`~sim.scenario.payoffs.NormalFormScenario` a YAML file
gives (a payoff table of constants, no parameters), so ``negsim run`` and ``negsim solve`` treat
both alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path

from ..game import Game
from ..scenario.common import Meta
from ..scenario.errors import Location, Problems, ScenarioError
from ..scenario.expr import constant_expr
from ..scenario.payoffs import NormalFormScenario, PlayerSpec, build, load_normal_form
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .move_order import resolve_order

__all__ = [
    "INERT_KEY",
    "MOVE_ORDER_KEY",
    "NormalFormFile",
    "check",
    "from_game",
    "load",
    "read_nfg_scenario",
    "write_nfg",
]

#: the normal-form kind's top-level keys besides the shared payoff keys: the players in the
#: order they move (the sequential reading), and payoff terms kept on purpose although no
#: simultaneous choice depends on them (parameter -> why; ``validate`` then does not warn)
MOVE_ORDER_KEY = "move_order"
INERT_KEY = "inert_terms"


@dataclass(frozen=True)
class NormalFormFile(NormalFormScenario):
    """A normal-form scenario with what only this kind's files say: ``move_order`` (player ids
    in the order they move, each seeing the earlier moves; empty for simultaneous play) and
    ``inert_terms`` (``(parameter, reason)`` pairs)."""

    move_order: tuple[str, ...] = ()
    move_order_loc: Location = Location()
    inert_terms: tuple[tuple[str, str], ...] = ()


def _move_order(node) -> tuple[str, ...]:
    if isinstance(node, Seq):
        names = []
        for item in node:
            if not isinstance(item, Scalar) or item.is_null:
                raise ScenarioError("move_order: each entry must be a player id", item.loc)
            names.append(item.value.strip())
        return tuple(names)
    if isinstance(node, Scalar) and not node.is_null:
        return tuple(p.strip() for p in node.value.split(","))
    raise ScenarioError(
        "move_order must list the player ids in the order they move, e.g. [US, China, DPRK]",
        node.loc,
    )


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
    """A validated normal-form scenario from a parsed YAML document, with its ``move_order:``
    (checked against the players) and ``inert_terms:`` when the file gives them."""
    own = (MOVE_ORDER_KEY, INERT_KEY)
    if not isinstance(doc, Map) or not any(k in doc for k in own):
        return load_normal_form(doc, meta)
    rest = Map(doc.loc, tuple((k, v) for k, v in doc.entries if k.value not in own))
    problems = Problems()
    names: tuple[str, ...] = ()
    node = doc.get(MOVE_ORDER_KEY) if MOVE_ORDER_KEY in doc else None
    if node is not None:
        try:
            names = _move_order(node)
        except ScenarioError as exc:
            problems.extend(exc)
    try:
        base = load_normal_form(rest, meta)
    except ScenarioError as exc:
        problems.extend(exc)
        problems.raise_if_any()
        raise
    justified: tuple[tuple[str, str], ...] = ()
    if INERT_KEY in doc:
        try:
            justified = _inert_terms(doc.get(INERT_KEY), {p.name for p in base.parameters})
        except ScenarioError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    if node is not None:
        resolve_order(names, [p.id for p in base.players], node.loc)
    values = {f.name: getattr(base, f.name) for f in fields(NormalFormScenario)}
    return NormalFormFile(
        **values,
        move_order=names,
        move_order_loc=node.loc if node is not None else Location(),
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
    exact = game.exact is not None
    src = game.exact if exact else game.payoffs
    rows = []
    for prof in itertools.product(*[range(k) for k in game.shape]):
        cells = []
        for i in range(game.n_players):
            v = src[prof + (i,)]
            cells.append(constant_expr(Fraction(v) if exact else float(v), loc))
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
