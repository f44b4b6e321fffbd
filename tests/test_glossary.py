"""The glossary: one home for the definitions, docs/glossary.md generated from it, and every
term the outputs lean on defined there."""

from __future__ import annotations

from pathlib import Path

from sim.explain.glossary import TERMS, glossary_markdown, terms_in

ROOT = Path(__file__).resolve().parents[1]


def test_docs_glossary_is_generated_from_the_module():
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert page == glossary_markdown(), "run: python -m sim.explain.glossary --write"


def test_every_entry_is_plain_and_complete():
    names = [t.term for t in TERMS]
    assert len(names) == len(set(names))
    for t in TERMS:
        assert t.meaning.endswith(".") and len(t.meaning) < 400, t.term
        assert t.patterns, t.term
        t.found_in("")  # every pattern compiles


def test_the_terms_the_issue_names_are_defined():
    text = (
        "GMR SMR SEQ SIM Nash equilibrium subgame-perfect PBE risk-dominant trust threshold "
        "certified exact component support"
    )
    found = {t.term.split(" (")[0] for t in terms_in(text)}
    for name in (
        "GMR",
        "SMR",
        "SEQ",
        "SIM",
        "Nash equilibrium",
        "subgame-perfect equilibrium",
        "perfect Bayesian equilibrium",
        "risk-dominant",
        "trust threshold",
        "certified",
        "exact",
        "component",
        "support",
    ):
        assert name in found, name


def test_terms_are_found_as_words_not_inside_other_words():
    assert not terms_in("The United States and SIMPLE things; statement; simulation")
    assert [t.term for t in terms_in("state 64 is stable")] == ["state"]
    # SEQ&SIM is defined by SEQ and SIM, so all three are explained
    assert [t.term.split(" (")[0] for t in terms_in("GMR and SEQ&SIM")] == [
        "GMR",
        "SEQ",
        "SIM",
        "SEQ&SIM",
    ]
