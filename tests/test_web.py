"""The seminar page's JSON API (Starlette's TestClient, in-process) and ``negsim serve``."""

from __future__ import annotations

import json
import math
import socket
import tomllib
import urllib.request
from fractions import Fraction
from importlib import resources

import pytest
from starlette.testclient import TestClient

from sim import bundled, contract
from sim.cli import main
from sim.web.app import Analyses, _slider_step, create_app
from sim.web.views import MAX_TABLES


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def ff(*sets: str) -> list[tuple[str, str]]:
    return [("scenario", "freeze_for_freeze"), *(("set", s) for s in sets)]


def test_scenarios_lists_every_bundled_scenario_with_sliders(client):
    listing = client.get("/api/scenarios").json()
    assert [s["name"] for s in listing] == bundled.bundled_names()
    by_name = {s["name"]: s for s in listing}
    ff_entry = by_name["freeze_for_freeze"]
    assert ff_entry["kind"] == "normal-form" and ff_entry["default_chart"] == "matrix"
    drill = next(p for p in ff_entry["parameters"] if p["name"] == "drill_value")
    scenario = bundled.load("freeze_for_freeze")
    param = next(p for p in scenario.parameters if p.name == "drill_value")
    assert (drill["value"], drill["min"], drill["max"]) == (param.value, param.min, param.max)
    assert drill["step"] == 0.1 and drill["about"] == param.about
    assert {s["kind"] for s in listing} == set(contract.KIND_MODULES)
    for entry in listing:
        assert entry["default_chart"] in {c["name"] for c in entry["charts"]}


def test_slider_steps_are_round():
    assert _slider_step(0, 10) == Fraction(1, 10)
    assert _slider_step(0, 1) == Fraction(1, 100)
    assert _slider_step(1, 100) == Fraction(1)
    assert _slider_step(0, Fraction(99, 100)) == Fraction(1, 100)


def test_analyse_follows_drill_value_across_its_threshold(client):
    below = client.get("/api/analyse", params=ff("drill_value=2.9")).json()
    above = client.get("/api/analyse", params=ff("drill_value=3.1")).json()
    assert "suspend, freeze" in below["outcomes"] and "pressure, test" in below["outcomes"]
    assert above["outcomes"] == ["pressure, test"]
    assert below["parameters"]["drill_value"] == 2.9
    # the same as the library's own answer, report and JSON
    scenario = bundled.load("freeze_for_freeze")
    result = contract.analyse(scenario, {"drill_value": "3.1"})
    assert above["text"] == contract.to_text(result)
    expected = json.loads(json.dumps(contract.to_dict(result)))
    assert above["result"].pop("seconds") >= 0 and expected.pop("seconds") >= 0
    assert above["result"] == expected
    assert above["result"]["parameters"]["drill_value"] == 3.1


@pytest.mark.parametrize("name", bundled.bundled_names())
def test_every_bundled_scenario_analyses_explains_and_draws(client, name):
    data = client.get("/api/analyse", params={"scenario": name}).json()
    result = contract.analyse(bundled.load(name))
    assert data["outcomes"] == list(contract.outcomes(result))
    assert data["text"].startswith(result.meta.title)
    if getattr(result, "game", None) is not None:
        cells = [c for t in data["payoffs"]["tables"] for row in t["rows"] for c in row]
        shape = result.game.shape
        tables = min(math.prod(shape[2:]), MAX_TABLES)
        assert len(cells) == math.prod(shape[:2]) * tables
        assert data["equilibria"] is not None
    explained = client.get("/api/explain", params={"scenario": name})
    assert explained.status_code == 200
    assert "<h1>" in explained.json()["html"] and "Traceback" not in explained.json()["html"]
    svg = client.get("/api/chart.svg", params={"scenario": name})
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content[:1000]


def test_chart_png_and_named_chart(client):
    png = client.get("/api/chart.png", params=ff("drill_value=4"))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    named = client.get("/api/chart.svg", params=[*ff(), ("chart", "best-response")])
    default = client.get("/api/chart.svg", params=ff())
    assert named.status_code == 200 and named.content != default.content


def test_handout_is_the_export_html_as_a_download(client):
    from sim.cli.export import render

    response = client.get("/api/handout.html", params=ff("drill_value=4"))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="freeze_for_freeze.html"'
    )
    expected = render(bundled.load("freeze_for_freeze"), "html", {"drill_value": "4"})
    assert response.text == expected
    assert "data:image/png;base64," in response.text


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        (ff("drill_value=11"), "above its maximum 10"),
        (ff("drill=3"), "unknown parameter 'drill'"),
        (ff("drill_value"), "write set=NAME=VALUE"),
        ([("scenario", "freeze_for_freez")], "did you mean"),
        ([("scenario", "/etc/passwd")], "only bundled or uploaded scenarios"),
        ([("scenario", "upload/0123456789/gone.yaml")], "upload the file again"),
        ([*ff(), ("opt", "method=lemke")], "no option 'method' on this page"),
        ([*ff(), ("chart", "nope")], "has no chart 'nope'"),
    ],
)
def test_mistakes_are_400_with_the_message(client, params, needle):
    path = "/api/chart.svg" if ("chart", "nope") in params else "/api/analyse"
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert needle in response.json()["error"]


def test_results_are_cached_per_slider_position():
    store = Analyses(size=2)
    first = store.result("freeze_for_freeze", {"drill_value": "4"})
    assert store.result("freeze_for_freeze", {"drill_value": "4"}) is first
    store.result("freeze_for_freeze", {"drill_value": "1"})
    store.result("freeze_for_freeze", {"drill_value": "2"})
    assert store.result("freeze_for_freeze", {"drill_value": "4"}) is not first


def test_the_page_and_its_assets_ship_in_the_package_and_need_no_network(client, root):
    static = resources.files("sim.web") / "static"
    names = {p.name for p in static.iterdir() if p.is_file()}
    assert {"index.html", "app.js", "app.css"} <= names
    package_data = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "web/static/*" in package_data["package-data"]["sim"]
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for name in names:
        text = (static / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
        assert client.get(f"/static/{name}").text == text


def test_serve_rejects_a_bad_port(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port number" in capsys.readouterr().err


def test_serve_reports_a_port_in_use(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err


def test_serve_runs_and_stops(seminar_server):
    with urllib.request.urlopen(seminar_server + "/") as page:
        assert b"negsim seminar" in page.read()
    query = "/api/analyse?scenario=freeze_for_freeze&set=drill_value%3D4"
    with urllib.request.urlopen(seminar_server + query) as r:
        assert json.load(r)["outcomes"] == ["pressure, test"]
