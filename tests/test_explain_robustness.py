"""The explanation says how robust the result is when the scenario file states its uncertainty."""

from __future__ import annotations

import re
from pathlib import Path

from sim.cli.common import load_scenario
from sim.explain import explain
from sim.explain.text import render_text

#: the first edition of freeze_for_freeze, a fixture whose robustness has a closed form
TEXTBOOK_FREEZE = str(Path(__file__).resolve().parent / "data" / "valid" / "freeze_textbook.yaml")


def robustness(expl):
    return next((s for s in expl.sections if s.key == "robustness"), None)


def test_freeze_for_freeze_says_how_often_the_mutual_freeze_holds():
    scn = load_scenario(TEXTBOOK_FREEZE)
    text = render_text(explain(scn, thresholds=False))
    assert "How robust the result is" in text
    flat = " ".join(text.split())
    drawn = re.search(r"Drawing them ([\d,]+) times \(seed 7\)", flat)
    assert drawn is not None  # how many: sized from a timed pilot of the scenario
    n = int(drawn.group(1).replace(",", ""))
    m = re.search(r"'suspend, freeze' holds in ([\d.]+)% of draws", flat)
    assert m is not None
    # drill_value, test_value ~ U(1, 3), deal_bonus ~ U(1.5, 4.5): exactly 23/32 = 71.9%
    p = 23 / 32
    assert abs(float(m.group(1)) / 100 - p) < 4 * (p * (1 - p) / n) ** 0.5 + 0.001
    assert "'pressure, test' holds in 100% of draws" in flat
    # the same seed: the same sentence on every run
    assert render_text(explain(scn, thresholds=False)) == text


def test_no_section_without_an_uncertainty_block_or_away_from_the_files_values():
    scn = load_scenario("korea_conflict")
    assert scn.meta.uncertainty is None
    assert robustness(explain(scn, thresholds=False)) is None
    ff = load_scenario(TEXTBOOK_FREEZE)
    assert robustness(explain(ff, {"deal_bonus": 1}, thresholds=False)) is None
    assert robustness(explain(ff, thresholds=False, robustness=False)) is None


def test_sequential_scenario_section():
    from sim import contract
    from sim.explain.model import Explanation
    from sim.explain.robustness import robustness_section

    result = contract.analyse(load_scenario("security_guarantee"))
    sec = robustness_section(result, draws=200)
    assert sec is not None and sec.key == "robustness"
    text = " ".join(render_text(Explanation("t", (sec,), "", {})).split())
    assert "Drawing them 200 times (seed 7)" in text
    m = re.search(r"'US: multilateral → DPRK: transfer → US: honour' holds in ([\d.]+)%", text)
    # China's punishment must be credible too (guarantor_stake >= punish_cost): about a third
    assert m is not None and 20 < float(m.group(1)) < 50


def test_a_many_player_game_gets_a_pointer_not_numbers():
    """The draw count follows the scenario's shape, not the clock: a normal-form game of more
    than three players is solved draw by draw, so the section points to negsim robust."""
    from sim import contract
    from sim.explain.robustness import _draw_count, robustness_section

    result = contract.analyse(load_scenario("six_party_grand_bargain"))
    assert _draw_count(result) == 0
    sec = robustness_section(result)
    if sec is not None:  # the file may state no uncertainty
        text = " ".join(b.text for b in sec.blocks)
        assert "too long to do here" in text and "negsim robust" in text
        assert "holds in" not in text
    assert _draw_count(contract.analyse(load_scenario("freeze_for_freeze"))) == 4000
    assert _draw_count(contract.analyse(load_scenario("security_guarantee"))) == 200
