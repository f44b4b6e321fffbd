"""`negsim explain` on graph-model conflicts: the move-by-move reasons behind each equilibrium."""

from __future__ import annotations

from pathlib import Path

from sim.conflict import analyse
from sim.conflict.explain import MAX_STATES_EXPLAINED, conflict_sections
from sim.conflict.stability import CONCEPT_NAMES
from sim.explain import explain
from sim.explain.model import Paragraph
from sim.explain.text import render_text
from sim.scenario import load

ROOT = Path(__file__).resolve().parent.parent


def section_text(name: str) -> str:
    expl = explain(load(ROOT / name))
    (sec,) = [s for s in expl.sections if s.key == "conflict-why"]
    return render_text(expl), sec


def test_cuban_blockade_reasoning():
    """State 7 (blockade, withdrawal): the US would rather lift the blockade (7 -> 5); the USSR
    answers 5 -> 1 (it takes its missiles back), which deters the US under GMR, SMR, SEQ and
    SEQ&SIM, not under Nash or SIM -- exactly the tableau's verdict for the US at 7."""
    text, _ = section_text("scenarios/classics/cuban_missile_crisis.yaml")
    flat = " ".join(text.split())
    assert (
        "State 7 (US: blockade; USSR: withdraw): an equilibrium under GMR, SMR, SEQ, "
        "SEQ&SIM; not under Nash (R), SIM."
    ) in flat
    assert (
        "US prefers 5 to 7 and can move there. Deterred under GMR, SMR, SEQ, SEQ&SIM: "
        "answered by USSR 5 → 1, which leaves US at 1, no better than 7. Not deterred "
        "under Nash (R), SIM."
    ) in flat
    assert "6 is stable for US under every concept" in flat
    assert "SEQ: as GMR, but the others answer only with moves they themselves prefer" in flat


def test_simultaneous_sanctions_are_worded_as_such():
    """Chicken: at mutual swerving each driver's move to straight meets the other's at the same
    moment (the crash) -- a SIM sanction, not a reply."""
    text, _ = section_text("tests/data/valid/conflict_chicken.yaml")
    flat = " ".join(text.split())
    assert "Deterred under SIM, SEQ&SIM: A moving at the same moment ends it at 4" in flat


def test_every_reason_agrees_with_the_tableau():
    """For each state shown, the concepts it is listed under are the engine's, and a decision
    maker is 'stable under every concept' exactly when it has no improvement from the state."""
    for name in ("scenarios/classics/elmira.yaml", "scenarios/korea_conflict.yaml"):
        result = analyse(load(ROOT / name))
        c = result.conflict
        (sec,) = conflict_sections(result)
        blocks = list(sec.blocks)
        heads = [
            k
            for k, b in enumerate(blocks)
            if isinstance(b, Paragraph) and b.text.startswith("State ")
        ]
        assert 1 <= len(heads) <= MAX_STATES_EXPLAINED
        for k in heads:
            head = blocks[k].text
            number = int(head.split()[1])
            under = head.split("an equilibrium under ")[1]
            under = under.split("; not under")[0].removesuffix(" (every concept).")
            want = [
                CONCEPT_NAMES[x]
                for x in result.stability.concepts
                if number in result.equilibria(x)
            ]
            assert under.split(", ") == want, (name, head)
            lines = blocks[k + 1].items
            for i, d in enumerate(c.dms):
                src, _ = c.improvements(i)
                has_ui = bool((src == number - 1).any())
                quiet = f"{d.id} has no move to a state it prefers" in " ".join(lines)
                assert quiet == (not has_ui), (name, number, d.id)
