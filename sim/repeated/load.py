"""Loading a ``repeated`` scenario: a normal-form stage game plus a ``repetition:`` block.

The stage game is written exactly as a ``normal-form`` scenario (``parameters``, ``players``,
``payoffs``) and parsed by the normal-form loader itself.  The ``repetition`` block says how it
is repeated and what to simulate::

    repetition:
      discount: delta            # δ: a parameter name (so --set / sweeps reach it) or a number
      horizon: infinite          # or a number of rounds
      noise: 0.05                # probability that a move is flipped by mistake (name or number)
      seed: 2018                 # random seed for the simulations (name or integer)
      rounds: 100                # rounds per simulated match (finite horizon: the horizon)
      replications: 20           # noisy replays averaged per match
      cooperate: {US: suspend, DPRK: freeze}   # what "cooperate" means for each player
      defect: {US: pressure, DPRK: test}       # and "defect" (defaults: the other strategy)
      punishment: nash           # grim trigger threat: stage equilibrium (nash) or minmax
      strategies: [tit_for_tat, grim, always_defect, cautious]   # entrants in the tournament
      generosity: 1/3            # forgiveness probability of generous_tit_for_tat
      machines:                  # your own strategies as small state machines
        cautious:
          start: wait
          states:
            wait:  {play: defect, next: {cooperate: trust, defect: wait}}
            trust: {play: cooperate, next: {cooperate: trust, defect: wait}}
      matches:                   # matches whose round-by-round play is reported
        - [tit_for_tat, grim]
      sweep: {parameter: drill_value, points: 41}   # the δ-threshold line (charts)

:func:`load` validates the whole file at once (every problem located) and returns a frozen
:class:`RepeatedScenario`; :mod:`.analysis` computes what it implies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..numbers import fmt_exact as fmt
from ..scenario.common import HEADER_KEYS, Meta, Parameter, parse_parameters
from ..scenario.errors import Location, Problems, ScenarioError, did_you_mean
from ..scenario.payoffs import NormalFormScenario, load_normal_form
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .machines import BUILTINS, OUTCOMES, Machine

__all__ = ["TOP_KEYS", "Ref", "RepeatedScenario", "Repetition", "check_range", "load"]

TOP_KEYS = ("parameters", "players", "payoffs", "repetition")

REPETITION_KEYS = (
    "discount",
    "horizon",
    "noise",
    "seed",
    "rounds",
    "replications",
    "cooperate",
    "defect",
    "punishment",
    "strategies",
    "generosity",
    "machines",
    "matches",
    "sweep",
)
MACHINE_KEYS = ("start", "states", "about")
STATE_KEYS = ("play", "next")
MAX_ROUNDS = 100_000


@dataclass(frozen=True)
class Ref:
    """A number given in the file, or the name of a parameter that holds it."""

    value: Any = None
    name: str | None = None
    loc: Location = Location()

    def resolve(self, values: Mapping[str, Any]):
        return values[self.name] if self.name is not None else self.value

    def describe(self, values: Mapping[str, Any]) -> str:
        v = fmt(self.resolve(values))
        return f"{v} (parameter '{self.name}')" if self.name else v


@dataclass(frozen=True)
class Repetition:
    discount: Ref | None
    horizon: int | None  # None: infinite
    noise: Ref
    seed: Ref
    rounds: int
    replications: int
    cooperate: tuple[int, ...] | None
    defect: tuple[int, ...] | None
    cooperate_given: bool
    punishment: str
    strategies: tuple[str, ...]
    generosity: Ref
    machines: tuple[Machine, ...]
    matches: tuple[tuple[str, ...], ...]
    sweep: tuple[str, int] | None
    loc: Location = Location()


@dataclass(frozen=True)
class RepeatedScenario:
    """A validated ``repeated`` scenario: the stage game (a normal-form scenario) and its
    repetition."""

    meta: Meta
    stage: NormalFormScenario
    repetition: Repetition

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def kind(self) -> str:
        return "repeated"

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self.stage.parameters


# -- loading -----------------------------------------------------------------------------------


def _ref(
    node,
    what: str,
    params: set[str],
    problems: Problems,
    lo=None,
    hi=None,
    hi_open=False,
    integer=False,
) -> Ref | None:
    try:
        sc = expect(node, Scalar, what)
        raw = sc.text(what).strip()
        if raw.isidentifier():
            if raw not in params:
                raise ScenarioError(
                    f"{what}: '{raw}' is not a parameter"
                    f"{did_you_mean(raw, sorted(params)) if params else ''}; "
                    "write a number or the name of a parameter",
                    sc.loc,
                )
            return Ref(None, raw, sc.loc)
        v = sc.number(what)
        check_range(v, what, sc.loc, lo, hi, hi_open, integer)
        return Ref(v, None, sc.loc)
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def check_range(v, what, loc, lo=None, hi=None, hi_open=False, integer=False):
    if integer and (not isinstance(v, Fraction) or v.denominator != 1):
        raise ScenarioError(f"{what} must be a whole number, not {fmt(v)}", loc)
    if lo is not None and v < lo:
        raise ScenarioError(f"{what} must be at least {fmt(lo)}, not {fmt(v)}", loc)
    if hi is not None and (v >= hi if hi_open else v > hi):
        bound = f"below {fmt(hi)}" if hi_open else f"at most {fmt(hi)}"
        raise ScenarioError(f"{what} must be {bound}, not {fmt(v)}", loc)


def _int(node, what: str, problems: Problems, lo: int, hi: int) -> int | None:
    try:
        v = expect(node, Scalar, what).number(what)
        check_range(v, what, node.loc, lo, hi, integer=True)
        return int(v)
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def _profile(
    node, what: str, stage: NormalFormScenario, problems: Problems
) -> tuple[int, ...] | None:
    """``{US: suspend, DPRK: freeze}`` or ``"suspend, freeze"`` → strategy indices."""
    players = stage.players
    try:
        if isinstance(node, Scalar):
            parts = [s.strip() for s in node.text(what).split(",")]
            if len(parts) != len(players):
                raise ScenarioError(
                    f"{what} names {len(parts)} strategies; write one per player "
                    f"in order ({', '.join(p.id for p in players)})",
                    node.loc,
                )
            pairs = list(zip(players, parts, [node.loc] * len(parts)))
        else:
            m = expect(node, Map, what)
            m.check_keys([p.id for p in players], where=f"in {what}")
            missing = [p.id for p in players if p.id not in m]
            if missing:
                raise ScenarioError(
                    f"{what} is missing {', '.join(missing)}; give one strategy for every player",
                    m.loc,
                )
            pairs = [
                (p, expect(m.get(p.id), Scalar, f"{what}.{p.id}").text(what), m.get(p.id).loc)
                for p in players
            ]
        out = []
        for p, s, loc in pairs:
            if s not in p.strategies:
                raise ScenarioError(
                    f"unknown strategy '{s}' for {p.id} in {what}{did_you_mean(s, p.strategies)}",
                    loc,
                )
            out.append(p.strategies.index(s))
        return tuple(out)
    except ScenarioError as exc:
        problems.extend(exc)
        return None


_MOVE_WORDS = {"cooperate": True, "c": True, "defect": False, "d": False}


def _parse_machine(name: str, node, problems: Problems) -> Machine | None:
    try:
        m = expect(node, Map, f"machine '{name}'")
        m.check_keys(MACHINE_KEYS, where=f"in machine '{name}'")
        states_node = expect(
            m.require("states", "its states, each with 'play' and 'next'"),
            Map,
            f"states of machine '{name}'",
        )
        names = states_node.keys()
        if not names:
            raise ScenarioError(f"machine '{name}' has no states", states_node.loc)
        start = names[0]
        if "start" in m:
            sc = expect(m.get("start"), Scalar, "start")
            start = sc.text("start")
            if start not in names:
                raise ScenarioError(
                    f"start state '{start}' of machine '{name}' is not one of its "
                    f"states{did_you_mean(start, names)}",
                    sc.loc,
                )
        local = Problems()
        coop: list[Fraction] = []
        nexts: list[tuple[int, int, int, int]] = []
        for skey, sval in states_node.items():
            sname = skey.value
            where = f"state '{sname}' of machine '{name}'"
            try:
                st = expect(sval, Map, where)
                st.check_keys(STATE_KEYS, where=f"in {where}")
                pnode = expect(
                    st.require("play", "cooperate, defect, or a probability of cooperating"),
                    Scalar,
                    "play",
                )
                word = pnode.text("play").strip().lower()
                if word in _MOVE_WORDS:
                    p = Fraction(int(_MOVE_WORDS[word]))
                else:
                    try:
                        p = pnode.number("play")
                    except ScenarioError:
                        raise ScenarioError(
                            f"play in {where} must be 'cooperate', 'defect' or a "
                            f"probability of cooperating, not {pnode.value!r}",
                            pnode.loc,
                        ) from None
                    check_range(p, f"play (probability of cooperating) in {where}", pnode.loc, 0, 1)
                coop.append(p)
                nexts.append(
                    _parse_next(
                        st.require("next", "where to go after each round"), where, names, sname
                    )
                )
            except ScenarioError as exc:
                local.extend(exc)
        if local:
            problems.items.extend(local.items)
            return None
        about = ""
        if "about" in m:
            about = expect(m.get("about"), Scalar, "about").value.strip()
        return Machine(
            name,
            tuple(names),
            tuple(coop),
            tuple(nexts),
            names.index(start),
            about or "user-written state machine",
        )
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def _parse_next(node, where: str, names: list[str], here: str) -> tuple[int, int, int, int]:
    def state_index(sc: Scalar) -> int:
        s = sc.text("next state")
        if s not in names:
            raise ScenarioError(
                f"next state '{s}' in {where} is not a state of this machine"
                f"{did_you_mean(s, names)}",
                sc.loc,
            )
        return names.index(s)

    if isinstance(node, Scalar):
        k = state_index(node)
        return (k, k, k, k)
    m = expect(node, Map, f"next in {where}")
    allowed = ("cooperate", "defect") + OUTCOMES
    m.check_keys(
        allowed,
        where=f"in next of {where} (keys: cooperate/defect for the other's "
        "move, or CC/CD/DC/DD for own and other's move)",
    )
    out: list[int | None] = [None, None, None, None]
    for key, val in m.items():
        k = state_index(expect(val, Scalar, f"next.{key.value}"))
        if key.value == "cooperate":
            for o in (0, 2):
                out[o] = k if out[o] is None or m.get(OUTCOMES[o]) is None else out[o]
        elif key.value == "defect":
            for o in (1, 3):
                out[o] = k if out[o] is None or m.get(OUTCOMES[o]) is None else out[o]
        else:
            out[OUTCOMES.index(key.value)] = k
    missing = [OUTCOMES[o] for o in range(4) if out[o] is None]
    if missing:
        raise ScenarioError(
            f"next in {where} does not say where to go after "
            + ", ".join(missing)
            + " (own move, other's move); add 'cooperate:' "
            "and 'defect:' keys or the missing outcomes",
            m.loc,
        )
    return tuple(out)  # type: ignore[return-value]


def _parse_repetition(
    node, stage: NormalFormScenario | None, params: set[str], problems: Problems
) -> Repetition | None:
    try:
        rep = expect(node, Map, "repetition")
    except ScenarioError as exc:
        problems.extend(exc)
        return None
    rep.check_keys(REPETITION_KEYS, problems, where="in repetition")
    discount = None
    if "discount" in rep:
        discount = _ref(
            rep.get("discount"), "repetition.discount", params, problems, 0, 1, hi_open=True
        )
    horizon = None
    if "horizon" in rep:
        hnode = rep.get("horizon")
        if isinstance(hnode, Scalar) and hnode.value.strip().lower() in ("infinite", "inf"):
            horizon = None
        else:
            try:
                horizon = _int(
                    hnode,
                    "repetition.horizon ('infinite' or a number of rounds)",
                    problems,
                    1,
                    MAX_ROUNDS,
                )
            except ScenarioError as exc:  # pragma: no cover - _int collects
                problems.extend(exc)
    noise = Ref(Fraction(0))
    if "noise" in rep:
        noise = _ref(rep.get("noise"), "repetition.noise", params, problems, 0, 1) or noise
    seed = Ref(Fraction(0))
    if "seed" in rep:
        seed = (
            _ref(rep.get("seed"), "repetition.seed", params, problems, 0, 2**63 - 1, integer=True)
            or seed
        )
    rounds = 100 if horizon is None else horizon
    if "rounds" in rep:
        r = _int(rep.get("rounds"), "repetition.rounds", problems, 1, MAX_ROUNDS)
        if r is not None:
            if horizon is not None and r != horizon:
                problems.add(
                    rep.get("rounds").loc,
                    f"rounds ({r}) differs from the finite horizon ({horizon}); a finite "
                    "game is simulated over its horizon, so drop 'rounds'",
                )
            rounds = r
    replications = 20
    if "replications" in rep:
        replications = (
            _int(rep.get("replications"), "repetition.replications", problems, 1, 10_000)
            or replications
        )
    generosity = Ref(Fraction(1, 3))
    if "generosity" in rep:
        generosity = (
            _ref(rep.get("generosity"), "repetition.generosity", params, problems, 0, 1)
            or generosity
        )
    punishment = "nash"
    if "punishment" in rep:
        sc = rep.get("punishment")
        try:
            punishment = expect(sc, Scalar, "punishment").text("punishment")
            if punishment not in ("nash", "minmax"):
                raise ScenarioError(
                    f"punishment must be 'nash' (revert to a stage equilibrium) "
                    f"or 'minmax' (hold the deviator to its minmax payoff), not "
                    f"{punishment!r}{did_you_mean(punishment, ['nash', 'minmax'])}",
                    sc.loc,
                )
        except ScenarioError as exc:
            problems.extend(exc)
    machines: list[Machine] = []
    if "machines" in rep:
        try:
            mnode = expect(rep.get("machines"), Map, "repetition.machines")
            for key, val in mnode.items():
                if key.value in BUILTINS:
                    problems.add(
                        key.loc,
                        f"machine name '{key.value}' is a built-in strategy; choose another name",
                    )
                    continue
                if not key.value.isidentifier():
                    problems.add(
                        key.loc,
                        f"machine name {key.value!r} must be one word "
                        "(letters, digits, underscores)",
                    )
                    continue
                mach = _parse_machine(key.value, val, problems)
                if mach is not None:
                    machines.append(mach)
        except ScenarioError as exc:
            problems.extend(exc)
    known = list(BUILTINS) + [m.name for m in machines]
    strategies = tuple(known)

    def names_list(node, what: str) -> tuple[str, ...]:
        seq = expect(node, Seq, what)
        out = []
        for item in seq:
            s = expect(item, Scalar, f"each entry of {what}").text(what)
            if s not in known:
                problems.add(item.loc, f"unknown strategy '{s}' in {what}{did_you_mean(s, known)}")
            out.append(s)
        return tuple(out)

    try:
        if "strategies" in rep:
            strategies = names_list(rep.get("strategies"), "repetition.strategies")
            if not strategies:
                problems.add(
                    rep.get("strategies").loc,
                    "repetition.strategies is empty; list at least one strategy",
                )
    except ScenarioError as exc:
        problems.extend(exc)
    matches: list[tuple[str, ...]] = []
    if "matches" in rep:
        try:
            seq = expect(rep.get("matches"), Seq, "repetition.matches")
            for item in seq:
                names = names_list(item, "each match")
                if stage is not None and len(names) != len(stage.players):
                    problems.add(
                        item.loc,
                        f"a match lists one strategy per player "
                        f"({', '.join(p.id for p in stage.players)}); got "
                        f"{len(names)}",
                    )
                matches.append(names)
        except ScenarioError as exc:
            problems.extend(exc)
    sweep = None
    if "sweep" in rep:
        try:
            sw = expect(rep.get("sweep"), Map, "repetition.sweep")
            sw.check_keys(("parameter", "points"), where="in repetition.sweep")
            pn = expect(sw.require("parameter", "the parameter to vary"), Scalar, "parameter")
            pname = pn.text("parameter")
            if pname not in params:
                raise ScenarioError(
                    f"sweep parameter '{pname}' is not a parameter"
                    f"{did_you_mean(pname, sorted(params))}",
                    pn.loc,
                )
            points = 41
            if "points" in sw:
                points = _int(sw.get("points"), "sweep.points", problems, 2, 10_000) or points
            sweep = (pname, points)
        except ScenarioError as exc:
            problems.extend(exc)

    cooperate = defect = None
    cooperate_given = "cooperate" in rep
    if stage is not None:
        two = all(len(p.strategies) == 2 for p in stage.players)
        if cooperate_given:
            cooperate = _profile(rep.get("cooperate"), "repetition.cooperate", stage, problems)
        elif two:
            cooperate = tuple(0 for _ in stage.players)
        if "defect" in rep:
            defect = _profile(rep.get("defect"), "repetition.defect", stage, problems)
        elif two and cooperate is not None:
            defect = tuple(1 - c for c in cooperate)
        elif cooperate is not None or cooperate_given:
            problems.add(
                rep.loc,
                "some player has more than two strategies, so say what "
                "'defect' means: add repetition.defect (one strategy per player)",
            )
        if not two and not cooperate_given:
            problems.add(
                rep.loc,
                "some player has more than two strategies, so say what "
                "'cooperate' means: add repetition.cooperate (one strategy per "
                "player)",
            )
        if cooperate is not None and defect is not None:
            for p, c, d in zip(stage.players, cooperate, defect):
                if c == d:
                    problems.add(
                        rep.loc,
                        f"{p.id} cooperates and defects with the same strategy "
                        f"'{p.strategies[c]}'; make them different",
                    )
    return Repetition(
        discount,
        horizon,
        noise,
        seed,
        rounds,
        replications,
        cooperate,
        defect,
        cooperate_given,
        punishment,
        strategies,
        generosity,
        tuple(machines),
        tuple(matches),
        sweep,
        rep.loc,
    )


def load(doc: Map, meta: Meta) -> RepeatedScenario:
    """The validated scenario, or a :class:`ScenarioError` listing every problem."""
    problems = Problems()
    doc.check_keys(HEADER_KEYS + TOP_KEYS, problems, where="at the top level")
    stage_doc = Map(doc.loc, tuple((k, v) for k, v in doc.entries if k.value != "repetition"))
    stage = None
    try:
        stage = load_normal_form(stage_doc, meta)
    except ScenarioError as exc:
        # the normal-form loader reports the stage game's problems (unknown keys are ours)
        problems.items.extend(
            p
            for p in exc.problems
            if "unknown key" not in p.message or "at the top level" not in p.message
        )
    params = (
        {p.name for p in stage.parameters}
        if stage is not None
        else {p.name for p in parse_parameters(doc.get("parameters"), Problems())}
    )
    rep = None
    try:
        rep = _parse_repetition(
            doc.require("repetition", "discount factor, horizon, noise and strategies to simulate"),
            stage,
            params,
            problems,
        )
    except ScenarioError as exc:
        problems.extend(exc)
    problems.raise_if_any()
    return RepeatedScenario(meta, stage, rep)
