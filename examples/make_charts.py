"""Regenerate every chart shown in docs/charts.md from the bundled scenarios.

    python examples/make_charts.py            # writes docs/images/chart_*.png
    python examples/make_charts.py --out DIR  # somewhere else

The images are generated, never edited by hand: change a chart's code or a scenario, run this,
and commit the PNGs.  Each chart is also one `negsim plot` / `negsim sweep` command, printed as
the script goes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DPI = 100  # keeps the committed PNGs small; `negsim plot` uses 150 by default


def charts():
    """``(file name, equivalent command, function returning a Figure)`` for every chart."""
    from sim.charts.equilibrium_map import plot_equilibrium_map
    from sim.cli.common import load_scenario
    from sim.normal_form.charts.best_response import plot_best_response
    from sim.normal_form.charts.compare import plot_compare
    from sim.normal_form.charts.dynamics import plot_dynamics
    from sim.normal_form.charts.matrix import plot_matrix
    from sim.normal_form.charts.qre import plot_qre
    from sim.scenario import build
    from sim.solvers import SOLVERS
    from sim.sweep import parse_vary, sweep

    freeze = load_scenario("freeze_for_freeze")
    g = build(freeze)
    rps = build(load_scenario(str(ROOT / "examples" / "rock_paper_scissors.yaml")))
    out = [
        (
            "chart_matrix.png",
            "negsim plot freeze_for_freeze --chart matrix",
            lambda: plot_matrix(g),
        ),
        (
            "chart_matrix_3p.png",
            "negsim plot secondary_sanctions --chart matrix",
            lambda: plot_matrix(build(load_scenario("secondary_sanctions"))),
        ),
        (
            "chart_best_response.png",
            "negsim plot freeze_for_freeze --chart best-response",
            lambda: plot_best_response(g),
        ),
        (
            "chart_best_response_chicken.png",
            "negsim plot classics/chicken --chart best-response",
            lambda: plot_best_response(build(load_scenario("classics/chicken"))),
        ),
        (
            "chart_map_1d.png",
            "negsim sweep freeze_for_freeze --vary drill_value=0:6:61 --plot chart_map_1d.png",
            lambda: plot_equilibrium_map(sweep(freeze, dict([parse_vary("drill_value=0:6:61")]))),
        ),
        (
            "chart_map_2d.png",
            "negsim sweep freeze_for_freeze --vary drill_value=0:10:101 --vary test_value=0:10:101"
            " --plot chart_map_2d.png",
            lambda: plot_equilibrium_map(
                sweep(
                    freeze,
                    dict([parse_vary("drill_value=0:10:101"), parse_vary("test_value=0:10:101")]),
                )
            ),
        ),
        (
            "chart_map_2d_deal.png",
            "negsim sweep freeze_for_freeze --vary drill_value=0:6:61 --vary breakdown_risk=0:1:51"
            " --plot chart_map_2d_deal.png",
            lambda: plot_equilibrium_map(
                sweep(
                    freeze,
                    dict([parse_vary("drill_value=0:6:61"), parse_vary("breakdown_risk=0:1:51")]),
                )
            ),
        ),
        (
            "chart_compare.png",
            "negsim plot freeze_for_freeze --chart compare",
            lambda: plot_compare(g),
        ),
        (
            "chart_compare_cases.png",
            "negsim plot freeze_for_freeze --chart compare --case drill_value=2 "
            "--case drill_value=4 --case drill_value=2,breakdown_risk=1/4",
            lambda: plot_compare(
                [
                    (
                        c.replace(",", ", "),
                        build(freeze, dict(kv.split("=") for kv in c.split(","))),
                        None,
                    )
                    for c in ("drill_value=2", "drill_value=4", "drill_value=2,breakdown_risk=1/4")
                ],
                title="Freeze-for-freeze: equilibrium payoffs as parameters change",
            ),
        ),
        (
            "chart_dynamics_replicator.png",
            "negsim plot freeze_for_freeze --chart dynamics",
            lambda: plot_dynamics(g, "replicator"),
        ),
        (
            "chart_dynamics_fictitious.png",
            "negsim plot classics/matching_pennies --chart dynamics --dynamics fictitious-play",
            lambda: plot_dynamics(
                build(load_scenario("classics/matching_pennies")), "fictitious-play"
            ),
        ),
        (
            "chart_dynamics_simplex.png",
            "negsim plot examples/rock_paper_scissors.yaml --chart dynamics --set win_value=2",
            lambda: plot_dynamics(
                build(
                    load_scenario(str(ROOT / "examples" / "rock_paper_scissors.yaml")),
                    {"win_value": 2},
                ),
                "replicator",
            ),
        ),
        (
            "chart_dynamics_simplex_fp.png",
            "negsim plot examples/rock_paper_scissors.yaml --chart dynamics "
            "--dynamics fictitious-play",
            lambda: plot_dynamics(rps, "fictitious-play"),
        ),
    ]
    if "logit-qre" in SOLVERS:
        out.append(
            (
                "chart_qre.png",
                "negsim plot classics/matching_pennies --chart qre --set heads_stake=3",
                lambda: plot_qre(
                    build(load_scenario("classics/matching_pennies"), {"heads_stake": 3})
                ),
            )
        )
    try:
        from sim.conflict.charts import plot_conflict
    except ImportError:
        plot_conflict = None
    if plot_conflict is not None:
        out.append(
            (
                "chart_conflict.png",
                "negsim plot korea_conflict --chart conflict",
                lambda: plot_conflict(load_scenario("korea_conflict")),
            )
        )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out",
        default=str(ROOT / "docs" / "images"),
        help="folder for the PNGs (default docs/images)",
    )
    ap.add_argument("--only", nargs="*", default=None, help="file names to regenerate")
    args = ap.parse_args(argv)
    from sim.cli.plot import save_figure

    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, command, make in charts():
        if args.only and name not in args.only:
            continue
        save_figure(make(), str(folder / name), dpi=DPI)
        print(f"{folder / name}   ({command})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
