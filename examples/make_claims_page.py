"""Write ``docs/claims.md``: the founding article's claims C1-C15 and what the scenarios find.

For every claim: the claim in our words, the structure a scenario can give it, and every bundled
scenario whose ``claims:`` header names it, with its kind and what it finds at its default
values (the outcomes the kind reports, computed here, never typed) and whether it carries an
``uncertainty:`` block for `negsim robust`.  A test checks the page matches this script's output.

Usage::

    python examples/make_claims_page.py            # print the page
    python examples/make_claims_page.py --write    # rewrite docs/claims.md
    python examples/make_claims_page.py --check    # exit 1 if docs/claims.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "examples"))

from _page import page_main  # noqa: E402  (the examples folder, added just above)

PAGE = REPO / "docs" / "claims.md"
SOURCE = (
    'Wang Junsheng (Chinese Academy of Social Sciences), "US-China Cooperation Vital for the '
    'Success of Trump-Kim Summit", Atlantic Council, June 2018'
)

#: the claims in our words, and the game structure each suggests
CLAIMS: dict[str, tuple[str, str]] = {
    "C1": (
        "US-China cooperation over the past year brought the DPRK to the table; without it the "
        "summit's prospects are dim.",
        "three players; the DPRK's best response to talks depends on whether the US and China "
        "act together",
    ),
    "C2": (
        "Both want denuclearization and peace but disagree on who is responsible and on the path.",
        "shared payoff terms plus player-specific ones; the same end state ranked differently",
    ),
    "C3": (
        "Freeze-for-freeze: the US suspends exercises and new sanctions, the DPRK freezes "
        "nuclear and missile tests; Washington reacted coolly.",
        "a 2x2 (or 3-player) game: Stag Hunt or Prisoner's Dilemma depending on the numbers",
    ),
    "C4": (
        "Dual track: denuclearization and a peace mechanism pursued in parallel.",
        "two linked issues; bargaining over a joint package",
    ),
    "C5": (
        "Secondary sanctions on Chinese firms could undermine China's willingness to cooperate.",
        "sanctions on China can lower the chance of the outcome the US wants",
    ),
    "C6": (
        "The Olympic truce (drills suspended, tests halted) built basic trust.",
        "reciprocal steps; cooperation self-enforcing above a discount threshold",
    ),
    "C7": (
        "China pressured the DPRK at an economic cost to its own firms and people.",
        "China's payoff carries a cost of pressure",
    ),
    "C8": (
        "China and the DPRK have a special relationship that limits how hard China will push.",
        "China's payoffs weight DPRK stability",
    ),
    "C9": (
        "Kim's visits to China secured its support and hedged against a failed summit.",
        "an outside option that raises the DPRK's disagreement point",
    ),
    "C10": (
        "Security guarantees in exchange for transferring nuclear assets to a third party; the "
        "guarantee must be multilateral and include China.",
        "a sequential commitment game: a multilateral guarantee raises the cost of reneging",
    ),
    "C11": (
        "Denuclearization will have ups and downs; China must keep UN sanctions until it is "
        "complete.",
        "noise in a repeated game; a constraint on China's strategies",
    ),
    "C12": (
        "The US and China should speak with one voice and settle differences in private.",
        "US-China coordination as a coalition; the value of a united front",
    ),
    "C13": (
        "China's biggest worry is uncertainty over US policy.",
        "uncertainty about the US's type; China's behaviour under it",
    ),
    "C14": (
        "A grand bargain including both Koreas, Russia and Japan, implemented step by step.",
        "a six-player game; the assurance problem grows with the number of parties",
    ),
    "C15": (
        "A special envoy to Beijing and other capitals, as in the six-party talks.",
        "communication and coordination devices that select among equilibria",
    ),
}

MAX_OUTCOMES = 4


def _scenarios() -> list[tuple[str, object]]:
    from sim.bundled import bundled_names, load

    return [(name, load(name)) for name in bundled_names()]


def _finding(scenario) -> str:
    from sim import contract

    try:
        labels = contract.outcomes(contract.analyse(scenario))
    except Exception as exc:  # noqa: BLE001 - a page generator reports, never stops
        return f"(not analysed here: {exc})"
    if not labels:
        return "no outcome reported"
    shown = "; ".join(labels[:MAX_OUTCOMES])
    more = f"; and {len(labels) - MAX_OUTCOMES} more" if len(labels) > MAX_OUTCOMES else ""
    return shown + more


def render() -> str:
    scenarios = _scenarios()
    lines = [
        "# The founding article's claims, and what the scenarios find",
        "",
        "Generated by `python examples/make_claims_page.py --write` from the scenario files; do "
        "not edit by hand (a test checks that this page matches the script's output).",
        "",
        f"Source: {SOURCE}. The claims are given in our own words; each scenario that names a "
        "claim in its `claims:` header is listed with what it finds at its default values (the "
        "outcomes its kind reports). A listed scenario *encodes* the claim; whether it derives "
        "or assumes the article's conclusion is argued in the scenario's own notes, and "
        "`negsim robust NAME` says how likely the finding is where the file states its "
        "uncertainty.",
        "",
    ]
    for cid, (claim, structure) in CLAIMS.items():
        lines.append(f"## {cid}")
        lines.append("")
        lines.append(f"**Claim.** {claim}")
        lines.append("")
        lines.append(f"**Structure.** {structure}.")
        lines.append("")
        hits = [(n, s) for n, s in scenarios if cid in s.meta.claims]
        if not hits:
            lines.append("**Scenarios.** None yet: the claim is not modelled.")
            lines.append("")
            continue
        lines.append("**Scenarios.**")
        lines.append("")
        for name, scn in hits:
            unc = " · has an uncertainty block" if scn.meta.uncertainty is not None else ""
            lines.append(
                f"- `{name}` ({scn.meta.kind}{unc}): *{scn.meta.title}*. Finds: {_finding(scn)}."
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    return page_main(
        argv, __doc__.splitlines()[0], PAGE, render, "python examples/make_claims_page.py --write"
    )


if __name__ == "__main__":
    sys.exit(main())
