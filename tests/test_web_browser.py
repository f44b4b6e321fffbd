"""The seminar page in a real browser: the distribution's Chromium, driven by Playwright.

Playwright's own browser downloads are never used: the test launches ``/usr/bin/chromium``
(Debian's ``chromium`` package, which ``.ci/run`` installs).  Without it the test is skipped,
unless ``NEGSIM_REQUIRE_BROWSER`` is set (CI sets it), where a missing browser fails.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest

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

if not CHROMIUM.exists() and not os.environ.get("NEGSIM_REQUIRE_BROWSER"):
    pytest.skip(
        "no /usr/bin/chromium (apt-get install chromium; .ci/run does)", allow_module_level=True
    )

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def page(seminar_server):
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda msg: (
                    problems.append(f"console: {msg.text}") if msg.type == "error" else None
                ),
            )
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.goto(seminar_server + "/")
            yield page
        finally:
            browser.close()
    assert not problems, problems


def shown_after(page, value: str) -> list[str]:
    """Move the drill_value slider to ``value`` and return the outcomes the page then shows."""
    page.locator("#p-drill_value").fill(value)
    page.wait_for_function(
        "([v]) => document.body.dataset.state === 'ready'"
        " && (document.body.dataset.query || '').includes('drill_value%3D' + v)",
        arg=[value],
    )
    assert page.locator("#v-drill_value").inner_text() == value
    return page.locator("#outcomes li").all_inner_texts()


def chart_loaded(page) -> None:
    page.wait_for_function(
        "() => { const i = document.getElementById('chart-image');"
        " return i.complete && i.naturalWidth > 0 && i.src.includes('drill_value'); }"
    )


def test_slider_across_the_freeze_threshold_changes_the_equilibria(page):
    page.wait_for_function("() => document.body.dataset.state === 'ready'")
    assert page.locator("#scenario").input_value() == "freeze_for_freeze"
    assert "Freeze-for-freeze" in page.locator("#title").inner_text()
    about = page.locator("#p-drill_value ~ .about").inner_text()
    assert "temptation to break a freeze" in about
    at_default = page.locator("#outcomes li").all_inner_texts()
    assert "suspend, freeze" in at_default and "pressure, test" in at_default

    below = shown_after(page, "2.5")
    assert "suspend, freeze" in below and "pressure, test" in below
    above = shown_after(page, "3.5")
    assert above == ["pressure, test"]
    assert "drill_value = 3.5 (default 2)" in page.locator("#report").inner_text()
    href = page.locator("#handout").get_attribute("href")
    assert href.startswith("/api/handout.html?") and "drill_value%3D3.5" in href

    chart_loaded(page)
    shot = page.screenshot(full_page=False)
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(shot))[..., :3]
    assert pixels.shape[:2] == (900, 1280)
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    assert pixels.std() > 0.05

    back = shown_after(page, "2.9")
    assert "suspend, freeze" in back


def test_switching_scenario_rebuilds_the_sliders(page):
    page.wait_for_function("() => document.body.dataset.state === 'ready'")
    page.locator("#scenario").select_option("security_guarantee")
    page.wait_for_function(
        "() => document.body.dataset.state === 'ready'"
        " && document.body.dataset.query.includes('security_guarantee')"
    )
    assert "(sequential)" in page.locator("#title").inner_text()
    assert page.locator("#p-renege_gain").count() == 1
    assert page.locator("#p-drill_value").count() == 0
    assert page.locator("#outcomes li").count() >= 1
