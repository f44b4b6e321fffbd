"""docs/claims.md is generated from the scenario files and lists every claim C1-C15."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_claims_page", ROOT / "examples" / "make_claims_page.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_claims_page_is_generated_and_complete():
    mod = _script()
    text = mod.render()
    assert (ROOT / "docs" / "claims.md").read_text(encoding="utf-8") == text, (
        "docs/claims.md is stale; run `python examples/make_claims_page.py --write`"
    )
    for k in range(1, 16):
        assert f"## C{k}\n" in text
    assert "`freeze_for_freeze` (normal-form" in text
    assert "suspend, freeze" in text  # computed, not typed: the Stag Hunt's good equilibrium
