"""Round-robin tournaments of the repeated Prisoner's Dilemma: negsim against Axelrod-Python.

The same six strategies on both sides (always cooperate = Cooperator, always defect = Defector,
grim = Grudger, tit for tat = TitForTat, generous tit for tat with generosity 1/3 = GTFT(p=1/3),
win-stay lose-shift = WinStayLoseShift), the same game (R, S, T, P = 3, 0, 5, 1), the same
number of turns and repetitions, the same noise (each move flipped with that probability, the
flipped move being what both players see), self-play included in both.

Scores: each strategy's mean payoff per turn over all its matches (Axelrod: the mean of its row
of ``payoff_matrix``).  Agreement: without noise every match of the deterministic strategies is
identical, so the scores must agree to rounding (GTFT's forgiveness is random: within sampling
error); with noise the two programs draw different random numbers, so the scores agree within
sampling error, reported as the largest difference against four standard errors of negsim's
estimate (from its repetitions).  Times: the whole tournament, best of ``repeat`` runs.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np
from _targets import record

from sim.game import Game
from sim.repeated.machines import BUILTINS, builtin
from sim.repeated.simulate import tournament

PD = Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


def _axelrod_players(axl):
    return [
        axl.Cooperator(),
        axl.Defector(),
        axl.Grudger(),
        axl.TitForTat(),
        axl.GTFT(p=1 / 3),
        axl.WinStayLoseShift(),
    ]


def _best(fn, repeat: int):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _ours(turns: int, reps: int, noise: float, seed: int):
    machines = [builtin(s, generosity=Fraction(1, 3)) for s in BUILTINS]
    return tournament(
        PD, machines, (0, 0), (1, 1), rounds=turns, noise=noise, seed=seed, replications=reps
    )


def _theirs(axl, turns: int, reps: int, noise: float, seed: int):
    t = axl.Tournament(_axelrod_players(axl), turns=turns, repetitions=reps, noise=noise, seed=seed)
    return t.play(progress_bar=False, processes=1)


def _our_stderr(turns: int, reps: int, noise: float) -> np.ndarray:
    """Standard error of each score from independent runs (differently seeded)."""
    runs = np.array([_ours(turns, reps, noise, seed).score for seed in range(5)])
    return runs.std(axis=0, ddof=1)


def main(quick: bool = False) -> str:
    try:
        import axelrod as axl
    except ImportError:
        record("tournament, 6 strategies", "Axelrod", None, "Axelrod not installed")
        return "Axelrod-Python is not installed (`pip install -e .[bench]`)."
    rows = [
        "| turns | repetitions | noise | negsim | Axelrod | Axelrod / negsim | largest score "
        "difference | agreement |",
        "|---|---|---|---|---|---|---|---|",
    ]
    cases = (
        ((50, 5, 0.0), (50, 5, 0.05))
        if quick
        else ((200, 10, 0.0), (200, 10, 0.05), (200, 100, 0.05))
    )
    repeat = 1 if quick else 3
    for turns, reps, noise in cases:
        t_ours, ours = _best(lambda t=turns, r=reps, e=noise: _ours(t, r, e, 1), repeat)
        t_theirs, theirs = _best(lambda t=turns, r=reps, e=noise: _theirs(axl, t, r, e, 1), repeat)
        their_score = np.array([np.mean(row) for row in theirs.payoff_matrix])
        diff = np.abs(np.asarray(ours.score) - their_score)
        if noise == 0:
            det = [i for i, s in enumerate(BUILTINS) if s != "generous_tit_for_tat"]
            # GTFT's random forgiveness moves every score a little; the matches between
            # deterministic strategies are identical in both programs
            same = np.allclose(
                np.asarray(ours.first)[np.ix_(det, det)],
                np.array(theirs.payoff_matrix)[np.ix_(det, det)],
                atol=1e-12,
            )
            verdict = "deterministic matches identical" if same else "DISAGREE"
        else:
            bound = 4 * np.sqrt(2) * _our_stderr(turns, reps, noise)
            ok = bool(np.all(diff <= np.maximum(bound, 1e-9)))
            verdict = "within 4 standard errors" if ok else "DISAGREE"
        ratio = t_theirs / t_ours
        record(f"tournament, 6 strategies, {turns} turns x {reps}, noise {noise}", "Axelrod", ratio)
        rows.append(
            f"| {turns} | {reps} | {noise} | {t_ours * 1000:.0f} ms | {t_theirs * 1000:.0f} ms "
            f"| {ratio:.1f} | {diff.max():.4f} | {verdict} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print(main(quick="--quick" in sys.argv))
