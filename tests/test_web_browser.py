"""The seminar page in a real browser: the distribution's Chromium, driven by Playwright.

Playwright's own browser downloads are never used: the tests launch ``/usr/bin/chromium``
(Debian's ``chromium`` package, which ``.ci/run`` installs).  Without it the tests are skipped,
unless ``NEGSIM_REQUIRE_BROWSER`` is set (CI sets it), where a missing browser fails.

One server and one browser page serve every test of this module (they run in file order);
the page must log no console error other than the one a deliberately bad upload causes.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import numpy as np
import pytest

from sim import bundled, contract

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parent.parent

if not CHROMIUM.exists() and not os.environ.get("NEGSIM_REQUIRE_BROWSER"):
    pytest.skip(
        "no /usr/bin/chromium (apt-get install chromium; .ci/run does)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(seminar_server):
    """One ``negsim serve`` for the whole module (the shared fixture in conftest)."""
    return seminar_server


class Console(list):
    """Console errors and page errors seen so far; :meth:`expect` removes one that a test
    caused on purpose."""

    def expect(self, needle: str) -> None:
        found = [m for m in self if needle in m]
        assert found, (needle, list(self))
        self.remove(found[0])


@pytest.fixture(scope="module")
def console():
    return Console()


@pytest.fixture(scope="module")
def page(server, console):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(20_000)
            page.on(
                "console",
                lambda msg: console.append(f"console: {msg.text}") if msg.type == "error" else None,
            )
            page.on("pageerror", lambda exc: console.append(f"page error: {exc}"))
            page.goto(server + "/")
            yield page
        finally:
            browser.close()
    assert not console, list(console)


def ready(page, needle: str = "") -> None:
    page.wait_for_function(
        "([n]) => document.body.dataset.state === 'ready'"
        " && (document.body.dataset.query || '').includes(n)",
        arg=[needle],
    )


def choose(page, name: str) -> None:
    page.locator("#scenario").select_option(name)
    ready(page, "scenario=" + name.replace("/", "%2F"))


def shown_after(page, value: str) -> list[str]:
    """Move the drill_value slider to ``value`` and return the outcomes the page then shows."""
    page.locator("#p-drill_value").fill(value)
    ready(page, "drill_value%3D" + value)
    assert page.locator("#v-drill_value").inner_text() == value
    return page.locator("#outcomes li").all_inner_texts()


def cell(page, profile: str):
    return page.locator(f'#payoffs td[data-profile="{profile}"]')


def test_slider_across_the_freeze_threshold_changes_table_and_equilibria(page):
    ready(page)
    assert page.locator("#scenario").input_value() == "freeze_for_freeze"
    assert "Freeze-for-freeze" in page.locator("#title").inner_text()
    about = page.locator("#p-drill_value ~ .about").inner_text()
    assert "temptation to break a freeze" in about

    below = shown_after(page, "2.5")
    assert "suspend, freeze" in below and "pressure, test" in below
    assert cell(page, "suspend, freeze").get_attribute("data-eq") is not None
    assert "0" in cell(page, "suspend, freeze").get_attribute("data-br").split(",")
    assert "0" not in cell(page, "pressure, freeze").get_attribute("data-br").split(",")
    assert page.locator("#equilibria > li").count() == 3

    above = shown_after(page, "3.5")
    assert above == ["pressure, test"]
    assert cell(page, "suspend, freeze").get_attribute("data-eq") is None
    assert "0" in cell(page, "pressure, freeze").get_attribute("data-br").split(",")
    assert (
        page.locator("#equilibria > li")
        .all_inner_texts()[0]
        .startswith("#1 (pure): pressure, test")
    )
    assert page.locator("#equilibria > li").count() == 1
    assert "drill_value = 3.5 (default 2)" in page.locator("#report").text_content()
    href = page.locator("#handout").get_attribute("href")
    assert href.startswith("/api/handout.html?") and "drill_value%3D3.5" in href

    page.wait_for_function("() => document.body.dataset.explain === 'ready'")
    assert "Freeze-for-freeze" in page.locator("#explanation h1").inner_text()
    page.wait_for_function(
        "() => { const i = document.getElementById('chart-image');"
        " return i.complete && i.naturalWidth > 0 && i.src.includes('drill_value'); }"
    )
    shot = page.screenshot(full_page=False)
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(shot))[..., :3]
    assert pixels.shape[:2] == (900, 1280)
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    assert pixels.std() > 0.05

    page.locator("#robust-run").click()
    page.wait_for_function("() => document.body.dataset.robust === 'ready'")
    assert "draws (seed" in page.locator("#robust-status").inner_text()
    assert page.locator("#robust tbody tr").count() >= 1


def test_switching_the_concept_of_a_conflict_changes_the_stable_states(page):
    result = contract.analyse(bundled.load("classics/elmira"))
    choose(page, "classics/elmira")
    shown = {}
    for concept in ("nash", "gmr"):
        page.locator("#concept").select_option(concept)
        ready(page)
        page.wait_for_function(
            "([want]) => document.getElementById('conflict-equilibria').dataset.states === want",
            arg=[",".join(map(str, result.equilibria(concept)))],
        )
        shown[concept] = page.locator("#conflict-states tr.eq").count()
        assert shown[concept] == len(result.equilibria(concept))
    assert shown["nash"] < shown["gmr"]
    page.locator("#opt-convention").select_option("single")
    ready(page, "convention%3Dsingle")
    assert "convention: single" in page.locator("#conflict-equilibria").inner_text()
    # the handout download carries the page's concept, convention and chart
    href = page.locator("#handout").get_attribute("href")
    assert href.startswith("/api/handout.html?")
    for part in ("opt=convention%3Dsingle", "copt=concept%3Dgmr", "chart=conflict"):
        assert part in href.split("?")[1].split("&"), href


def test_stepping_through_a_tree(page):
    from sim.sequential.charts import edge_id, node_id

    result = contract.analyse(bundled.load("security_guarantee"))
    steps = result.backward.steps
    tree = result.tree

    def on_chart(step):
        """The ids of the step's node and of its chosen move in the tree chart."""
        k = tree.node_index(step.node)
        return node_id(k), edge_id(k, tree.nodes[k].moves.index(step.chosen))

    def marks(element_id: str) -> list[str]:
        return (chart.locator(f"#{element_id}").get_attribute("class") or "").split()

    choose(page, "security_guarantee")
    page.wait_for_function("() => document.body.dataset.treeChart === 'ready'")
    chart = page.locator("#tree-chart")
    assert chart.locator("svg").count() == 1 and page.locator("#chart-image").is_hidden()
    assert chart.get_attribute("data-current") == ""
    assert chart.locator(".bi-current, .bi-chosen, .bi-solved, .bi-ring").count() == 0
    assert page.locator("#tree-steps li.todo").count() == len(steps)

    page.locator("#tree-next").click()
    current = page.locator("#tree-steps li.current")
    assert current.get_attribute("data-node") == steps[0].node
    assert steps[0].chosen in current.locator(".chosen").inner_text()
    node, chosen = on_chart(steps[0])
    assert chart.get_attribute("data-current") == node and "bi-current" in marks(node)
    assert "bi-chosen" in marks(chosen) and chart.locator(".bi-ring").count() == 1
    red = page.eval_on_selector(f"#{chosen} path", "p => getComputedStyle(p).stroke")
    assert red == "rgb(214, 39, 40)"

    page.locator("#tree-next").click()
    assert page.locator("#tree-steps li.current").get_attribute("data-node") == steps[1].node
    assert page.locator("#tree-steps li.done").count() == 1
    assert page.locator("#tree-path").is_hidden()
    second, _ = on_chart(steps[1])
    assert chart.get_attribute("data-current") == second
    assert chart.get_attribute("data-solved") == "1"
    assert "bi-solved" in marks(node) and "bi-current" not in marks(node)
    assert "bi-solved-choice" in marks(chosen) and "bi-chosen" not in marks(chosen)
    assert chart.locator(".bi-ring").count() == 1

    page.locator("#tree-all").click()
    assert page.locator("#tree-steps li.todo").count() == 0
    assert "subgame-perfect path" in page.locator("#tree-path").inner_text()
    assert chart.get_attribute("data-current") == node_id(0)  # the root comes last
    assert chart.get_attribute("data-solved") == str(len(steps) - 1)
    page.locator("#tree-back").click()
    assert page.locator("#tree-steps li.current").get_attribute("data-node") == steps[-2].node
    assert chart.get_attribute("data-current") == on_chart(steps[-2])[0]


def test_uploading_a_scenario_shows_its_table_and_a_bad_one_its_line(page, console, tmp_path):
    text = (bundled.bundled_dir() / "classics" / "chicken.yaml").read_text()
    good = tmp_path / "my_chicken.yaml"
    good.write_text(re.sub(r"(?m)^title:.*$", "title: Our own game of chicken", text, count=1))
    page.locator("#upload").set_input_files(str(good))
    page.wait_for_function("() => document.body.dataset.upload === 'ready'")
    ready(page, "my_chicken.yaml")
    assert page.locator("#title").inner_text().startswith("Our own")
    assert page.locator("#payoffs td").count() == 4
    assert page.locator("#payoffs td.eq").count() >= 1

    bad = tmp_path / "broken.yaml"
    bad.write_text("format: negsim/1\nplayers: [a, b\n")
    page.locator("#upload").set_input_files(str(bad))
    page.wait_for_function("() => document.body.dataset.upload === 'error'")
    message = page.locator("#upload-error").inner_text()
    assert "broken.yaml:3:1" in message and "not valid YAML" in message
    assert "Traceback" not in message
    console.expect("status of 400")


def test_an_exercise_answered_right_then_wrong(page):
    from sim.explain.exercises import backward_induction, generate

    seed = 4
    _, choice, _ = backward_induction(generate("tree", seed, 1)[0].tree)
    page.locator("#exercise-kind").select_option("tree")
    page.locator("#exercise-seed").fill(str(seed))
    page.locator("#exercise-new").click()
    page.wait_for_function("() => document.body.dataset.exercise === 'ready'")
    assert "negsim exercise --kind tree --seed 4" in page.locator("#exercise-command").inner_text()
    for node, move in choice.items():
        page.locator(f'#exercise-form input[name="node:{node}"][value="{move}"]').check()
    page.locator("#exercise-check").click()
    page.wait_for_function("() => document.body.dataset.exercise === 'checked'")
    assert page.locator("#exercise-verdict").inner_text() == "All right!"

    node, move = next(iter(choice.items()))
    other = page.locator(f'#exercise-form input[name="node:{node}"]:not([value="{move}"])')
    other.first.check()
    page.locator("#exercise-check").click()
    page.wait_for_function(
        "() => document.body.dataset.exercise === 'checked'"
        " && !document.getElementById('exercise-verdict').textContent.startsWith('All')"
    )
    box = page.locator(f'#exercise-form [data-question="node:{node}"]')
    assert box.get_attribute("data-correct") == "false"
    assert box.locator(".verdict.wrong").inner_text().startswith("✗ Not ")
    assert f"chooses {move}" in box.locator(".verdict").inner_text()
