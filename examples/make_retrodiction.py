"""Write ``docs/retrodiction.md``: is each Korean scenario consistent with the 2017-2019 record?

The record (``docs/record.yaml``) lists dated, sourced events and, per scenario, what the players
did at each event as a partial strategy profile (``{US: suspend, DPRK: freeze}``) or, for kinds
whose outcomes are not profiles, a pattern over the outcome labels.  This script analyses every
scenario named there (at its default values, or with the check's ``set:`` and ``move_order:``),
matches the observed profile against the equilibria it finds, and writes the verdicts: nothing
on the page is typed.  Profiles are matched by strategy ids, so outcome labels may change freely;
a check whose scenario or strategies no longer exist is reported as "cannot check", never a crash.
A test checks the page matches this script's output.

Usage::

    python examples/make_retrodiction.py            # print the page
    python examples/make_retrodiction.py --write    # rewrite docs/retrodiction.md
    python examples/make_retrodiction.py --check    # exit 1 if docs/retrodiction.md is stale
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "examples"))

from _page import page_main  # noqa: E402  (the examples folder, added just above)

PAGE = REPO / "docs" / "retrodiction.md"
RECORD = REPO / "docs" / "record.yaml"

PREDICTED = "predicted"
POSSIBLE = "possible"
MIXED_ONLY = "possible only in a mixed equilibrium"
RULED_OUT = "ruled out"
CANNOT = "cannot check"

#: how each verdict reads in the table's "consistent?" column
CONSISTENT = {
    PREDICTED: "yes",
    POSSIBLE: "yes, among others",
    MIXED_ONLY: "only by chance",
    RULED_OUT: "**no**",
    CANNOT: "?",
}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    detail: str


def load_record(path: Path = RECORD) -> dict[str, Any]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {
        "events": data.get("events") or {},
        "checks": data.get("checks") or {},
        "not_checked": data.get("not_checked") or {},
    }


def _wanted(observed: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    out = {}
    for player, s in observed.items():
        out[str(player)] = tuple(str(x) for x in s) if isinstance(s, list) else (str(s),)
    return out


def _check_names(game: Any, wanted: Mapping[str, Sequence[str]]) -> str | None:
    for player, strategies in wanted.items():
        if player not in game.players:
            return f"the scenario has no player {player} (players: {', '.join(game.players)})"
        known = game.strategies[game.players.index(player)]
        for s in strategies:
            if s not in known:
                return f"{player} has no strategy '{s}' (strategies: {', '.join(known)})"
    return None


def _probability(game: Any, probs: Sequence[Sequence[Any]], wanted) -> tuple[Any, bool]:
    """(probability that the profile plays ``wanted``, whether it does so for sure)."""
    total = 1
    for player, strategies in wanted.items():
        i = game.players.index(player)
        total *= sum(probs[i][game.strategies[i].index(s)] for s in strategies)
    return total, total == 1


def _profile_text(wanted: Mapping[str, Sequence[str]]) -> str:
    return ", ".join(f"{p} {' or '.join(ss)}" for p, ss in wanted.items())


def judge_profiles(
    game: Any,
    profiles: Sequence[tuple[str, Sequence[Sequence[Any]]]],
    wanted,
    what: tuple[str, str] = ("equilibrium", "equilibria"),
) -> Verdict:
    """The verdict of ``wanted`` against ``(label, probabilities)`` of each equilibrium
    (``what``: how to call them, singular and plural)."""
    bad = _check_names(game, wanted)
    if bad is not None:
        return Verdict(CANNOT, bad)
    if not profiles:
        return Verdict(CANNOT, f"the analysis found no {what[0]}")
    sure = [label for label, probs in profiles if _probability(game, probs, wanted)[1]]
    some = [label for label, probs in profiles if _probability(game, probs, wanted)[0] > 0]
    n = len(profiles)
    if len(sure) == n:
        return Verdict(PREDICTED, f"every {what[0]} ({n}) plays it: " + "; ".join(sure))
    if sure:
        return Verdict(POSSIBLE, f"{len(sure)} of {n} {what[1]}: " + "; ".join(sure))
    if some:
        return Verdict(MIXED_ONLY, "with positive probability in: " + "; ".join(some))
    found = "; ".join(p[0] for p in profiles)
    return Verdict(RULED_OUT, f"no {what[0]} plays it (found: {found})")


def _path_moves(label: str) -> dict[str, set[str]] | None:
    """``"US: multilateral → DPRK: transfer → US: honour"`` → moves by player (None: not a
    path label)."""
    moves: dict[str, set[str]] = {}
    for part in label.split(" → "):
        if ": " not in part:
            return None
        player, move = part.split(": ", 1)
        if not re.fullmatch(r"\w+", player) or not re.fullmatch(r"\w+", move):
            return None
        moves.setdefault(player, set()).add(move)
    return moves


def judge_paths(labels: Sequence[str], wanted) -> Verdict:
    paths = [(label, _path_moves(label)) for label in labels]
    if not paths or any(m is None for _, m in paths):
        return Verdict(CANNOT, "the outcomes are not paths of moves; give a 'pattern' instead")
    players = {p for _, m in paths for p in (m or {})}
    for player in wanted:
        if player not in players:
            return Verdict(CANNOT, f"no move of {player} on any equilibrium path")
    hits = [
        label
        for label, m in paths
        if m is not None and all(set(ss) & m.get(p, set()) for p, ss in wanted.items())
    ]
    if len(hits) == len(paths):
        return Verdict(PREDICTED, f"every subgame-perfect path ({len(paths)}) has it")
    if hits:
        return Verdict(POSSIBLE, f"{len(hits)} of {len(paths)} paths: " + "; ".join(hits))
    return Verdict(RULED_OUT, "no subgame-perfect path has it (found: " + "; ".join(labels) + ")")


def judge_pattern(labels: Sequence[str], pattern: str) -> Verdict:
    hits = [label for label in labels if re.search(pattern, label)]
    if hits:
        return Verdict(POSSIBLE, f"{len(hits)} of {len(labels)} outcomes: " + "; ".join(hits))
    shown = "; ".join(labels[:4]) + ("; ..." if len(labels) > 4 else "")
    return Verdict(RULED_OUT, f"no outcome matches (found: {shown})")


def judge(name: str, check: Mapping[str, Any]) -> Verdict:
    """Analyse scenario ``name`` as ``check`` says and judge what the record observed."""
    from sim import contract
    from sim.bundled import load
    from sim.labels import equilibrium_label

    try:
        scenario = load(name)
    except Exception as exc:  # noqa: BLE001 - a page generator reports, never stops
        return Verdict(CANNOT, f"the scenario does not load ({exc})")
    options: dict[str, Any] = {}
    if check.get("move_order"):
        order = check["move_order"]
        options["move_order"] = ",".join(order) if isinstance(order, list) else str(order)
    try:
        result = contract.analyse(scenario, dict(check.get("set") or {}), **options)
        labels = contract.outcomes(result)
    except Exception as exc:  # noqa: BLE001
        return Verdict(CANNOT, f"not analysed here ({exc})")
    if "pattern" in check:
        return judge_pattern(labels, str(check["pattern"]))
    wanted = _wanted(check.get("observed") or {})
    if not wanted:
        return Verdict(CANNOT, "the check gives neither 'observed' nor 'pattern'")
    game = getattr(result, "game", None)
    # a file's own move_order adds a sequential reading to every analysis; a check reads it only
    # when it asks for a move order, otherwise it is judged on the simultaneous equilibria
    reading = getattr(result, "move_order", None) if check.get("move_order") else None
    if game is not None and reading is not None:
        profiles = []
        for out in reading.outcomes:
            probs = [
                [1 if k == out.profile[i] else 0 for k in range(len(ss))]
                for i, ss in enumerate(game.strategies)
            ]
            profiles.append((game.profile_label(out.profile), probs))
        return judge_profiles(
            game, profiles, wanted, ("subgame-perfect path", "subgame-perfect paths")
        )
    if game is not None and hasattr(result, "solve"):
        profiles = [
            (equilibrium_label(game.strategies, e.strategies), e.strategies)
            for e in result.solve.equilibria
        ]
        return judge_profiles(game, profiles, wanted)
    return judge_paths(labels, wanted)


def _date(value: Any) -> str:
    return str(value)


def _korean(names: Sequence[str]) -> list[str]:
    return [n for n in names if not n.startswith("classics/")]


def render(record: Mapping[str, Any] | None = None) -> str:
    from sim.bundled import bundled_names

    record = record or load_record()
    events = record["events"]
    checks = record["checks"]
    lines = [
        "# Retrodiction: the Korean scenarios against the 2017-2019 record",
        "",
        "Generated by `python examples/make_retrodiction.py --write` from "
        "[`record.yaml`](record.yaml) and the scenario files; do not edit by hand (a test checks "
        "that this page matches the script's output).",
        "",
        "Each check states what the players did at a dated event, as a partial strategy profile, "
        "and asks whether the scenario's equilibria at its default values allow it. **predicted**: "
        "every equilibrium plays it; **possible**: some pure equilibrium does, others do not; "
        "**possible only in a mixed equilibrium**: it happens only by chance, in an equilibrium "
        "where someone randomises; **ruled out**: no equilibrium plays it. A model that rules "
        "out what happened is missing something (a move, a player, a payoff term, a belief); one "
        "that calls everything possible has not been tested by the record. One event is one "
        "observation: consistency is not confirmation.",
        "",
        "## The record",
        "",
        "| event | date | what happened |",
        "| --- | --- | --- |",
    ]
    for key, ev in sorted(events.items(), key=lambda kv: _date(kv[1].get("date"))):
        what = " ".join(str(ev.get("what", "")).split())
        lines.append(f"| `{key}` | {_date(ev.get('date'))} | {what} |")
    lines += ["", "Sources:", ""]
    for key, ev in sorted(events.items(), key=lambda kv: _date(kv[1].get("date"))):
        for src in ev.get("sources") or []:
            lines.append(f"- `{key}`: {src}")
    lines += ["", "## The checks", ""]
    lines.append("| scenario | event | what happened | as a profile | verdict | consistent? |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    details = []
    counts: dict[str, int] = {}
    for name in sorted(checks):
        for check in checks[name]:
            ev = str(check.get("event", "?"))
            verdict = judge(name, check)
            counts[verdict.verdict] = counts.get(verdict.verdict, 0) + 1
            if "pattern" in check:
                what = f"outcome label matches `{check['pattern']}`"
            else:
                what = _profile_text(_wanted(check.get("observed") or {}))
            how = []
            if check.get("move_order"):
                order = check["move_order"]
                shown = " → ".join(order) if isinstance(order, list) else str(order)
                how.append("moves in turn: " + shown)
            if check.get("set"):
                how.append(", ".join(f"{k} = {v}" for k, v in check["set"].items()))
            scen = f"`{name}`" + (f" ({'; '.join(how)})" if how else "")
            reading = " ".join(str(check.get("reading", "")).split())
            date = _date(events.get(ev, {}).get("date", "?"))
            lines.append(
                f"| {scen} | `{ev}` ({date}) | {reading} | {what} | {verdict.verdict} | "
                f"{CONSISTENT[verdict.verdict]} |"
            )
            details.append(f"- `{name}` at `{ev}`: {verdict.verdict}: {verdict.detail}.")
    lines += ["", "Totals: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) + ".", ""]
    lines += ["## What the models found", ""] + details + [""]
    missing = [n for n in _korean(bundled_names()) if n not in checks]
    lines += ["## Korean scenarios without a check", ""]
    if not missing:
        lines.append("None: every Korean scenario is checked above.")
    for name in missing:
        why = record["not_checked"].get(name)
        lines.append(f"- `{name}`: " + (why if why else "no entry in `record.yaml` yet") + ".")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    return page_main(
        argv, __doc__.splitlines()[0], PAGE, render, "python examples/make_retrodiction.py --write"
    )


if __name__ == "__main__":
    sys.exit(main())
