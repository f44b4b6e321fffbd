"""Players, strategies and payoffs → :class:`Game`: the payoff loader every strategic kind shares.

The normal-form kind is this and nothing more; the repeated and bargaining kinds use it for their
stage games.  Payoffs are given either as one formula per player (over parameters and strategy
indicators such as ``DPRK.freeze``) or as an explicit ``table`` with one entry per profile.  Both
are evaluated over the whole profile grid at once: exactly (Fractions) for :func:`build`, in floats
over a parameter grid for :func:`payoff_grid` (sweeps).
"""

from __future__ import annotations

import itertools
import keyword
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..game import Game, as_fraction_array
from .common import HEADER_KEYS, Meta, Parameter, apply_overrides, parse_parameters
from .errors import Location, Problems, ScenarioError, did_you_mean
from .expr import Expr, compile_expr
from .yamlsrc import Map, Scalar, Seq, expect

__all__ = [
    "PAYOFF_KEYS",
    "NormalFormScenario",
    "PlayerSpec",
    "build",
    "load_normal_form",
    "payoff_grid",
    "payoff_points",
]

PLAYER_KEYS = ("name", "about", "strategies")
PAYOFF_FORMS = ("table",)
#: the top-level keys of a normal-form scenario besides the header
PAYOFF_KEYS = ("parameters", "players", "payoffs")


@dataclass(frozen=True)
class PlayerSpec:
    id: str
    name: str
    strategies: tuple[str, ...]
    strategy_names: tuple[str, ...]
    about: str = ""
    loc: Location = Location()


@dataclass(frozen=True)
class NormalFormScenario:
    """A validated normal-form scenario (immutable).  Build its game with :func:`build`."""

    meta: Meta
    parameters: tuple[Parameter, ...]
    players: tuple[PlayerSpec, ...]
    formulas: tuple[Expr, ...] | None  # one per player, or None for a table
    table: tuple[tuple[Expr, ...], ...] | None  # one row per profile (C order), one cell per player

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> str:
        return "normal-form"

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategies) for p in self.players)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)


# -- loading -----------------------------------------------------------------------------------


def _parse_players(node, problems: Problems) -> tuple[PlayerSpec, ...]:
    players: list[PlayerSpec] = []
    m = expect(node, Map, "players")
    if not m.entries:
        raise ScenarioError(
            "'players' is empty; list at least one player with its strategies", m.loc
        )
    for key, val in m.items():
        pid = key.value
        try:
            if not pid or "," in pid:
                raise ScenarioError(
                    f"player id {pid!r} must be a short name without commas", key.loc
                )
            spec = expect(val, Map, f"player '{pid}'")
            spec.check_keys(PLAYER_KEYS, where=f"in player '{pid}'")
            name = pid
            if "name" in spec:
                name = expect(spec.get("name"), Scalar, "name").text("name")
            about = ""
            if "about" in spec:
                about = expect(spec.get("about"), Scalar, "about").value.strip()
            snode = spec.require("strategies", f"the choices of {pid}")
            ids: list[str] = []
            labels: list[str] = []
            id_locs: list[Location] = []
            if isinstance(snode, Map):
                for skey, sval in snode.items():
                    ids.append(skey.value)
                    id_locs.append(skey.loc)
                    label = skey.value
                    if isinstance(sval, Scalar) and not sval.is_null:
                        label = sval.value
                    elif not isinstance(sval, Scalar):
                        raise ScenarioError(
                            f"strategy '{skey.value}' of {pid}: write its description as text",
                            sval.loc,
                        )
                    labels.append(label)
            elif isinstance(snode, Seq):
                for item in snode:
                    s = expect(item, Scalar, f"each strategy of {pid}").text("strategy")
                    ids.append(s)
                    labels.append(s)
                    id_locs.append(item.loc)
            else:
                raise ScenarioError(
                    f"strategies of {pid} must be a mapping (id: description) or a list of ids",
                    snode.loc,
                )
            if not ids:
                raise ScenarioError(
                    f"player '{pid}' has no strategies; give at least one", snode.loc
                )
            for sid, sloc in zip(ids, id_locs):
                if not sid or "," in sid:
                    raise ScenarioError(
                        f"strategy id {sid!r} of {pid} must be a short name without commas", sloc
                    )
            seen: set[str] = set()
            for sid, sloc in zip(ids, id_locs):
                if sid in seen:
                    raise ScenarioError(f"strategy '{sid}' of {pid} is listed twice", sloc)
                seen.add(sid)
            players.append(PlayerSpec(pid, name, tuple(ids), tuple(labels), about, key.loc))
        except ScenarioError as exc:
            problems.extend(exc)
    return tuple(players)


def _check_formula_ids(
    players: tuple[PlayerSpec, ...], problems: Problems, parameters: tuple[Parameter, ...]
) -> None:
    """Formulas refer to ``Player.strategy``: those ids must be usable as words in a formula."""
    pnames = {p.name for p in parameters}
    for p in players:
        if not p.id.isidentifier() or keyword.iskeyword(p.id):
            problems.add(
                p.loc,
                f"player id '{p.id}' cannot be used in payoff formulas; use "
                "letters, digits and underscores, not a reserved word",
            )
        if p.id in pnames:
            problems.add(p.loc, f"'{p.id}' is both a player and a parameter; rename one")
        for s in p.strategies:
            if not s.isidentifier() or keyword.iskeyword(s):
                problems.add(
                    p.loc,
                    f"strategy id '{s}' of {p.id} cannot be used in payoff "
                    "formulas (letters, digits and underscores; not a reserved "
                    f"word such as 'if' or 'pass'); rename it, e.g. '{_fix(s)}'",
                )


def _fix(s: str) -> str:
    out = "".join(c if c.isalnum() or c == "_" else "_" for c in s) or "s"
    if out[0].isdigit():
        out = "s_" + out
    if keyword.iskeyword(out):
        out += "_"
    return out


def _cell_expr(node, loc_what: str, params, strategies) -> Expr:
    sc = expect(node, Scalar, loc_what)
    text = sc.text(loc_what)
    loc = sc.loc.shifted(1) if sc.quoted else sc.loc
    return compile_expr(text, loc, params, strategies)


def _parse_formulas(node: Map, players, params, problems: Problems) -> tuple[Expr, ...] | None:
    strategies = {p.id: p.strategies for p in players}
    exprs: dict[str, Expr] = {}
    ids = [p.id for p in players]
    for key, val in node.items():
        if key.value not in strategies:
            problems.add(
                key.loc, f"payoffs for unknown player '{key.value}'{did_you_mean(key.value, ids)}"
            )
            continue
        try:
            exprs[key.value] = _cell_expr(val, f"payoff of {key.value}", params, strategies)
        except ScenarioError as exc:
            problems.extend(exc)
    missing = [p for p in ids if p not in exprs and node.key_node(p) is None]
    if missing:
        problems.add(
            node.loc,
            "no payoff formula for "
            + ", ".join(missing)
            + "; give one formula per player (or a 'table')",
        )
    if problems:
        return None
    return tuple(exprs[p] for p in ids)


def _parse_table(node, players, params, problems: Problems) -> tuple[tuple[Expr, ...], ...] | None:
    strategies = {p.id: p.strategies for p in players}
    table = expect(node, Map, "payoffs.table")
    n = len(players)
    cells: dict[tuple[int, ...], tuple[Expr, ...]] = {}
    first_line: dict[tuple[int, ...], int] = {}
    for key, val in table.items():
        parts = [s.strip() for s in key.value.split(",")]
        if len(parts) != n:
            problems.add(
                key.loc,
                f"profile '{key.value}' names {len(parts)} strategies; write one "
                f"per player in order ({', '.join(p.id for p in players)}), "
                "separated by commas",
            )
            continue
        idx = []
        bad = False
        for p, s in zip(players, parts):
            if s not in p.strategies:
                problems.add(
                    key.loc, f"unknown strategy '{s}' for {p.id}{did_you_mean(s, p.strategies)}"
                )
                bad = True
            else:
                idx.append(p.strategies.index(s))
        if bad:
            continue
        prof = tuple(idx)
        if prof in cells or prof in first_line:
            problems.add(
                key.loc,
                f"profile '{key.value}' is given twice (first at line "
                f"{first_line[prof]}); keep one",
            )
            continue
        first_line[prof] = key.loc.line
        if not isinstance(val, Seq) or len(val) != n:
            got = f"{len(val)} values" if isinstance(val, Seq) else "a single value"
            problems.add(
                val.loc,
                f"profile '{key.value}' needs a list of {n} payoffs "
                f"[{', '.join(p.id for p in players)}], got {got}",
            )
            continue
        row = []
        for i, item in enumerate(val):
            try:
                row.append(_cell_expr(item, f"payoff of {players[i].id}", params, strategies))
            except ScenarioError as exc:
                problems.extend(exc)
        if len(row) == n:
            cells[prof] = tuple(row)
    shape = tuple(len(p.strategies) for p in players)
    all_profiles = list(itertools.product(*[range(k) for k in shape]))
    missing = [pr for pr in all_profiles if pr not in first_line]
    if missing:
        names = [
            "'" + ", ".join(players[i].strategies[s] for i, s in enumerate(pr)) + "'"
            for pr in missing
        ]
        problems.add(
            table.loc,
            f"{len(missing)} profile(s) missing from the table: "
            + "; ".join(names)
            + f" (the table needs all {len(all_profiles)})",
        )
    if problems:
        return None
    return tuple(cells[pr] for pr in all_profiles)


#: payoffs (strategy profiles times players) a normal-form game may have
MAX_PAYOFF_CELLS = 1_000_000


def _check_size(players: tuple[PlayerSpec, ...], doc: Map) -> None:
    """Refuse, before any payoff is computed, a game whose payoff table would be too large."""
    profiles = math.prod(len(p.strategies) for p in players)
    cells = profiles * len(players)
    if cells > MAX_PAYOFF_CELLS:
        counts = " x ".join(str(len(p.strategies)) for p in players)
        node = doc.get("players")
        raise ScenarioError(
            f"{len(players)} players with {counts} strategies make {profiles:,} strategy "
            f"profiles, {cells:,} payoffs; a game may have at most {MAX_PAYOFF_CELLS:,}",
            node.loc if node is not None else Location(),
        )


def load_normal_form(doc: Map, meta: Meta) -> NormalFormScenario:
    """A validated :class:`NormalFormScenario` from a parsed document (every problem at once)."""
    problems = Problems()
    doc.check_keys(HEADER_KEYS + PAYOFF_KEYS, problems, where="at the top level")
    params = parse_parameters(doc.get("parameters"), problems)
    players: tuple[PlayerSpec, ...] = ()
    try:
        players = _parse_players(doc.require("players", "who plays and their strategies"), problems)
    except ScenarioError as exc:
        problems.extend(exc)
    try:
        pay = expect(doc.require("payoffs", "one formula per player, or a table"), Map, "payoffs")
    except ScenarioError as exc:
        problems.extend(exc)
        problems.raise_if_any()
        raise
    if not players:
        problems.raise_if_any()
    _check_size(players, doc)
    param_names = {p.name for p in params}
    formulas = table = None
    if "table" in pay:
        pay.check_keys(PAYOFF_FORMS, problems, where="in payoffs (a table is given)")
        table = _parse_table(pay.get("table"), players, param_names, problems)
    else:
        _check_formula_ids(players, problems, params)
        if not problems:
            formulas = _parse_formulas(pay, players, param_names, problems)
    problems.raise_if_any()
    return NormalFormScenario(meta, params, players, formulas, table)


# -- building ----------------------------------------------------------------------------------


def _indicators(scn: NormalFormScenario, lead: int, exact: bool) -> dict:
    """``(player, strategy) -> 0/1 array`` broadcastable to ``(*grid, n_1, ..., n_N)``."""
    shape = scn.shape
    n = len(shape)
    env = {}
    for i, p in enumerate(scn.players):
        for k, s in enumerate(p.strategies):
            v = np.zeros(shape[i], dtype=np.int64)
            v[k] = 1
            if exact:
                v = v.astype(object)
            env[(p.id, s)] = v.reshape(
                (1,) * lead + tuple(shape[i] if j == i else 1 for j in range(n))
            )
    return env


def _evaluate(
    scn: NormalFormScenario,
    values: Mapping,
    lead: int,
    exact: bool,
    grid_shape: tuple[int, ...] = (),
) -> np.ndarray:
    env = dict(_indicators(scn, lead, exact))
    env.update(values)
    shape = grid_shape + scn.shape
    n = len(scn.players)
    dtype = object if exact else float
    out = np.empty(shape + (n,), dtype=dtype)
    if scn.formulas is not None:
        for i, e in enumerate(scn.formulas):
            out[..., i] = np.broadcast_to(np.asarray(e.evaluate(env, exact), dtype=dtype), shape)
    else:
        profiles = list(itertools.product(*[range(k) for k in scn.shape]))
        for prof, row in zip(profiles, scn.table):
            for i, e in enumerate(row):
                v = np.asarray(e.evaluate(env, exact), dtype=dtype)
                if v.ndim == len(grid_shape) + len(scn.shape):  # parameters carry profile axes
                    v = v.reshape(v.shape[: len(grid_shape)])
                out[(Ellipsis,) + prof + (i,)] = np.broadcast_to(v, grid_shape)
    return out


def build(scn: NormalFormScenario, overrides: Mapping | None = None) -> Game:
    """The :class:`Game` of a scenario at its parameter defaults, with ``overrides`` applied.

    Payoffs are computed exactly (Fractions) so solvers can certify with zero regret.
    """
    values = apply_overrides(scn.parameters, overrides)
    tensor = _evaluate(scn, values, lead=0, exact=True)
    # a formula with a fractional power (``2**0.5``) gives a float: an approximation of an
    # irrational number, never to be read back as an exact fraction
    approximate = any(isinstance(v, float | np.floating) for v in tensor.flat)
    exact = None if approximate else as_fraction_array(tensor)
    try:
        floats = np.asarray(tensor, dtype=float)
    except (OverflowError, TypeError, ValueError):
        raise ScenarioError(
            "payoffs could not be computed as finite numbers", Location(scn.meta.file)
        ) from None
    if not np.all(np.isfinite(floats)):
        raise ScenarioError(
            "some payoffs are not finite numbers (check divisions and powers)",
            Location(scn.meta.file),
        )
    return Game(
        players=tuple(p.id for p in scn.players),
        strategies=tuple(p.strategies for p in scn.players),
        payoffs=floats,
        exact=exact,
        player_names=tuple(p.name for p in scn.players),
        strategy_names=tuple(p.strategy_names for p in scn.players),
        title=scn.meta.title,
        meta={"file": scn.meta.file, "parameters": {k: v for k, v in values.items()}},
        approximate=approximate,
    )


def payoff_points(
    scn: NormalFormScenario, names: Sequence[str], points, overrides: Mapping | None = None
) -> np.ndarray:
    """Float payoff tensors at ``K`` arbitrary parameter points (not a grid).

    ``points`` holds ``K`` rows of values for the parameters ``names`` (the others at their
    values after ``overrides``).  Returns an array of shape ``(K, n_1, ..., n_N, N)``.  The
    points are taken as given: range checks belong to whoever chose them (``payoff_grid``).
    """
    values = apply_overrides(scn.parameters, overrides)
    env: dict = {k: float(v) for k, v in values.items()}
    if isinstance(points, np.ndarray) and points.dtype.kind == "f":
        pts = points
    else:
        pts = np.asarray([[float(v) for v in row] for row in points], dtype=float)
    K = len(pts)
    pts = pts.reshape(K, len(names))
    for a, name in enumerate(names):
        env[name] = pts[:, a].reshape((K,) + (1,) * len(scn.shape))
    return _evaluate(scn, env, lead=1, exact=False, grid_shape=(K,))


def payoff_grid(
    scn: NormalFormScenario, grid: Mapping[str, np.ndarray], overrides: Mapping | None = None
) -> np.ndarray:
    """Float payoff tensors over a parameter grid, all at once.

    ``grid`` maps parameter names to 1-D arrays of values (the axes, in mapping order).  Returns an
    array of shape ``(len(v_1), ..., len(v_G), n_1, ..., n_N, N)``.  Values outside a parameter's
    declared range are an error.
    """
    values = apply_overrides(scn.parameters, overrides)
    names = list(grid)
    by_name = {p.name: p for p in scn.parameters}
    G = len(names)
    grid_shape = tuple(len(np.atleast_1d(grid[k])) for k in names)
    env: dict = {k: float(v) for k, v in values.items()}
    for a, name in enumerate(names):
        if name not in by_name:
            raise ScenarioError(
                f"unknown parameter '{name}'{did_you_mean(name, list(by_name))}", Location("--vary")
            )
        arr = np.asarray(grid[name], dtype=float).reshape(-1)
        p = by_name[name]
        if p.min is not None and arr.size and arr.min() < float(p.min):
            p.check(Fraction(str(arr.min())), Location("--vary", 0, 0, name))
        if p.max is not None and arr.size and arr.max() > float(p.max):
            p.check(Fraction(str(arr.max())), Location("--vary", 0, 0, name))
        env[name] = arr.reshape(
            tuple(-1 if j == a else 1 for j in range(G)) + (1,) * len(scn.shape)
        )
    out = _evaluate(scn, env, lead=G, exact=False, grid_shape=grid_shape)
    if not np.all(np.isfinite(out)):
        raise ScenarioError(
            "some payoffs are not finite on this grid (check divisions)", Location(scn.meta.file)
        )
    return out
