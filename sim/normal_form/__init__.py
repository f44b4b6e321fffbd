"""The ``normal-form`` kind: players choose at the same time; payoffs by formula or table.

- :mod:`.load` — YAML through the shared payoff loader (:mod:`sim.scenario.payoffs`), Gambit
  ``.nfg`` files, the ``negsim validate`` check and the ``.nfg`` export;
- :mod:`.analysis` — :func:`analyse`: the game, its dominance steps and its equilibria
  (:class:`NormalFormResult`);
- :mod:`.report` — the text and JSON bodies and the outcome labels;
- :mod:`.explain` — the teaching sections; :mod:`.charts` — matrix, best response, dynamics,
  QRE and compare charts;
- :mod:`.tables` — payoff tables as data, for every output format;
- :mod:`.move_order` — the game played in turn (``--move-order``, ``move_order:``): its
  subgame-perfect equilibria by backward induction on the payoff table.
"""

from __future__ import annotations

from ..contract import METHOD, TIME_LIMIT, TOL, KindSpec, Option, register_kind
from ..scenario.payoffs import PAYOFF_KEYS, NormalFormScenario
from .analysis import NormalFormResult, analyse
from .batch import BatchSession
from .batch import sweep_batch as _sweep_batch
from .batch_ess import EssSession
from .charts import CHARTS, DEFAULT_CHART, HANDOUT_CHARTS
from .inert import inert_warnings
from .load import INERT_KEY, MOVE_ORDER_KEY, check, load, read_nfg_scenario, write_nfg
from .move_order import OrderedSession, parse_move_order
from .report import outcomes, to_dict, to_text
from .schema import SCHEMA

__all__ = [
    "SPEC",
    "NormalFormResult",
    "NormalFormScenario",
    "analyse",
    "outcomes",
    "to_dict",
    "to_text",
]


OBJECTIVE = Option(
    name="objective",
    metavar="OBJ",
    help="what --method correlated maximises: welfare (default), egalitarian or player:ID",
)


def _warnings(scenario) -> tuple[str, ...]:
    """The inert-term warnings; with a file's ``move_order`` they say the sequential reading may
    still depend on the term (a later mover's answer can turn another's payoff into a reason)."""
    out = inert_warnings(scenario)
    order = getattr(scenario, "move_order", ())
    if not order:
        return out
    tail = (
        f"; in the file's move_order reading ({' → '.join(order)}) later movers answer earlier "
        "ones, so there it can matter"
    )
    return tuple(w + tail for w in out)


MOVE_ORDER = Option(
    name="move_order",
    metavar="P1,P2,...",
    parse=parse_move_order,
    help="also play the game in turn, in this order, each player seeing the earlier moves: "
    "report its subgame-perfect outcomes next to the simultaneous equilibria (every player "
    "once, e.g. US,China,DPRK; 'none' ignores the file's move_order). Sweeps and robustness "
    "then count the subgame-perfect outcomes",
)


def _session(scenario, names, overrides=None, *, move_order=None, **options):
    """A sweep session: subgame-perfect paths when ``--move-order`` is given, evolutionarily
    stable strategies with ``--method ess``, else equilibria."""
    if move_order:
        return OrderedSession(scenario, names, overrides, move_order=move_order)
    if options.get("method") == "ess":
        return EssSession(scenario, names, overrides, **options)
    return BatchSession(scenario, names, overrides, **options)


def sweep_batch(scenario, points, *, move_order=None, **options):
    """The outcomes at many parameter points (see :func:`sim.normal_form.batch.sweep_batch`);
    with ``move_order`` the subgame-perfect paths of the game played in that order."""
    if not move_order:
        if options.get("method") == "ess":
            return _ess_batch(scenario, points, **options)
        return _sweep_batch(scenario, points, **options)
    points = list(points)
    names = list(points[0]) if points else []
    session = OrderedSession(scenario, names, {}, move_order=move_order)
    return session.evaluate([[p[n] for n in names] for p in points])


def _ess_batch(scenario, points, **options):
    points = list(points)
    names = list(points[0]) if points else []
    return EssSession(scenario, names, {}, **options).evaluate(
        [[p[n] for n in names] for p in points]
    )


sweep_batch.session = _session  # type: ignore[attr-defined]


def _explain(result, **options):
    from .explain import explain

    return explain(result, **options)


SPEC = register_kind(
    KindSpec(
        name="normal-form",
        summary="players choose simultaneously; payoffs by formula or table",
        keys=(*PAYOFF_KEYS, MOVE_ORDER_KEY, INERT_KEY),
        load=load,
        analyse=analyse,
        to_text=to_text,
        to_dict=to_dict,
        outcomes=outcomes,
        charts=CHARTS,
        default_chart=DEFAULT_CHART,
        explain=_explain,
        options=(METHOD, TIME_LIMIT, TOL, OBJECTIVE, MOVE_ORDER),
        check=check,
        warnings=_warnings,
        schema=SCHEMA,
        readers={".nfg": read_nfg_scenario},
        exports={"nfg": write_nfg},
        handout_charts=HANDOUT_CHARTS,
        sweep_batch=sweep_batch,
    )
)
