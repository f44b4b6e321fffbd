"""The ``bargaining`` scenario kind: who gets what, and how outside options move the deal.

::

    kind: bargaining
    parameters: {beijing: {value: 3, about: "..."}}
    parties:                       # two or more; or give a game (players/payoffs) instead
      US: {name: United States}
      DPRK: {name: North Korea}
    set:                           # exactly one of:
      pie: 10                      #   a pie of this size, shares as utilities
      # packages: {deal_a: [6, 2], deal_b: [3, 5]}   #   packages (payoff per party, in order)
      # game: outcomes             #   the convex hull of the game's outcomes
    disagreement: {US: 0, DPRK: 0} # a number, a list, a mapping, 'equilibrium' (of the game),
                                   # {equilibrium: "pressure, test"}, or 'outside_options'
    outside_options: {DPRK: beijing}
    rubinstein: {discount: {US: 0.9, DPRK: 0.9}, proposer: US}
    war: {p: 0.6, costs: {US: 1, DPRK: 2}}   # Fearon: p = chance the first party wins

Every number may be a formula over parameters (``beijing + 1``).  :func:`analyse` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..game import Game
from ..repeated.geometry import to_number
from ..repeated.report import title_lines, wrap_line
from ..repeated.thresholds import fmt
from ..report.json import exact_str, number
from ..scenario.common import HEADER_KEYS, Meta, apply_overrides, parse_parameters
from ..scenario.errors import Location, Problems, ScenarioError, did_you_mean
from ..scenario.expr import Expr, compile_expr
from ..scenario.normal_form import NormalFormScenario, build, load_normal_form
from ..scenario.yamlsrc import Map, Scalar, Seq, expect
from .solutions import (
    BargainingSet,
    FearonRange,
    RubinsteinOutcome,
    Solution,
    fearon_range,
    kalai_smorodinsky,
    nash_bargaining,
    nash_split_pie,
    pie_set,
    polygon_set,
    rubinstein,
)

__all__ = ["BargainingResult", "BargainingScenario", "OptionCurve", "TOP_KEYS", "analyse",
           "load_bargaining", "outside_option_curve", "to_json", "to_text"]

TOP_KEYS = ("parameters", "parties", "players", "payoffs", "set", "disagreement",
            "outside_options", "rubinstein", "war")
PARTY_KEYS = ("name", "about")


@dataclass(frozen=True)
class BargainingScenario:
    meta: Meta
    parameters: tuple
    parties: tuple[str, ...]
    party_names: tuple[str, ...]
    game: NormalFormScenario | None
    set_kind: str  # "pie", "packages", "game"
    pie: Expr | None
    packages: tuple[tuple[str, tuple[Expr, ...]], ...]
    disagreement_mode: str  # "values", "equilibrium", "outside_options"
    disagreement: tuple[Expr, ...] | None
    equilibrium_profile: tuple[int, ...] | None
    outside: tuple[Expr, ...] | None
    discount: tuple[Expr, ...] | None
    proposer: int
    war_p: Expr | None
    war_costs: tuple[Expr, ...] | None
    loc: Location = Location()

    @property
    def kind(self) -> str:
        return "bargaining"

    @property
    def title(self) -> str:
        return self.meta.title


def _expr(node, what: str, params: set[str], problems: Problems) -> Expr | None:
    try:
        sc = expect(node, Scalar, what)
        text = sc.text(what)
        loc = sc.loc.shifted(1) if sc.quoted else sc.loc
        return compile_expr(text, loc, params, {})
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def _per_party(node, what: str, parties: tuple[str, ...], params: set[str], problems: Problems,
               default: str | None = None) -> tuple[Expr, ...] | None:
    """A number for everyone, a list in party order, or a mapping party → number."""
    try:
        if isinstance(node, Scalar):
            e = _expr(node, what, params, problems)
            return None if e is None else tuple(e for _ in parties)
        if isinstance(node, Seq):
            if len(node) != len(parties):
                raise ScenarioError(f"{what} lists {len(node)} values; give one per party in "
                                    f"order ({', '.join(parties)})", node.loc)
            out = [_expr(item, what, params, problems) for item in node]
            return None if any(e is None for e in out) else tuple(out)
        m = expect(node, Map, what)
        m.check_keys(list(parties), problems, where=f"in {what}")
        out = []
        for p in parties:
            if p in m:
                out.append(_expr(m.get(p), f"{what}.{p}", params, problems))
            elif default is not None:
                out.append(compile_expr(default, m.loc, params, {}))
            else:
                problems.add(m.loc, f"{what} has no value for {p}; give one per party")
                out.append(None)
        return None if any(e is None for e in out) else tuple(out)
    except ScenarioError as exc:
        problems.extend(exc)
        return None


def load_bargaining(doc: Map, meta: Meta) -> BargainingScenario:
    problems = Problems()
    doc.check_keys(HEADER_KEYS + TOP_KEYS, problems, where="at the top level")
    game = None
    params_t: tuple = ()
    if "players" in doc or "payoffs" in doc:
        keep = ("format", "kind", "title", "summary", "sources", "claims", "assumptions", "notes",
                "parameters", "players", "payoffs")
        gdoc = Map(doc.loc, tuple((k, v) for k, v in doc.entries if k.value in keep))
        try:
            game = load_normal_form(gdoc, meta)
            params_t = game.parameters
        except ScenarioError as exc:
            problems.extend(exc)
            params_t = parse_parameters(doc.get("parameters"), Problems())
        if "parties" in doc:
            problems.add(doc.key_node("parties").loc, "give either 'parties' or a game "
                                                      "('players' and 'payoffs'), not both")
    else:
        params_t = parse_parameters(doc.get("parameters"), problems)
    params = {p.name for p in params_t}
    parties: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    if game is not None:
        parties = tuple(p.id for p in game.players)
        names = tuple(p.name for p in game.players)
    elif "parties" in doc:
        node = doc.get("parties")
        try:
            if isinstance(node, Seq):
                parties = tuple(expect(i, Scalar, "each party").text("party") for i in node)
                names = parties
            else:
                m = expect(node, Map, "parties")
                ids, labels = [], []
                for key, val in m.items():
                    ids.append(key.value)
                    label = key.value
                    if isinstance(val, Map):
                        val.check_keys(PARTY_KEYS, problems, where=f"in party '{key.value}'")
                        if "name" in val:
                            label = expect(val.get("name"), Scalar, "name").text("name")
                    elif not (isinstance(val, Scalar) and val.is_null):
                        label = expect(val, Scalar, f"party '{key.value}'").value
                    labels.append(label)
                parties, names = tuple(ids), tuple(labels)
            if len(parties) < 2:
                raise ScenarioError("bargaining needs at least two parties", node.loc)
            if len(set(parties)) != len(parties):
                raise ScenarioError("a party is listed twice", node.loc)
        except ScenarioError as exc:
            problems.extend(exc)
    elif "players" not in doc:
        problems.add(doc.loc, "missing 'parties' (who bargains), or a game ('players' and "
                              "'payoffs') whose outcomes can be shared")
    set_kind, pie, packages = "pie", None, ()
    try:
        s = expect(doc.require("set", "what is divided: pie, packages, or game"), Map, "set")
        s.check_keys(("pie", "packages", "game"), problems, where="in set")
        given = [k for k in ("pie", "packages", "game") if k in s]
        if len(given) != 1:
            raise ScenarioError("set needs exactly one of 'pie', 'packages' or 'game'"
                                + (f" (got {', '.join(given)})" if given else ""), s.loc)
        set_kind = given[0]
        if set_kind == "pie":
            pie = _expr(s.get("pie"), "set.pie", params, problems)
        elif set_kind == "packages":
            pk = expect(s.get("packages"), Map, "set.packages")
            out = []
            for key, val in pk.items():
                vals = _per_party(val, f"package '{key.value}'", parties, params, problems) \
                    if isinstance(val, Seq | Map) else None
                if not isinstance(val, Seq | Map):
                    problems.add(val.loc, f"package '{key.value}' needs one payoff per party, "
                                          f"as a list in order ({', '.join(parties)}) or a mapping")
                if vals is not None:
                    out.append((key.value, vals))
            if not pk.entries:
                problems.add(pk.loc, "set.packages is empty; list at least one package")
            packages = tuple(out)
        else:
            gnode = expect(s.get("game"), Scalar, "set.game")
            if gnode.value != "outcomes":
                raise ScenarioError("write 'game: outcomes' (the convex hull of the game's "
                                    "outcomes)", gnode.loc)
            if game is None and "players" not in doc:
                raise ScenarioError("set.game needs a game: add 'players' and 'payoffs' (as in a "
                                    "normal-form scenario)", gnode.loc)
        if set_kind != "pie" and len(parties) > 2:
            problems.add(s.loc, "packages and game outcomes are bargained over by two parties "
                                "here; use a pie for more")
    except ScenarioError as exc:
        problems.extend(exc)
    mode, dis, eq_profile = "values", None, None
    if "disagreement" in doc:
        node = doc.get("disagreement")
        if isinstance(node, Scalar) and node.value in ("equilibrium", "outside_options"):
            mode = node.value
        elif isinstance(node, Map) and "equilibrium" in node:
            mode = "equilibrium"
            node.check_keys(("equilibrium",), problems, where="in disagreement")
            lab = expect(node.get("equilibrium"), Scalar, "equilibrium")
            if game is not None:
                parts = [x.strip() for x in lab.value.split(",")]
                if len(parts) != len(game.players) or any(
                        x not in p.strategies for x, p in zip(parts, game.players)):
                    problems.add(lab.loc, f"'{lab.value}' is not a profile of the game (one "
                                          "strategy per player, in order, separated by commas)")
                else:
                    eq_profile = tuple(p.strategies.index(x) for x, p in zip(parts, game.players))
        else:
            dis = _per_party(node, "disagreement", parties, params, problems)
        if mode == "equilibrium" and game is None and "players" not in doc:
            problems.add(node.loc, "disagreement 'equilibrium' needs a game ('players' and "
                                   "'payoffs')")
    outside = None
    if "outside_options" in doc:
        outside = _per_party(doc.get("outside_options"), "outside_options", parties, params,
                             problems, default="0")
    if mode == "outside_options" and outside is None and "outside_options" not in doc:
        problems.add(doc.get("disagreement").loc, "disagreement 'outside_options' needs an "
                                                  "'outside_options' block")
    discount, proposer = None, 0
    if "rubinstein" in doc:
        try:
            r = expect(doc.get("rubinstein"), Map, "rubinstein")
            r.check_keys(("discount", "proposer"), problems, where="in rubinstein")
            discount = _per_party(r.require("discount", "each party's discount factor per round"),
                                  "rubinstein.discount", parties, params, problems)
            if "proposer" in r:
                pn = expect(r.get("proposer"), Scalar, "proposer")
                if pn.value not in parties:
                    problems.add(pn.loc, f"proposer '{pn.value}' is not a party"
                                         f"{did_you_mean(pn.value, parties)}")
                else:
                    proposer = parties.index(pn.value)
            if len(parties) != 2:
                problems.add(r.loc, "Rubinstein bargaining is between two parties")
            if set_kind != "pie":
                problems.add(r.loc, "Rubinstein bargaining is computed over a pie (set: {pie: ...})")
        except ScenarioError as exc:
            problems.extend(exc)
    war_p, war_costs = None, None
    if "war" in doc:
        try:
            w = expect(doc.get("war"), Map, "war")
            w.check_keys(("p", "costs"), problems, where="in war")
            war_p = _expr(w.require("p", f"the probability that {parties[0] if parties else 'the first party'} wins"),
                          "war.p", params, problems)
            war_costs = _per_party(w.require("costs", "each side's cost of fighting"),
                                   "war.costs", parties, params, problems)
            if len(parties) != 2:
                problems.add(w.loc, "Fearon's bargaining range is for two parties")
        except ScenarioError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return BargainingScenario(meta, params_t, parties, names, game, set_kind, pie, packages, mode,
                              dis, eq_profile, outside, discount, proposer, war_p, war_costs,
                              doc.loc)


# -- analysis ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BargainingResult:
    scenario: BargainingScenario
    values: dict
    parties: tuple[str, ...]
    set: BargainingSet | None
    pie: Any
    disagreement: tuple
    disagreement_source: str
    outside: tuple | None
    nash: Solution | None
    ks: Solution | None
    nash_outside: Solution | None  # with the outside options as the disagreement point
    ks_outside: Solution | None
    best_package: tuple | None  # (label, payoffs) maximising the Nash product among packages
    rubinstein: RubinsteinOutcome | None
    rubinstein_plain: RubinsteinOutcome | None  # the same without outside options
    fearon: FearonRange | None
    game: Game | None
    notes: tuple[str, ...] = ()


def _val(e: Expr, values) -> Any:
    return to_number(e.evaluate(dict(values), True))


def analyse(scn: BargainingScenario, overrides: Mapping | None = None,
            options: Mapping | None = None) -> BargainingResult:
    """Solve a bargaining scenario at its parameter values (with ``overrides``); pure."""
    options = dict(options or {})
    values = apply_overrides(scn.parameters, overrides)
    n = len(scn.parties)
    game = build(scn.game, overrides) if scn.game is not None else None
    notes: list[str] = []
    # the set
    pie = None
    bset = None
    if scn.set_kind == "pie":
        pie = _val(scn.pie, values)
        if pie <= 0:
            raise ScenarioError(f"the pie must be positive, not {fmt(pie)}", scn.pie.loc)
        if n == 2:
            bset = pie_set(pie)
    elif scn.set_kind == "packages":
        pts = [tuple(_val(e, values) for e in vals) for _, vals in scn.packages]
        bset = polygon_set(pts, f"{len(pts)} packages (and lotteries over them)")
    else:
        flat = game.exact if game.exact is not None else game.payoffs
        pts = {tuple(to_number(x) for x in row) for row in flat.reshape(-1, game.n_players)}
        bset = polygon_set(sorted(pts), "the convex hull of the game's outcomes")
    # outside options and disagreement
    outside = None if scn.outside is None else tuple(_val(e, values) for e in scn.outside)
    if scn.disagreement_mode == "equilibrium":
        from ..solvers import solve

        res = solve(game, options.get("method", "auto"))
        eqs = res.equilibria
        if scn.equilibrium_profile is not None:
            chosen = [e for e in eqs if e.pure_profile() == scn.equilibrium_profile]
            if not chosen:
                raise ScenarioError(f"({game.profile_label(scn.equilibrium_profile)}) is not an "
                                    "equilibrium of the game; pick one of: " + "; ".join(
                                        _eq_text(game, e) for e in eqs), scn.loc)
            eq = chosen[0]
        elif len(eqs) == 1:
            eq = eqs[0]
        elif not eqs:
            raise ScenarioError("the game has no equilibrium the solver could certify, so it "
                                "cannot give the disagreement point", scn.loc)
        else:
            raise ScenarioError("the game has several equilibria (" + "; ".join(
                _eq_text(game, e) for e in eqs) + "); name one: disagreement: {equilibrium: "
                "\"<profile>\"}", scn.loc)
        d = tuple(to_number(x) for x in eq.payoffs)
        source = f"the game's equilibrium {_eq_text(game, eq)}"
    elif scn.disagreement_mode == "outside_options":
        d = outside
        source = "the outside options"
    elif scn.disagreement is not None:
        d = tuple(_val(e, values) for e in scn.disagreement)
        source = "given in the scenario"
    else:
        d = tuple(to_number(0) for _ in range(n))
        source = "zero for every party (the default)"
    nash = ks = nash_o = ks_o = None
    best_pkg = None
    if n == 2:
        nash = nash_bargaining(bset, d)
        ks = kalai_smorodinsky(bset, d)
        if outside is not None and scn.disagreement_mode != "outside_options":
            d_o = tuple(max(a, b) for a, b in zip(d, outside))
            nash_o = nash_bargaining(bset, d_o)
            ks_o = kalai_smorodinsky(bset, d_o)
        if scn.set_kind == "packages":
            best_val = None
            for (label, _), pt in zip(scn.packages, [tuple(_val(e, values) for e in v)
                                                     for _, v in scn.packages]):
                if all(x >= di for x, di in zip(pt, d)):
                    val = (pt[0] - d[0]) * (pt[1] - d[1])
                    if best_val is None or val > best_val:
                        best_val, best_pkg = val, (label, pt)
    else:
        nash = nash_split_pie(pie, d)
        if outside is not None and scn.disagreement_mode != "outside_options":
            nash_o = nash_split_pie(pie, tuple(max(a, b) for a, b in zip(d, outside)))
        notes.append("with more than two parties over a pie, Kalai–Smorodinsky equals the Nash "
                     "split (the set is symmetric in gains)")
    rub = rub_plain = None
    if scn.discount is not None:
        ds = [_val(e, values) for e in scn.discount]
        for k, x in enumerate(ds):
            if not 0 <= x < 1:
                raise ScenarioError(f"discount factor of {scn.parties[k]} must be in [0, 1), "
                                    f"not {fmt(x)}", scn.discount[k].loc)
        order = (scn.proposer, 1 - scn.proposer)
        o = outside if outside is not None else (0, 0)
        names = (scn.parties[order[0]], scn.parties[order[1]])
        rub = rubinstein(ds[order[0]], ds[order[1]], pie, (o[order[0]], o[order[1]]), names)
        if outside is not None and any(o):
            rub_plain = rubinstein(ds[order[0]], ds[order[1]], pie, names=names)
    fear = None
    if scn.war_p is not None:
        p = _val(scn.war_p, values)
        if not 0 <= p <= 1:
            raise ScenarioError(f"war.p is a probability; got {fmt(p)}", scn.war_p.loc)
        ca, cb = (_val(e, values) for e in scn.war_costs)
        fear = fearon_range(p, ca, cb, pie if pie is not None else 1, scn.parties)
        if pie is None:
            notes.append("Fearon's range is computed for a pie of size 1 (the set is not a pie)")
    return BargainingResult(scn, dict(values), scn.parties, bset, pie, d, source, outside, nash,
                            ks, nash_o, ks_o, best_pkg, rub, rub_plain, fear, game, tuple(notes))


@dataclass(frozen=True)
class OptionCurve:
    """Each party's share as one parameter varies: Nash with the outside options as the
    disagreement point, and Rubinstein (outside options taken only when they beat waiting)."""

    parameter: str
    values: tuple
    parties: tuple[str, ...]
    nash: tuple  # per value: tuple of payoffs (or None)
    rubinstein: tuple  # per value: tuple of shares (or None)
    pie: Any


def outside_option_curve(scn: BargainingScenario, parameter: str, values=None,
                         overrides: Mapping | None = None) -> OptionCurve:
    """How the deal moves as ``parameter`` (typically an outside option) varies; exact values.

    ``values`` default to the parameter's declared range in 41 steps.
    """
    by_name = {p.name: p for p in scn.parameters}
    if parameter not in by_name:
        raise ScenarioError(f"unknown parameter '{parameter}'"
                            f"{did_you_mean(parameter, list(by_name))}", Location("--vary"))
    if values is None:
        from fractions import Fraction

        p = by_name[parameter]
        lo = Fraction(p.min) if p.min is not None else Fraction(0)
        hi = Fraction(p.max) if p.max is not None else max(2 * Fraction(p.value), lo + 1)
        values = [lo + (hi - lo) * k / 40 for k in range(41)]
    nash, rub = [], []
    pie = None
    for v in values:
        ov = dict(overrides or {})
        ov[parameter] = v
        res = analyse(scn, overrides=ov)
        pie = res.pie
        sol = res.nash_outside if res.nash_outside is not None else res.nash
        nash.append(None if sol is None or sol.point is None else tuple(sol.point))
        r = res.rubinstein
        rub.append(tuple(_rub_shares(res, r).values()) if r is not None and r.agreement
                   else None)
    return OptionCurve(parameter, tuple(values), scn.parties, tuple(nash), tuple(rub), pie)


def _eq_text(game: Game, eq) -> str:
    pure = eq.pure_profile()
    if pure is not None:
        return f"({game.profile_label(pure)}) with payoffs ({', '.join(fmt(x) for x in eq.payoffs)})"
    return f"a mixed equilibrium with payoffs ({', '.join(fmt(x) for x in eq.payoffs)})"


# -- rendering ---------------------------------------------------------------------------------

def _pt(p) -> str:
    return "(" + ", ".join(fmt(x) for x in p) + ")"


def _rub_shares(res: BargainingResult, r: RubinsteinOutcome) -> dict[str, Any]:
    prop = res.scenario.proposer
    first = r.first
    shares = [None, None]
    shares[prop], shares[1 - prop] = first[0], first[1]
    return dict(zip(res.parties, shares))


def to_text(res: BargainingResult) -> str:
    scn = res.scenario
    P = res.parties
    out: list[str] = title_lines(scn.meta, "bargaining")
    out.append("Parties: " + ", ".join(f"{p} ({nm})" if nm != p else p
                                       for p, nm in zip(P, scn.party_names)) + ".")
    if res.values:
        out.append("Parameters: " + ", ".join(f"{k} = {fmt(v)}" for k, v in res.values.items()))
    what = (f"a pie of size {fmt(res.pie)}" if res.pie is not None else res.set.description)
    out.append(f"Bargaining over {what}.")
    if res.set is not None and scn.set_kind != "pie":
        out.append("  Vertices of the set: " + ", ".join(_pt(v) for v in res.set.polygon))
        out.append("  Pareto frontier: " + " → ".join(_pt(v) for v in res.set.frontier))
    out.append(f"Disagreement point d = {_pt(res.disagreement)} ({res.disagreement_source}).")
    if res.outside is not None:
        out.append(f"Outside options: {_pt(res.outside)}.")
    out.append("")
    sec = 1
    for sol in (res.nash, res.ks):
        if sol is None:
            continue
        out.append(f"{sec}. {sol.name}" + (f": {_pt(sol.point)}" if sol.point else ""))
        out += [f"   {line}" for line in sol.derivation]
        out.append("")
        sec += 1
    if res.best_package is not None:
        label, pt = res.best_package
        out.append(f"   Among the packages themselves (no lotteries), '{label}' {_pt(pt)} has the "
                   "largest Nash product.")
        out.append("")
    if res.nash_outside is not None:
        d_o = tuple(max(a, b) for a, b in zip(res.disagreement, res.outside))
        out.append(f"{sec}. Outside options as the disagreement point: d' = {_pt(d_o)}")
        for sol in (res.nash_outside, res.ks_outside):
            if sol is None:
                continue
            out.append(f"   {sol.name}: " + (_pt(sol.point) if sol.point else "none"))
        if res.nash is not None and res.nash.point and res.nash_outside.point:
            gain = [b - a for a, b in zip(res.nash.point, res.nash_outside.point)]
            out.append("   Change in the Nash solution: " + ", ".join(
                f"{p} {'+' if g >= 0 else ''}{fmt(g)}" for p, g in zip(P, gain))
                       + " — a better fallback raises a party's share of the deal.")
        out.append("")
        sec += 1
    if res.rubinstein is not None:
        r = res.rubinstein
        prop = P[scn.proposer]
        out.append(f"{sec}. Rubinstein alternating offers ({prop} proposes first; "
                   f"δ = {', '.join(f'{p} {fmt(x)}' for p, x in zip((P[scn.proposer], P[1 - scn.proposer]), r.delta))})")
        out += [f"   {line}" for line in r.derivation]
        if r.agreement:
            shares = _rub_shares(res, r)
            out.append("   Agreement at once: " + ", ".join(f"{p} {fmt(x)}" for p, x in shares.items())
                       + ".")
            if res.rubinstein_plain is not None:
                plain = _rub_shares(res, res.rubinstein_plain)
                out.append("   Without outside options: " + ", ".join(
                    f"{p} {fmt(x)}" for p, x in plain.items()) + ".")
        out.append("   As both discount factors approach 1 the split approaches the Nash "
                   "solution (Binmore, Rubinstein & Wolinsky 1986).")
        out.append("")
        sec += 1
    if res.fearon is not None:
        f = res.fearon
        out.append(f"{sec}. Fearon's bargaining range ({P[0]} wins a war with probability "
                   f"{fmt(f.p)}; costs {P[0]} {fmt(f.cost_a)}, {P[1]} {fmt(f.cost_b)})")
        out += [f"   {line}" for line in f.derivation]
        out.append("")
    for n in res.notes:
        out.append(f"Note: {n}.")
    if scn.meta.sources:
        out.append("Sources: " + "; ".join(scn.meta.sources))
    return "\n".join(wrap_line(line) for line in out).rstrip() + "\n"


def _num_pair(p, names) -> dict[str, Any] | None:
    if p is None:
        return None
    return {k: number(x) for k, x in zip(names, p)}


def _exact_pair(p, names) -> dict[str, str] | None:
    if p is None or not all(isinstance(to_number(x), type(to_number(0))) for x in p):
        return None
    return {k: exact_str(x) for k, x in zip(names, p)}


def _solution_json(sol: Solution | None, names) -> dict[str, Any] | None:
    if sol is None:
        return None
    out = {"point": _num_pair(sol.point, names), "derivation": list(sol.derivation)}
    ex = _exact_pair(sol.point, names)
    if ex:
        out["point_exact"] = ex
    if sol.ideal is not None:
        out["ideal"] = _num_pair(sol.ideal, names)
    return out


def to_json(res: BargainingResult) -> dict[str, Any]:
    scn = res.scenario
    P = res.parties
    out: dict[str, Any] = {
        "scenario": scn.meta.title,
        "file": scn.meta.file,
        "kind": "bargaining",
        "sources": list(scn.meta.sources),
        "claims": list(scn.meta.claims),
        "parameters": {k: number(v) for k, v in res.values.items()},
        "parties": list(P),
        "set": scn.set_kind,
        "pie": None if res.pie is None else number(res.pie),
        "set_vertices": None if res.set is None else [[number(x) for x in v]
                                                      for v in res.set.polygon],
        "frontier": None if res.set is None else [[number(x) for x in v]
                                                  for v in res.set.frontier],
        "disagreement": _num_pair(res.disagreement, P),
        "disagreement_source": res.disagreement_source,
        "outside_options": _num_pair(res.outside, P),
        "nash": _solution_json(res.nash, P),
        "kalai_smorodinsky": _solution_json(res.ks, P),
        "nash_with_outside_options": _solution_json(res.nash_outside, P),
        "kalai_smorodinsky_with_outside_options": _solution_json(res.ks_outside, P),
        "best_package": None if res.best_package is None else {
            "package": res.best_package[0], "payoffs": _num_pair(res.best_package[1], P)},
        "notes": list(res.notes),
        "negsim_version": __version__,
    }
    if res.rubinstein is not None:
        r = res.rubinstein
        shares = _rub_shares(res, r) if r.agreement else None
        out["rubinstein"] = {
            "proposer": P[scn.proposer], "agreement": r.agreement,
            "shares": None if shares is None else {k: number(v) for k, v in shares.items()},
            "shares_exact": None if shares is None else {k: exact_str(v) for k, v in shares.items()
                                                         if isinstance(v, type(to_number(0)))},
            "outside_options_binding": [P[scn.proposer] if i == 0 else P[1 - scn.proposer]
                                        for i in r.binding],
            "without_outside_options": None if res.rubinstein_plain is None else {
                k: number(v) for k, v in _rub_shares(res, res.rubinstein_plain).items()},
            "derivation": list(r.derivation),
        }
    if res.fearon is not None:
        f = res.fearon
        out["fearon"] = {"p": number(f.p), "costs": _num_pair((f.cost_a, f.cost_b), P),
                         "range": [number(f.low), number(f.high)],
                         "range_exact": [exact_str(f.low), exact_str(f.high)]
                         if isinstance(f.low, type(to_number(0))) else None,
                         "nash_share": number(f.nash_point), "derivation": list(f.derivation)}
    return out

