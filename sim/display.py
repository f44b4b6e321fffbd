"""How negsim's objects show themselves in a notebook: ``_repr_html_`` and short ``repr``s.

Jupyter calls ``_repr_html_`` to display an object; a plain ``repr`` is what a terminal or a
log shows.  The kinds' scenario and result classes get both from the contract, without each
kind writing them: :func:`sim.contract.analyse` (results) and the scenario loaders (scenarios)
call :func:`adopt_result` and :func:`adopt_scenario` on the classes they return, which fills in
what a class does not define itself.  What is shown comes from the kind contract only: the
header and parameters of a scenario; a result's parameters, outcomes (``outcomes``), default
chart (``draw``) and report (``to_text``).  :class:`sim.game.Game`, :class:`sim.results.
SolveResult` and :class:`sim.results.Equilibrium` call :func:`game_html`, :func:`solve_html`
and the ``*_repr`` functions here.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from html import escape
from typing import Any

from .numbers import fmt, fmt_decimal

__all__ = [
    "MAX_OUTCOMES",
    "adopt_result",
    "adopt_scenario",
    "equilibrium_repr",
    "game_html",
    "result_html",
    "result_repr",
    "scenario_html",
    "scenario_repr",
    "solve_html",
    "solve_repr",
]

#: outcomes listed in a result's display; a large conflict has hundreds
MAX_OUTCOMES = 12
_STYLE = (
    "<style>.negsim table{border-collapse:collapse;margin:.3em 0}"
    ".negsim th,.negsim td{border:1px solid #bbb;padding:.2em .5em;text-align:left}"
    ".negsim th{background:#eef1f5}"
    ".negsim pre{white-space:pre-wrap;font-size:.85em}</style>"
)


def _box(parts: Sequence[str]) -> str:
    return _STYLE + '<div class="negsim">' + "\n".join(parts) + "</div>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        body.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _file(meta: Any) -> str:
    return str(meta.file).replace("\\", "/").rsplit("/", 1)[-1]


def _short(items: Sequence[str], n: int = 3, width: int = 80) -> str:
    shown = "; ".join(x if len(x) <= width else x[: width - 1] + "…" for x in items[:n])
    return shown + (f"; … ({len(items)} in all)" if len(items) > n else "")


# -- scenarios and results of every kind -------------------------------------------------------


def scenario_repr(scenario: Any) -> str:
    meta = scenario.meta
    n = len(scenario.parameters)
    return f"<{meta.kind} scenario {meta.title!r} ({_file(meta)}), {n} parameter(s)>"


def scenario_html(scenario: Any) -> str:
    from . import contract

    meta = scenario.meta
    spec = contract.get_kind(scenario)
    parts = [
        f"<h3>{escape(meta.title)}</h3>",
        f"<p><em>{escape(spec.summary)}</em> ({escape(_file(meta))})</p>",
    ]
    if meta.summary:
        parts.append(f"<p>{escape(' '.join(meta.summary.split()))}</p>")
    if scenario.parameters:
        rows = [
            (
                p.name,
                fmt(p.value),
                f"{fmt(p.min) if p.min is not None else '…'} to "
                f"{fmt(p.max) if p.max is not None else '…'}",
                p.about,
            )
            for p in scenario.parameters
        ]
        parts.append(_table(("parameter", "value", "range", "about"), rows))
    return _box(parts)


def _changed(result: Any) -> list[str]:
    declared = {p.name: p.value for p in getattr(result.scenario, "parameters", ())}
    return [
        f"{name}={fmt(value)}"
        for name, value in result.parameters.items()
        if name in declared and value != declared[name]
    ]


def result_repr(result: Any) -> str:
    from . import contract

    changed = _changed(result)
    where = f" ({', '.join(changed)})" if changed else ""
    labels = list(contract.outcomes(result))
    return (
        f"<{type(result).__name__} of {result.meta.title!r}{where}: "
        f"{_short(labels) or 'no outcome'}>"
    )


def _chart_png(result: Any) -> bytes | None:
    from . import contract
    from .scenario.errors import ScenarioError

    if not contract.get_kind(result).default_chart:
        return None
    try:
        fig = contract.draw(result)
    except ScenarioError:
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    return buf.getvalue()


def result_html(result: Any, *, chart: bool = True) -> str:
    from . import contract

    labels = list(contract.outcomes(result))
    changed = _changed(result)
    parts = [f"<h3>{escape(result.meta.title)}</h3>"]
    if changed:
        parts.append(f"<p>Parameters changed: {escape(', '.join(changed))}</p>")
    items = "".join(f"<li><code>{escape(x)}</code></li>" for x in labels[:MAX_OUTCOMES])
    if len(labels) > MAX_OUTCOMES:
        items += f"<li>… and {len(labels) - MAX_OUTCOMES} more (see the report)</li>"
    parts.append(f"<p><strong>Outcomes ({len(labels)})</strong></p><ul>{items}</ul>")
    png = _chart_png(result) if chart else None
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<img alt="chart" src="data:image/png;base64,{data}">')
    parts.append(
        f"<details><summary>Report</summary><pre>{escape(contract.to_text(result))}</pre></details>"
    )
    return _box(parts)


def _generated_repr(cls: type) -> bool:
    """True when ``cls.__repr__`` is the long one ``@dataclass`` wrote (code compiled from a
    string, under ``reprlib``'s recursion guard) or ``object``'s."""
    fn = cls.__dict__.get("__repr__")
    if fn is None:
        return True
    inner = getattr(fn, "__wrapped__", fn)
    code = getattr(inner, "__code__", None)
    return code is not None and code.co_filename == "<string>"


def _adopt(cls: type, html: Any, short: Any) -> None:
    methods: dict[str, Any] = {}
    if "_repr_html_" not in cls.__dict__:
        methods["_repr_html_"] = lambda self, **options: html(self, **options)
    if _generated_repr(cls):
        methods["__repr__"] = lambda self: short(self)
    for name, fn in methods.items():
        setattr(cls, name, fn)


def adopt_scenario(cls: type) -> None:
    """Give a kind's scenario class a notebook display and a short repr (unless it has its own)."""
    _adopt(cls, scenario_html, scenario_repr)


def adopt_result(cls: type) -> None:
    """Give a kind's result class a notebook display and a short repr (unless it has its own)."""
    _adopt(cls, result_html, result_repr)


# -- the normal-form core: Game, SolveResult, Equilibrium --------------------------------------


def _cell(game: Any, profile: tuple[int, ...]) -> str:
    values = game.exact[profile] if game.exact is not None else game.payoffs[profile]
    return ", ".join(fmt(v) for v in values)


def game_html(game: Any) -> str:
    """A 2-player game as its payoff table (row player first in each cell); any other as one row
    per profile."""
    import itertools

    names = list(game.player_names or game.players)
    parts = [f"<h3>{escape(game.title or 'Game')}</h3>"]
    if game.n_players == 2:
        rows_s, cols_s = game.strategies
        header = (f"{names[0]} \\ {names[1]}", *cols_s)
        rows = [
            (r, *(_cell(game, (i, j)) for j in range(len(cols_s)))) for i, r in enumerate(rows_s)
        ]
        parts.append(_table(header, rows))
    else:
        rows = [
            (*(game.strategies[p][s] for p, s in enumerate(prof)), _cell(game, prof))
            for prof in itertools.product(*(range(n) for n in game.shape))
        ]
        parts.append(_table((*names, "payoffs"), rows))
    return _box(parts)


def _mix(probs: Sequence[Any]) -> str:
    return "(" + ", ".join(fmt_decimal(p) for p in probs) + ")"


def equilibrium_repr(eq: Any) -> str:
    pure = eq.pure_profile()
    what = f"pure {pure}" if pure is not None else "mixed " + " | ".join(map(_mix, eq.strategies))
    return f"Equilibrium({what}; payoffs {_mix(eq.payoffs)})"


def solve_repr(res: Any) -> str:
    whole = ", the whole set" if res.complete_set else ""
    return (
        f"SolveResult(method={res.method!r}, status={res.status!r}, "
        f"{len(res.equilibria)} equilibria{whole})"
    )


def solve_html(res: Any) -> str:
    n = len(res.equilibria[0].strategies) if res.equilibria else 0
    header = ("#", *(f"player {i + 1}" for i in range(n)), "payoffs")
    rows = [
        (str(k), *(_mix(s) for s in eq.strategies), _mix(eq.payoffs))
        for k, eq in enumerate(res.equilibria, 1)
    ]
    parts = [f"<p><strong>{escape(solve_repr(res))}</strong></p>"]
    if res.message:
        parts.append(f"<p>{escape(res.message)}</p>")
    if rows:
        parts.append(_table(header, rows))
    return _box(parts)
