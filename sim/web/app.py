"""The seminar page's application: a static page and a JSON API over :mod:`sim.contract`.

Endpoints (those about a scenario take ``scenario=NAME``, any number of ``set=NAME=VALUE`` (the
``--set`` overrides of the command line), ``opt=NAME=VALUE`` (a kind's setting with a fixed list
of choices, such as a conflict's ``convention``) and ``copt=NAME=VALUE`` (a chart's, such as the
conflict chart's ``concept``)):

- ``GET /`` the page (``static/index.html``; its script and style are served from ``/static``);
- ``GET /api/scenarios`` every bundled scenario: name, kind, title, summary, its parameters
  (value, min, max, slider step, ``about``), its settings and its charts;
- ``POST /api/upload?filename=NAME`` a scenario file as the request body (at most
  :data:`~sim.web.store.MAX_UPLOAD_BYTES`): validated, kept in this server's memory, and
  listed like a bundled one;
- ``GET /api/analyse`` the outcomes (``sim.contract.outcomes``), the text report (``to_text``),
  the JSON report (``to_dict``), and what applies of: the payoff tables with best responses,
  the numbered equilibria, a conflict's stability by concept, a tree's backward induction;
- ``GET /api/explain`` the explanation (``sim.explain``) as HTML sections;
- ``GET /api/robust`` how often each outcome holds when the parameters are drawn
  (:mod:`sim.web.robustness`);
- ``GET /api/chart.svg``, ``GET /api/chart.png`` a chart (``chart=NAME``; default: the kind's);
- ``GET /api/handout.html`` the HTML handout of ``negsim export`` as a download, with the
  page's settings (``opt``) and the chosen chart's options (``chart``, ``copt``: a conflict's
  concept marks its equilibria on the handout's chart);
- ``GET /api/exercise?kind=K&seed=S`` an exercise, ``POST /api/exercise/check`` a student's
  answers (:mod:`sim.web.exercises`).

A mistake in the request or in an uploaded file is a 4xx with ``{"error": message, "problems":
[{file, line, col, message}]}``.  Analyses run in a worker thread; results of the last few
requests are kept, so the chart and the report of one slider position are computed once.
"""

from __future__ import annotations

import io
import threading
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import bundled, contract
from ..numbers import json_number
from ..scenario.errors import Location, ScenarioError
from ..widgets import slider_range
from ..widgets import slider_step as _slider_step
from . import views
from .store import MAX_UPLOAD_BYTES, Analyses, analysis_options, chart_options

__all__ = ["Analyses", "_slider_step", "create_app", "scenario_entry", "scenario_list"]

STATIC = resources.files("sim.web") / "static"
#: matplotlib's figure machinery is not meant to be driven from several threads at once
_DRAW_LOCK = threading.Lock()
#: the largest JSON body the page sends (a student's answers)
MAX_JSON_BYTES = 64_000


def _slider(p: Any) -> dict[str, Any]:
    lo, hi, step = slider_range(p)
    return {
        "name": p.name,
        "value": json_number(p.value),
        "min": json_number(lo),
        "max": json_number(hi),
        "step": float(step),
        "about": p.about,
    }


def _option(o: contract.Option) -> dict[str, Any]:
    return {"name": o.name, "help": o.help, "choices": list(o.choices or ())}


def scenario_entry(name: str, scenario: Any) -> dict[str, Any]:
    """What the page needs to show a scenario's controls."""
    spec = contract.get_kind(scenario)
    charts = [
        {
            "name": c.name,
            "about": c.about,
            "options": [_option(o) for o in chart_options(spec, c.name)],
        }
        for c in spec.charts.values()
    ]
    return {
        "name": name,
        "kind": spec.name,
        "title": scenario.meta.title,
        "summary": scenario.meta.summary,
        "parameters": [_slider(p) for p in scenario.parameters],
        "options": [_option(o) for o in analysis_options(spec)],
        "charts": charts,
        "default_chart": spec.default_chart,
    }


def scenario_list() -> list[dict[str, Any]]:
    return [scenario_entry(name, bundled.load(name)) for name in bundled.bundled_names()]


def _pairs(request: Request, key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in request.query_params.getlist(key):
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ScenarioError(f"'{key}={item}': write {key}=NAME=VALUE", Location(key))
        out[name.strip()] = value.strip()
    return out


def _query(request: Request) -> tuple[str, dict[str, str]]:
    """The scenario name and the ``set=NAME=VALUE`` overrides of a request."""
    name = request.query_params.get("scenario") or bundled.DEFAULT
    return name, _pairs(request, "set")


def _error(exc: ScenarioError, status: int = 400) -> JSONResponse:
    problems = [
        {
            "file": p.location.file,
            "line": p.location.line,
            "col": p.location.col,
            "message": p.message,
        }
        for p in exc.problems
    ]
    return JSONResponse({"error": str(exc), "problems": problems}, status_code=status)


def own_ids(html: str, prefix: str) -> str:
    """Rendered sections with their ids prefixed, so that they never clash with the page's."""
    return html.replace('<section id="', f'<section id="{prefix}')


def _figure_bytes(result: Any, chart: str | None, fmt: str, options: dict[str, str]) -> bytes:
    with _DRAW_LOCK:
        fig = contract.draw(result, chart, **options)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=100, bbox_inches="tight")
    return buf.getvalue()


async def _body(request: Request, limit: int, what: str) -> bytes:
    """The request body, refused (413) past ``limit`` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge(int(declared), limit, what)
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > limit:
            raise _TooLarge(len(data), limit, what)
    return bytes(data)


class _TooLarge(Exception):
    def __init__(self, size: int, limit: int, what: str) -> None:
        self.error = ScenarioError(
            f"the file has {size:,} bytes or more; the page takes scenario files of at most "
            f"{limit:,} bytes (run a larger one with `negsim run FILE`)",
            Location(what),
        )


def create_app(analyses: Analyses | None = None) -> Starlette:
    """The Starlette application of the seminar page."""
    contract.load_kinds()
    store = analyses or Analyses()
    listing: list[dict[str, Any]] = []

    def located(fn):
        async def endpoint(request: Request) -> Response:
            try:
                return await fn(request)
            except ScenarioError as exc:
                return _error(exc)
            except _TooLarge as exc:
                return _error(exc.error, 413)

        return endpoint

    async def index(request: Request) -> Response:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    async def scenarios(request: Request) -> Response:
        if not listing:
            listing.extend(await run_in_threadpool(scenario_list))
        return JSONResponse(listing)

    async def upload(request: Request) -> Response:
        filename = request.query_params.get("filename") or "scenario.yaml"
        data = await _body(request, MAX_UPLOAD_BYTES, filename)

        def work() -> dict[str, Any]:
            name, scenario = store.upload(filename, data)
            return scenario_entry(name, scenario)

        return JSONResponse(await run_in_threadpool(work))

    async def analyse(request: Request) -> Response:
        name, overrides = _query(request)
        options = _pairs(request, "opt")
        chart = request.query_params.get("chart") or None
        copts = _pairs(request, "copt")

        def work() -> dict[str, Any]:
            result = store.result(name, overrides, options)
            chosen = store.checked_chart_options(name, chart, copts)
            return {
                "scenario": name,
                "parameters": {k: json_number(v) for k, v in result.parameters.items()},
                "outcomes": list(contract.outcomes(result)),
                "text": contract.to_text(result),
                "result": contract.to_dict(result),
                "payoffs": views.payoff_view(result),
                "equilibria": views.equilibria_view(result),
                "conflict": views.conflict_view(result, chosen.get("concept")),
                "tree": views.tree_view(result),
            }

        return JSONResponse(await run_in_threadpool(work))

    async def explain(request: Request) -> Response:
        from ..explain import compose
        from ..report.html import render_body

        name, overrides = _query(request)
        options = _pairs(request, "opt")

        def work() -> dict[str, Any]:
            result = store.result(name, overrides, options)
            key = (
                "explain",
                name,
                tuple(sorted(overrides.items())),
                tuple(sorted(options.items())),
            )

            def make() -> str:
                spec = contract.get_kind(result)
                html = render_body(compose(result, spec.explain(result), robustness=False))
                return own_ids(html, "explain-")

            return {"html": store.memo(key, make)}

        return JSONResponse(await run_in_threadpool(work))

    async def robust(request: Request) -> Response:
        from .robustness import summary

        name, overrides = _query(request)
        options = _pairs(request, "opt")

        def work() -> dict[str, Any]:
            scenario = store.scenario(name)
            opts = store.checked_options(name, options)
            key = ("robust", name, tuple(sorted(overrides.items())), tuple(sorted(opts.items())))
            return store.memo(key, lambda: summary(scenario, overrides, opts))

        return JSONResponse(await run_in_threadpool(work))

    def chart(fmt: str, media: str):
        async def endpoint(request: Request) -> Response:
            name, overrides = _query(request)
            options = _pairs(request, "opt")
            which = request.query_params.get("chart") or None
            copts = _pairs(request, "copt")

            def work() -> bytes:
                result = store.result(name, overrides, options)
                chosen = store.checked_chart_options(name, which, copts)
                return _figure_bytes(result, which, fmt, chosen)

            return Response(await run_in_threadpool(work), media_type=media)

        return endpoint

    async def handout(request: Request) -> Response:
        from ..cli.export import render

        name, overrides = _query(request)
        options = _pairs(request, "opt")
        which = request.query_params.get("chart") or None
        copts = _pairs(request, "copt")
        scenario = store.scenario(name)

        def work() -> str:
            opts = store.checked_options(name, options)
            chosen = store.checked_chart_options(name, which, copts)
            chart = which or contract.get_kind(scenario).default_chart
            charts = {chart: chosen} if chart and chosen else None
            with _DRAW_LOCK:
                return render(scenario, "html", overrides, chart_options=charts, **opts)

        html = await run_in_threadpool(work)
        filename = name.replace("/", "-") + ".html"
        return Response(
            html,
            media_type="text/html",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def exercise(request: Request) -> Response:
        from .exercises import exercise as make

        kind = request.query_params.get("kind") or "2x2"
        seed = request.query_params.get("seed") or "0"
        return JSONResponse(await run_in_threadpool(make, kind, seed))

    async def exercise_check(request: Request) -> Response:
        import json

        from .exercises import check

        raw = await _body(request, MAX_JSON_BYTES, "answers")
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ScenarioError(f"the answers are not JSON ({exc})", Location("answers")) from None
        if not isinstance(doc, dict):
            raise ScenarioError("send {kind, seed, answers}", Location("answers"))
        got = await run_in_threadpool(
            check, str(doc.get("kind")), doc.get("seed"), doc.get("answers") or {}
        )
        return JSONResponse(got)

    routes = [
        Route("/", index),
        Route("/api/scenarios", scenarios),
        Route("/api/upload", located(upload), methods=["POST"]),
        Route("/api/analyse", located(analyse)),
        Route("/api/explain", located(explain)),
        Route("/api/robust", located(robust)),
        Route("/api/chart.svg", located(chart("svg", "image/svg+xml"))),
        Route("/api/chart.png", located(chart("png", "image/png"))),
        Route("/api/handout.html", located(handout)),
        Route("/api/exercise", located(exercise)),
        Route("/api/exercise/check", located(exercise_check), methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={Exception: _bug})


async def _bug(request: Request, exc: Exception) -> Response:
    """Anything but a located mistake is a bug in negsim: say so in the page, no traceback
    (the server's log has it)."""
    return JSONResponse(
        {
            "error": f"negsim hit a bug ({type(exc).__name__}); the server's log has the details. "
            "Please report it with the scenario and the slider values.",
            "problems": [],
        },
        status_code=500,
    )
