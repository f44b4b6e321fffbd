"""Write the table of bundled scenarios (``scenarios/README.md``) from the scenario files.

Every row is computed, never typed, so the table cannot drift from the files:

- title and claims come from each file's memo header (``meta``);
- for normal-form scenarios, the equilibria at the defaults come from the best solver available
  (every equilibrium, mixed included, when ``all`` or the 2-player ``enumerate`` is registered;
  pure equilibria otherwise), and "what changes them" from varying each parameter alone across
  its declared range: the pure-equilibrium set is computed on a grid, each change is located by
  exact bisection and reported at the nearest simple number;
- for other kinds (sequential, repeated, bargaining, conflict) the row gives title, kind and
  claims, and the notes section quotes what the file's ``notes`` say.

Usage::

    python examples/make_scenario_table.py            # print the README to stdout
    python examples/make_scenario_table.py --write    # rewrite scenarios/README.md
    python examples/make_scenario_table.py --check    # exit 1 if scenarios/README.md is stale
"""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "examples"))

from _page import page_main  # noqa: E402  (the examples folder, added just above)

SCENARIOS = REPO / "scenarios"
README = SCENARIOS / "README.md"

GRID_POINTS = 41  # values tried per parameter when scanning for changes
BISECTIONS = 40  # exact bisection steps to locate each change


def _fmt_number(x) -> str:
    """3/4 for exact fractions, 0.871 for floats, integers without a decimal point."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return f"{x.numerator}/{x.denominator}"
    f = float(x)
    if abs(f - round(f)) < 1e-9:
        return str(int(round(f)))
    return f"{f:.3g}"


def _nice(t: Fraction) -> Fraction:
    """The simplest fraction within 1e-6 of ``t`` (thresholds are usually simple numbers)."""
    for den in range(1, 101):
        q = Fraction(round(t * den), den)
        if abs(q - t) <= Fraction(1, 10**6):
            return q
    return t


def _profile_label(game, profile) -> str:
    ids = [game.strategies[i][k] for i, k in enumerate(profile)]
    if len(ids) > 2 and len(set(ids)) == 1:
        return f"all {ids[0]}"  # e.g. the six-party game: "all bargain"
    return "/".join(ids)


def _equilibrium_label(game, eq) -> str:
    profile = eq.pure_profile()
    if profile is not None:
        return _profile_label(game, profile)
    parts = []
    for i, probs in enumerate(eq.strategies):
        support = [(game.strategies[i][k], p) for k, p in enumerate(probs) if p != 0]
        if len(support) == 1:
            parts.append(f"{game.players[i]} {support[0][0]}")
        elif len(probs) == 2:
            s, p = support[0]
            parts.append(f"{game.players[i]} {s} {_fmt_number(p)}")
        else:
            parts.append(
                f"{game.players[i]} " + " + ".join(f"{_fmt_number(p)} {s}" for s, p in support)
            )
    # identical players (e.g. the six-party game) are shown once
    bodies = [part.split(" ", 1)[1] for part in parts]
    if len(parts) > 2 and len(set(bodies)) == 1:
        return f"mixed: each {bodies[0]}"
    return "mixed: " + ", ".join(parts)


def best_method(game) -> str:
    """Every equilibrium when a solver for that is registered; pure equilibria otherwise."""
    from sim.solvers import SOLVERS

    if "all" in SOLVERS:
        return "all"
    if game.n_players == 2 and "enumerate" in SOLVERS:
        return "enumerate"
    return "pure"


def pure_set(scn, overrides) -> frozenset:
    from sim.scenario import build
    from sim.solvers.pure import pure_equilibrium_profiles

    game = build(scn, overrides)
    return frozenset(tuple(int(k) for k in p) for p in pure_equilibrium_profiles(game))


def _describe_set(game, profiles: frozenset) -> str:
    if not profiles:
        return "no pure equilibrium"
    order = sorted(profiles)
    return ", ".join(_profile_label(game, p) for p in order) + (" only" if len(order) == 1 else "")


def parameter_changes(scn, game) -> list[str]:
    """For each parameter with a declared range: where (alone) it changes the pure equilibria."""
    out = []
    default_set = pure_set(scn, {})
    for p in scn.parameters:
        if p.min is None or p.max is None or p.min == p.max:
            continue
        lo, hi = Fraction(p.min), Fraction(p.max)
        grid = sorted(
            {lo + (hi - lo) * k / (GRID_POINTS - 1) for k in range(GRID_POINTS)}
            | {Fraction(p.value)}
        )
        sets = [pure_set(scn, {p.name: v}) for v in grid]
        # runs of equal sets; a run of a single grid point is a tie at a threshold (or at an
        # end of the range) and is left out: it is a point, not a range
        runs: list[list] = []  # [first_index, last_index, set]
        for k, s in enumerate(sets):
            if runs and runs[-1][2] == s:
                runs[-1][1] = k
            else:
                runs.append([k, k, s])
        runs = [r for r in runs if r[0] != r[1]] or runs
        merged: list[list] = []
        for r in runs:
            if merged and merged[-1][2] == r[2]:
                merged[-1][1] = r[1]
            else:
                merged.append(r)
        # locate each boundary by bisection on "same set as the left run"
        bounds = []
        for left, right in zip(merged, merged[1:]):
            a, b = grid[left[1]], grid[right[0]]
            for _ in range(BISECTIONS):
                mid = (a + b) / 2
                if pure_set(scn, {p.name: mid}) == left[2]:
                    a = mid
                else:
                    b = mid
            bounds.append(_nice((a + b) / 2))
        for j, r in enumerate(merged):
            if r[2] == default_set:
                continue
            lo_b = bounds[j - 1] if j > 0 else None
            hi_b = bounds[j] if j < len(bounds) else None
            if lo_b is not None and hi_b is not None:
                where = f"{p.name} between {_fmt_number(lo_b)} and {_fmt_number(hi_b)}"
            elif lo_b is not None:
                where = f"{p.name} above {_fmt_number(lo_b)}"
            elif hi_b is not None:
                where = f"{p.name} below {_fmt_number(hi_b)}"
            else:
                continue
            out.append(f"{where}: {_describe_set(game, r[2])}")
    return out


def _claim_ids(claims) -> list[str]:
    """``C5`` from ``"C5"`` or ``"C5: US secondary sanctions ..."`` (some files explain each claim);
    likewise a file's own ids such as ``E1``."""
    out = []
    for c in claims:
        m = re.match(r"\s*([A-Z]+\d+)\b", c)
        out.append(m.group(1) if m else c)
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def scenario_rows(root: Path = SCENARIOS) -> list[dict]:
    from sim.scenario import ScenarioError, build, load
    from sim.solvers import solve

    rows = []
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).with_suffix("").as_posix()
        row = {"name": name, "file": path.relative_to(root).as_posix()}
        try:
            scn = load(path)
        except ScenarioError as exc:
            row.update(
                title=name,
                kind="?",
                claims="",
                equilibria=f"does not load: {exc}",
                changes="",
                notes="",
            )
            rows.append(row)
            continue
        meta = scn.meta
        row.update(
            title=meta.title,
            kind=meta.kind,
            claims=", ".join(_claim_ids(meta.claims)),
            notes=meta.notes,
        )
        if meta.kind == "normal-form":
            game = build(scn)
            method = best_method(game)
            # a generous budget: the table must not depend on how busy the machine is
            options = {"budget": 600.0} if method == "all" else {}
            result = solve(game, method, **options)
            eqs = [_equilibrium_label(game, e) for e in result.equilibria]
            text = "; ".join(eqs) if eqs else "none found"
            if method == "pure":
                text += " (pure only)"
            if not result.complete:
                text += f" ({result.status}: {result.message})"
            row["equilibria"] = text
            changes = parameter_changes(scn, game)
            row["changes"] = "; ".join(changes) if changes else "no single parameter in its range"
        else:
            row["equilibria"] = "see notes below"
            row["changes"] = "see notes below"
        rows.append(row)
    return rows


HEADER = """\
# Bundled scenarios

Generated by `python examples/make_scenario_table.py --write` from the scenario files; do not
edit by hand (a test checks that this file matches the script's output).

Every number in a scenario is a modelling choice, stated with its reason in the file; the
claims (C1-C15) refer to the founding article's claims listed in the project's seed notes;
other ids (such as E1 and K1 in the graph-model classics) are claims of that file's own sources,
written out in the file.
`negsim run NAME` runs any of them by name (for example `negsim run classics/chicken`).

- **Equilibria at the defaults**: strategies in player order, separated by `/`; mixed
  equilibria give each player's probability of its first strategy (or its full mix). Every
  equilibrium, mixed included, for 2-player games and wherever the `all` solver is present;
  pure equilibria only otherwise (marked).
- **What changes them**: each parameter varied alone across its declared range, pure
  equilibria only; each change located by exact bisection and shown at the nearest simple
  number. At the threshold itself both sides' equilibria usually hold (a tie); ties at a
  single value are not listed.

| Scenario | Kind | Claims | Title | Equilibria at the defaults | What changes them |
|---|---|---|---|---|---|
"""


def render(root: Path = SCENARIOS) -> str:
    rows = scenario_rows(root)
    lines = [HEADER.rstrip("\n")]
    for r in rows:
        lines.append(
            "| "
            + " | ".join(
                [
                    f"[{r['name']}]({r['file']})",
                    r["kind"],
                    _cell(r["claims"]),
                    _cell(r["title"]),
                    _cell(r["equilibria"]),
                    _cell(r["changes"]),
                ]
            )
            + " |"
        )
    lines.append("")
    lines.append("## What each scenario's notes say")
    lines.append("")
    for r in rows:
        lines.append(f"### {r['name']}: {r['title']}")
        lines.append("")
        lines.append(" ".join(r["notes"].split()) if r["notes"] else "(no notes)")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return page_main(
        argv,
        __doc__.splitlines()[0],
        README,
        render,
        "python examples/make_scenario_table.py --write",
    )


if __name__ == "__main__":
    sys.exit(main())
