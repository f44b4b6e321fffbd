"""The seminar page's application: a static page and a JSON API over :mod:`sim.contract`.

Endpoints (every one takes ``scenario=NAME`` and any number of ``set=NAME=VALUE``, the
``--set`` overrides of the command line):

- ``GET /`` the page (``static/index.html``; its script and style are served from ``/static``);
- ``GET /api/scenarios`` every bundled scenario: name, kind, title, summary, its parameters
  (value, min, max, slider step, ``about``) and its charts;
- ``GET /api/analyse`` the outcomes (``sim.contract.outcomes``), the text report
  (``to_text``) and the JSON report (``to_dict``);
- ``GET /api/chart.svg``, ``GET /api/chart.png`` a chart (``chart=NAME``; default: the kind's);
- ``GET /api/handout.html`` the HTML handout of ``negsim export`` as a download.

A mistake in the request (unknown scenario or parameter, a value out of range, a chart that does
not apply) is a 400 with ``{"error": message}``.  Analyses run in a worker thread; results of
the last few requests are kept, so the chart and the report of one slider position are
computed once.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from fractions import Fraction
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
from ..scenario.common import apply_overrides
from ..scenario.errors import Location, ScenarioError

STATIC = resources.files("sim.web") / "static"
#: results kept for repeated requests at the same slider position
CACHE_SIZE = 64
#: matplotlib's figure machinery is not meant to be driven from several threads at once
_DRAW_LOCK = threading.Lock()


def _slider_step(lo: Fraction | float, hi: Fraction | float) -> Fraction:
    """A round step giving about a hundred positions between ``lo`` and ``hi``."""
    span = Fraction(hi) - Fraction(lo)
    step = Fraction(1)
    while span / step > 200:
        step *= 10
    while span / step < 50:
        step /= 10
    return step


def _slider(p: Any) -> dict[str, Any]:
    value = Fraction(p.value)
    lo = p.min if p.min is not None else min(Fraction(0), value - max(abs(value), 1))
    hi = p.max if p.max is not None else value + max(abs(value), 1)
    return {
        "name": p.name,
        "value": json_number(p.value),
        "min": json_number(lo),
        "max": json_number(hi),
        "step": float(_slider_step(lo, hi)),
        "about": p.about,
    }


class Analyses:
    """Loaded scenarios and the results of recent requests (least recently used dropped)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._scenarios: dict[str, Any] = {}
        self._results: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], Any] = OrderedDict()
        self._lock = threading.Lock()

    def scenario(self, name: str) -> Any:
        if name not in bundled.bundled_names():
            bundled.resolve(name)  # raises with the close matches
            raise ScenarioError("only bundled scenarios are served", Location(name))
        with self._lock:
            if name not in self._scenarios:
                self._scenarios[name] = bundled.load(name)
            return self._scenarios[name]

    def result(self, name: str, overrides: dict[str, str]) -> Any:
        scenario = self.scenario(name)
        apply_overrides(scenario.parameters, overrides)  # bad names and values fail fast
        key = (name, tuple(sorted(overrides.items())))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = contract.analyse(scenario, overrides)
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result


def _query(request: Request) -> tuple[str, dict[str, str]]:
    """The scenario name and the ``set=NAME=VALUE`` overrides of a request."""
    name = request.query_params.get("scenario") or bundled.DEFAULT
    overrides: dict[str, str] = {}
    for item in request.query_params.getlist("set"):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ScenarioError(f"'set={item}': write set=NAME=VALUE", Location("set"))
        overrides[key.strip()] = value.strip()
    return name, overrides


def _bad_request(exc: ScenarioError) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=400)


def scenario_list() -> list[dict[str, Any]]:
    out = []
    for name in bundled.bundled_names():
        scenario = bundled.load(name)
        spec = contract.get_kind(scenario)
        charts = [{"name": c.name, "about": c.about} for c in spec.charts.values()]
        out.append(
            {
                "name": name,
                "kind": spec.name,
                "title": scenario.meta.title,
                "summary": scenario.meta.summary,
                "parameters": [_slider(p) for p in scenario.parameters],
                "charts": charts,
                "default_chart": spec.default_chart,
            }
        )
    return out


def _figure_bytes(result: Any, chart: str | None, fmt: str) -> bytes:
    with _DRAW_LOCK:
        fig = contract.draw(result, chart)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=100, bbox_inches="tight")
    return buf.getvalue()


def create_app(analyses: Analyses | None = None) -> Starlette:
    """The Starlette application of the seminar page."""
    contract.load_kinds()
    store = analyses or Analyses()
    listing: list[dict[str, Any]] = []

    async def index(request: Request) -> Response:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    async def scenarios(request: Request) -> Response:
        if not listing:
            listing.extend(await run_in_threadpool(scenario_list))
        return JSONResponse(listing)

    async def analyse(request: Request) -> Response:
        try:
            name, overrides = _query(request)

            def work() -> dict[str, Any]:
                result = store.result(name, overrides)
                return {
                    "scenario": name,
                    "parameters": {k: json_number(v) for k, v in result.parameters.items()},
                    "outcomes": list(contract.outcomes(result)),
                    "text": contract.to_text(result),
                    "result": contract.to_dict(result),
                }

            return JSONResponse(await run_in_threadpool(work))
        except ScenarioError as exc:
            return _bad_request(exc)

    def chart(fmt: str, media: str):
        async def endpoint(request: Request) -> Response:
            try:
                name, overrides = _query(request)
                which = request.query_params.get("chart") or None

                def work() -> bytes:
                    return _figure_bytes(store.result(name, overrides), which, fmt)

                return Response(await run_in_threadpool(work), media_type=media)
            except ScenarioError as exc:
                return _bad_request(exc)

        return endpoint

    async def handout(request: Request) -> Response:
        from ..cli.export import render

        try:
            name, overrides = _query(request)
            scenario = store.scenario(name)

            def work() -> str:
                with _DRAW_LOCK:
                    return render(scenario, "html", overrides)

            html = await run_in_threadpool(work)
        except ScenarioError as exc:
            return _bad_request(exc)
        filename = name.replace("/", "-") + ".html"
        return Response(
            html,
            media_type="text/html",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    routes = [
        Route("/", index),
        Route("/api/scenarios", scenarios),
        Route("/api/analyse", analyse),
        Route("/api/chart.svg", chart("svg", "image/svg+xml")),
        Route("/api/chart.png", chart("png", "image/png")),
        Route("/api/handout.html", handout),
        Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return Starlette(routes=routes)
