"""``negsim robust``: how likely each outcome is when the parameters are only roughly known."""

from __future__ import annotations

import json
import sys

from .common import (
    EXAMPLE_FORMATTER,
    add_kind_options,
    add_set_option,
    analyse_options,
    load_scenario,
    overrides_from,
)

CHART_NAMES = ("probabilities", "tornado", "draws", "trust")


def add_parser(sub):
    p = sub.add_parser(
        "robust",
        help="how likely each outcome is under the scenario's uncertainty",
        formatter_class=EXAMPLE_FORMATTER,
        description="Draw the uncertain parameters (the scenario's `uncertainty:` block, or "
        "--spread around every value), analyse the scenario at every draw, and "
        "report how often each outcome holds and is the only one (95% Wilson "
        "intervals), and which parameters decide it (Sobol indices from SALib, "
        "one-at-a-time shares). The same --seed gives the same numbers with any "
        "--workers.\n\n"
        "An uncertainty block (in the scenario file):\n"
        "  uncertainty:\n"
        "    draws: 20000\n"
        "    seed: 7\n"
        "    parameters:\n"
        '      drill_value: {uniform: [1, 4], source: "..."}\n'
        "      test_value:  {triangular: [1, 2, 4]}   # low, mode, high\n"
        "      deal_bonus:  {normal: [3, 0.5]}        # truncated to [min, max]\n"
        "      relief:      {pert: [1, 3, 5]}\n"
        "      china_in:    {choice: [0, 1], p: [0.3, 0.7]}\n\n"
        "examples:\n"
        "  negsim robust freeze_for_freeze --spread 25% --draws 2000\n"
        "  negsim robust freeze_for_freeze --spread 50% --draws 2000 --json\n"
        "  negsim robust freeze_for_freeze --spread 25% --draws 2000 "
        "--chart tornado -o tornado.png\n"
        "  negsim robust freeze_for_freeze --move-order US,DPRK --draws 2000\n"
        "  negsim robust classics/hawk_dove --spread 50% --draws 2000 --method ess",
    )
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name")
    p.add_argument(
        "--draws", type=int, metavar="N", help="how many draws (default: the file's, else 20000)"
    )
    p.add_argument(
        "--seed", type=int, metavar="S", help="random seed (default: the file's, else 0)"
    )
    p.add_argument(
        "--spread",
        metavar="PCT",
        help="draw every parameter uniformly within ±PCT of its value, clipped to "
        "its range (e.g. 25%%), instead of the file's uncertainty block",
    )
    add_set_option(p)
    p.add_argument(
        "--outcome",
        metavar="LABEL",
        help="the outcome whose sensitivity to report (default: the scenario's own "
        "outcome that holds least often)",
    )
    p.add_argument(
        "--no-sensitivity",
        action="store_true",
        help="skip the Sobol indices and one-at-a-time shares",
    )
    p.add_argument(
        "--sobol-n",
        type=int,
        metavar="N",
        help="base sample of the Sobol design, a power of 2 (default: about 8,000 "
        "evaluations in all)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--csv", metavar="FILE", help="write one row per draw")
    p.add_argument("-o", "--output", metavar="FILE", help="write a chart (.png, .svg, .pdf)")
    p.add_argument(
        "--chart",
        choices=CHART_NAMES,
        default="probabilities",
        help="which chart -o draws (default probabilities)",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="spread the draws over N local worker processes (a Dask LocalCluster)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="use a running Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    names = add_kind_options(p)
    p.set_defaults(handler=run_command, kind_options=names)
    return p


def parse_spread(text: str) -> float:
    """``"25%"`` or ``"0.25"`` → 0.25."""
    from ..scenario.errors import Location, ScenarioError

    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ScenarioError(
            f"--spread {text!r}: write a percentage like 25%", Location("--spread")
        ) from None
    if not 0 < value <= 10:
        raise ScenarioError(
            f"--spread {text!r}: give a spread above 0% and at most 1000%", Location("--spread")
        )
    return value


def _progress(total: int):
    """A tqdm bar on stderr for long runs on a terminal; ``None`` otherwise."""
    if total < 50_000 or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="draw", unit_scale=True, file=sys.stderr, leave=False)
    return bar.update, bar


#: the largest base sample of the Sobol design (each costs the number of parameters plus 2 runs)
MAX_SOBOL_N = 2**20


def check_sobol_n(n: int | None) -> None:
    """``--sobol-n`` must be a power of 2 (the Sobol sequence's balance needs it) up to
    :data:`MAX_SOBOL_N`."""
    from ..scenario.errors import Location, ScenarioError

    if n is not None and not (2 <= n <= MAX_SOBOL_N and n & (n - 1) == 0):
        raise ScenarioError(
            f"--sobol-n {n}: give a power of 2 from 2 to {MAX_SOBOL_N:,} (e.g. 1024)",
            Location("--sobol-n"),
        )


def run_command(args) -> int:
    from .. import contract
    from ..robust import robust
    from ..robust.report import to_csv, to_dict, to_text

    check_sobol_n(args.sobol_n)
    spread = parse_spread(args.spread) if args.spread else None
    if args.output:
        from .common import format_from_extension
        from .plot import FORMATS

        format_from_extension(args.output, FORMATS)
    scenario = load_scenario(args.scenario)
    options = contract.check_options(
        contract.get_kind(scenario), analyse_options(args, args.kind_options)
    )
    unc = getattr(scenario.meta, "uncertainty", None)
    total = args.draws or (unc.draws if unc is not None and unc.draws else 20_000)
    update, bar = _progress(total)
    try:
        result = robust(
            scenario,
            overrides_from(args),
            draws=args.draws,
            seed=args.seed,
            spread=spread,
            outcome=args.outcome,
            sensitivity=not args.no_sensitivity,
            sobol_n=args.sobol_n,
            workers=args.workers,
            scheduler=args.scheduler,
            progress=update,
            keep_samples=bool(args.csv) or (bool(args.output) and args.chart in ("draws", "trust")),
            **options,
        )
    finally:
        if bar is not None:
            bar.close()
    from .common import write_output

    fig = None
    if args.output:
        from ..robust.charts import CHARTS

        if args.chart == "trust" and result.selection is None:
            from ..scenario.errors import Location, ScenarioError

            raise ScenarioError(
                "the trust chart is for 2x2 normal-form games (risk dominance and trust "
                "thresholds)",
                Location("--chart"),
            )
        fig = CHARTS[args.chart](result)
    if args.csv:
        write_output(args.csv, to_csv(result), "csv")
    if fig is not None:
        from .plot import save_figure

        save_figure(fig, args.output)
    if args.json:
        print(json.dumps(to_dict(result), indent=2))
    else:
        print(to_text(result), end="")
    return 0
