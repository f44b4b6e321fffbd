"""A seminar walk-through: freeze-for-freeze, explained, charted, changed and re-run.

Run it from the repository (or anywhere negsim is installed):

    python examples/seminar_walkthrough.py            # prints what a student sees
    python examples/seminar_walkthrough.py --out DIR  # also saves the chart and an HTML handout

What it does, in the order a seminar would:

1. load the bundled freeze-for-freeze scenario (China's proposal, claim C3 of the seed article);
2. print its step-by-step explanation (the game in words, best responses, the three equilibria
   and the exact indifference algebra behind the mixed one, what would change the result);
3. draw the payoff matrix (when matplotlib is available);
4. change one assumption: the US values its exercises more (drill_value 2 -> 4);
5. re-run and print what changed: the mutual freeze is no longer an equilibrium.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def rule(title: str) -> None:
    print()
    print("#" * 88)
    print(f"# {title}")
    print("#" * 88)
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="folder for the chart and the HTML handout")
    args = ap.parse_args(argv)

    from sim import analyse
    from sim.bundled import resolve
    from sim.explain import explain
    from sim.explain.text import render_text
    from sim.scenario import load

    # 1. the scenario --------------------------------------------------------------------------
    rule("1. The scenario: freeze-for-freeze")
    scenario = load(resolve("freeze_for_freeze"))
    print(scenario.meta.title)
    print(" ".join(scenario.meta.summary.split()))

    # 2. the explanation -----------------------------------------------------------------------
    rule("2. The explanation a student reads")
    analysed = analyse(scenario)  # the game, its dominance steps and every equilibrium
    before = explain(result=analysed)
    print(render_text(before))

    # 3. a chart -------------------------------------------------------------------------------
    rule("3. A chart for the slide")
    try:
        from sim.cli.export import chart_images

        images = chart_images(analysed)
    except ImportError:
        images = []
    if not images:
        print("(matplotlib or the charts module is not available: no chart)")
    for caption, png in images:
        print(f"chart: {caption} ({len(png)} bytes of PNG)")
    if args.out and images:
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / "freeze_for_freeze_matrix.png"
        path.write_bytes(images[0][1])
        print(f"saved {path}")

    # 4. a parameter change --------------------------------------------------------------------
    rule("4. Change one assumption: the US values its exercises more (drill_value = 4)")
    p = scenario.parameter("drill_value")
    print(f"drill_value: {p.about}")
    print(
        f"default {p.value}; the explanation above found the threshold at "
        + ", ".join(
            f"{t['parameter']} = {t['value']}"
            for t in before.facts["thresholds"]
            if t["parameter"] == "drill_value"
        )
    )
    overrides = {"drill_value": "4"}

    # 5. re-run --------------------------------------------------------------------------------
    rule("5. Re-run: what changed")
    after = explain(scenario, overrides=overrides, thresholds=False)
    old = [q["label"] for q in before.facts["equilibria"]]
    new = [q["label"] for q in after.facts["equilibria"]]
    print("equilibria before:", "; ".join(old))
    print("equilibria after: ", "; ".join(new))
    print(f"structure before: {before.facts['archetype']}; after: {after.facts['archetype']}")
    print()
    from sim.explain.text import render_section

    for key in ("dominance", "meaning"):
        print(render_section(after.section(key)))
        print()
    if args.out:
        from sim.cli.export import render

        html = render(scenario, "html", overrides)
        path = args.out / "freeze_for_freeze_drill4.html"
        path.write_text(html, encoding="utf-8")
        print(f"saved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
