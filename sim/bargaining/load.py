"""Loading a ``bargaining`` scenario: who bargains, over what, and what each falls back on.

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

Every number may be a formula over parameters (``beijing + 1``); formulas are evaluated by
:mod:`.analysis`, which also checks the values (a positive pie, discount factors in [0, 1),
a probability and non-negative costs of war).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.common import HEADER_KEYS, Meta, Parameter, parse_parameters
from ..scenario.errors import Location, Problems, ScenarioError, did_you_mean
from ..scenario.expr import Expr, compile_expr
from ..scenario.payoffs import NormalFormScenario, load_normal_form
from ..scenario.yamlsrc import Map, Scalar, Seq, expect

__all__ = ["TOP_KEYS", "BargainingScenario", "load"]

TOP_KEYS = (
    "parameters",
    "parties",
    "players",
    "payoffs",
    "set",
    "disagreement",
    "outside_options",
    "rubinstein",
    "war",
)
PARTY_KEYS = ("name", "about")


@dataclass(frozen=True)
class BargainingScenario:
    meta: Meta
    parameters: tuple[Parameter, ...]
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


def _per_party(
    node,
    what: str,
    parties: tuple[str, ...],
    params: set[str],
    problems: Problems,
    default: str | None = None,
) -> tuple[Expr, ...] | None:
    """A number for everyone, a list in party order, or a mapping party → number."""
    try:
        if isinstance(node, Scalar):
            e = _expr(node, what, params, problems)
            return None if e is None else tuple(e for _ in parties)
        if isinstance(node, Seq):
            if len(node) != len(parties):
                raise ScenarioError(
                    f"{what} lists {len(node)} values; give one per party in "
                    f"order ({', '.join(parties)})",
                    node.loc,
                )
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


def load(doc: Map, meta: Meta) -> BargainingScenario:
    """The validated scenario, or a :class:`ScenarioError` listing every problem."""
    problems = Problems()
    doc.check_keys(HEADER_KEYS + TOP_KEYS, problems, where="at the top level")
    game = None
    params_t: tuple = ()
    if "players" in doc or "payoffs" in doc:
        keep = (*HEADER_KEYS, "parameters", "players", "payoffs")
        gdoc = Map(doc.loc, tuple((k, v) for k, v in doc.entries if k.value in keep))
        try:
            game = load_normal_form(gdoc, meta)
            params_t = game.parameters
        except ScenarioError as exc:
            problems.extend(exc)
            params_t = parse_parameters(doc.get("parameters"), Problems())
        if "parties" in doc:
            problems.add(
                doc.key_node("parties").loc,
                "give either 'parties' or a game ('players' and 'payoffs'), not both",
            )
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
        problems.add(
            doc.loc,
            "missing 'parties' (who bargains), or a game ('players' and "
            "'payoffs') whose outcomes can be shared",
        )
    set_kind, pie, packages = "pie", None, ()
    try:
        s = expect(doc.require("set", "what is divided: pie, packages, or game"), Map, "set")
        s.check_keys(("pie", "packages", "game"), problems, where="in set")
        given = [k for k in ("pie", "packages", "game") if k in s]
        if len(given) != 1:
            raise ScenarioError(
                "set needs exactly one of 'pie', 'packages' or 'game'"
                + (f" (got {', '.join(given)})" if given else ""),
                s.loc,
            )
        set_kind = given[0]
        if set_kind == "pie":
            pie = _expr(s.get("pie"), "set.pie", params, problems)
        elif set_kind == "packages":
            pk = expect(s.get("packages"), Map, "set.packages")
            out = []
            for key, val in pk.items():
                vals = (
                    _per_party(val, f"package '{key.value}'", parties, params, problems)
                    if isinstance(val, Seq | Map)
                    else None
                )
                if not isinstance(val, Seq | Map):
                    problems.add(
                        val.loc,
                        f"package '{key.value}' needs one payoff per party, "
                        f"as a list in order ({', '.join(parties)}) or a mapping",
                    )
                if vals is not None:
                    out.append((key.value, vals))
            if not pk.entries:
                problems.add(pk.loc, "set.packages is empty; list at least one package")
            packages = tuple(out)
        else:
            gnode = expect(s.get("game"), Scalar, "set.game")
            if gnode.value != "outcomes":
                raise ScenarioError(
                    "write 'game: outcomes' (the convex hull of the game's outcomes)", gnode.loc
                )
            if game is None and "players" not in doc:
                raise ScenarioError(
                    "set.game needs a game: add 'players' and 'payoffs' (as in a "
                    "normal-form scenario)",
                    gnode.loc,
                )
        if set_kind != "pie" and len(parties) > 2:
            problems.add(
                s.loc,
                "packages and game outcomes are bargained over by two parties "
                "here; use a pie for more",
            )
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
                    x not in p.strategies for x, p in zip(parts, game.players)
                ):
                    problems.add(
                        lab.loc,
                        f"'{lab.value}' is not a profile of the game (one "
                        "strategy per player, in order, separated by commas)",
                    )
                else:
                    eq_profile = tuple(p.strategies.index(x) for x, p in zip(parts, game.players))
        else:
            dis = _per_party(node, "disagreement", parties, params, problems)
        if mode == "equilibrium" and game is None and "players" not in doc:
            problems.add(
                node.loc, "disagreement 'equilibrium' needs a game ('players' and 'payoffs')"
            )
    outside = None
    if "outside_options" in doc:
        outside = _per_party(
            doc.get("outside_options"), "outside_options", parties, params, problems, default="0"
        )
    if mode == "outside_options" and outside is None and "outside_options" not in doc:
        problems.add(
            doc.get("disagreement").loc,
            "disagreement 'outside_options' needs an 'outside_options' block",
        )
    discount, proposer = None, 0
    if "rubinstein" in doc:
        try:
            r = expect(doc.get("rubinstein"), Map, "rubinstein")
            r.check_keys(("discount", "proposer"), problems, where="in rubinstein")
            discount = _per_party(
                r.require("discount", "each party's discount factor per round"),
                "rubinstein.discount",
                parties,
                params,
                problems,
            )
            if "proposer" in r:
                pn = expect(r.get("proposer"), Scalar, "proposer")
                if pn.value not in parties:
                    problems.add(
                        pn.loc,
                        f"proposer '{pn.value}' is not a party{did_you_mean(pn.value, parties)}",
                    )
                else:
                    proposer = parties.index(pn.value)
            if len(parties) != 2:
                problems.add(r.loc, "Rubinstein bargaining is between two parties")
            if set_kind != "pie":
                problems.add(
                    r.loc, "Rubinstein bargaining is computed over a pie (set: {pie: ...})"
                )
        except ScenarioError as exc:
            problems.extend(exc)
    war_p, war_costs = None, None
    if "war" in doc:
        try:
            w = expect(doc.get("war"), Map, "war")
            w.check_keys(("p", "costs"), problems, where="in war")
            first = parties[0] if parties else "the first party"
            war_p = _expr(
                w.require("p", f"the probability that {first} wins"), "war.p", params, problems
            )
            war_costs = _per_party(
                w.require("costs", "each side's cost of fighting"),
                "war.costs",
                parties,
                params,
                problems,
            )
            if len(parties) != 2:
                problems.add(w.loc, "Fearon's bargaining range is for two parties")
        except ScenarioError as exc:
            problems.extend(exc)
    problems.raise_if_any()
    return BargainingScenario(
        meta,
        params_t,
        parties,
        names,
        game,
        set_kind,
        pie,
        packages,
        mode,
        dis,
        eq_profile,
        outside,
        discount,
        proposer,
        war_p,
        war_costs,
        doc.loc,
    )
