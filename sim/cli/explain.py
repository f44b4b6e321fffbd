"""``negsim explain``: the step-by-step teaching narrative of a scenario."""

from __future__ import annotations

from .common import EXAMPLE_FORMATTER, add_set_option, load_scenario, overrides_from


def add_parser(sub):
    p = sub.add_parser(
        "explain", help="explain a scenario step by step (for teaching)",
        formatter_class=EXAMPLE_FORMATTER,
        description="Explain a scenario in plain words: the game, dominated strategies, best "
                    "responses, each equilibrium and why no one deviates (mixed equilibria "
                    "solved from the indifference conditions, exact fractions), what the result "
                    "says, and which parameter changes would change it.\n\n"
                    "examples:\n"
                    "  negsim explain\n"
                    "  negsim explain freeze_for_freeze --set drill_value=4\n"
                    "  negsim explain classics/chicken --format markdown > chicken.md")
    p.add_argument("scenario", nargs="?", help="scenario file or bundled name (see `negsim list`)")
    add_set_option(p)
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="output format (default: text)")
    p.add_argument("--method", default="auto", help="equilibrium method (default: every "
                   "equilibrium the size allows)")
    p.add_argument("--no-thresholds", action="store_true",
                   help="skip the parameter scan (what would change the result)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                   help="give up solving after this long and say so (default 60)")
    p.set_defaults(handler=run_command)
    return p


def run_command(args) -> int:
    from ..explain import explain

    scenario = load_scenario(args.scenario)
    expl = explain(scenario, overrides=overrides_from(args), method=args.method,
                   time_limit=args.time_limit, thresholds=not args.no_thresholds,
                   options={"method": args.method, "time_limit": args.time_limit})
    if args.format == "markdown":
        from ..report.markdown import render_markdown

        print(render_markdown(expl), end="")
    else:
        from ..explain.text import render_text

        print(render_text(expl), end="")
    return 0
