"""N-player games: negsim vs pygambit, measured side by side in one run.

1. Pure equilibria of 3-player k-action games (k = 4, 8, 16, 32) and a 6-player 4-action game,
   *including game construction*: ``Game.from_tensor`` + ``solve(game, "pure")`` against
   ``pygambit.Game.from_arrays`` + ``enumpure_solve``.
2. All equilibria of 30 random 3x3x3 games (integer payoffs 0..99, as in the issue; and generic
   float payoffs): ``solve(game, "all")`` against ``enumpoly_solve``.  pygambit runs in one
   long-lived worker process with a time limit per game, because ``enumpoly_solve`` can run for
   minutes on games with tied payoffs (a worker that passes it is replaced).  Equilibrium sets
   are compared; every equilibrium only one side reports is checked with pygambit's own
   ``max_regret``.
3. One equilibrium by the logit QRE path on larger games: ``solve(game, "logit-qre")`` against
   ``logit_solve``.

Run: ``python benchmarks/run.py nplayer [--quick]``.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import time

import numpy as np
from _targets import record

import sim
from sim.game import Game

try:
    import pygambit as gbt
except ImportError:  # pragma: no cover - the benchmark still reports negsim's own numbers
    gbt = None


def _ms(x: float) -> str:
    return f"{1e3 * x:.1f}"


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


# -- 1. pure equilibria ----------------------------------------------------------------------


def bench_pure(quick: bool) -> str:
    rng = np.random.default_rng(2024)
    shapes = [(4, 4, 4), (8, 8, 8), (16, 16, 16), (32, 32, 32), (4,) * 6]
    repeat = 2 if quick else 5
    rows = [
        "| game | negsim `pure` (ms) | pygambit `enumpure_solve` (ms) | ratio | equilibria "
        "(negsim / pygambit) |",
        "|---|---:|---:|---:|---|",
    ]
    for shape in shapes:
        T = rng.integers(0, 100, shape + (len(shape),))
        t_n, res = _best(lambda T=T: sim.solve(Game.from_tensor(T), "pure"), repeat)
        name = f"{len(shape)} players x {shape[0]} actions"
        if gbt is None:
            rows.append(f"| {name} | {_ms(t_n)} | - | - | {len(res.equilibria)} / - |")
            continue

        def gam(T=T):
            G = gbt.Game.from_arrays(*[T[..., i] for i in range(T.shape[-1])])
            return gbt.nash.enumpure_solve(G)

        t_g, rg = _best(gam, repeat)
        rows.append(
            f"| {name} | {_ms(t_n)} | {_ms(t_g)} | {t_g / t_n:.0f}x | "
            f"{len(res.equilibria)} / {len(rg.equilibria)} |"
        )
    return (
        "Pure equilibria, times include building the game from a numpy array (best of "
        f"{repeat}); payoffs are random integers 0..99.\n\n" + "\n".join(rows)
    )


# -- 2. all equilibria of 3x3x3 games --------------------------------------------------------


def _gambit_enumpoly_loop(conn):
    """A long-lived worker: solves each game it receives with pygambit's enumpoly."""
    import pygambit

    while True:
        T = conn.recv()
        if T is None:
            return
        G = pygambit.Game.from_arrays(
            *[np.asarray(T[..., i], dtype=float) for i in range(T.shape[-1])]
        )
        c, t = time.process_time(), time.perf_counter()
        res = pygambit.nash.enumpoly_solve(G)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        profs = [[float(eq[s]) for p in G.players for s in p.strategies] for eq in res.equilibria]
        conn.send((wall, cpu, profs))


class _GambitWorker:
    """pygambit's enumpoly in one spawned process, started once and replaced only after a game
    that passes the time cap.  Forking a child per game would leave this process's memory
    shared copy-on-write, so negsim's next call would pay page faults (about 3.5 ms a game) that
    have nothing to do with its solver."""

    def __init__(self) -> None:
        self.proc = None
        self.conn = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_gambit_enumpoly_loop, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def solve(self, T, timeout: float):
        if self.proc is None or not self.proc.is_alive():
            self._start()
        self.conn.send(T)
        if self.conn.poll(timeout):
            return self.conn.recv()
        self.close(kill=True)
        return None

    def close(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.conn.send(None)
        self.proc.join()
        self.proc = self.conn = None


def _gambit_regret(T, flat) -> float:
    G = gbt.Game.from_arrays(*[np.asarray(T[..., i], dtype=float) for i in range(T.shape[-1])])
    prof = G.mixed_strategy_profile(rational=False)
    k = 0
    for p in G.players:
        for s in p.strategies:
            prof[s] = float(flat[k])
            k += 1
    return float(prof.max_regret())


def _contains(profiles, x, atol=1e-6) -> bool:
    return any(np.max(np.abs(np.asarray(p) - x)) < atol for p in profiles)


def bench_all_333(quick: bool, kind: str) -> str:
    n_games = 10 if quick else 30
    timeout = 5.0 if quick else 20.0
    rng = np.random.default_rng(333 if kind == "int" else 334)
    t_neg, c_neg, t_gam, c_gam = [], [], [], []
    same = extra_ok = missing = gam_timeout = degenerate = not_eq = 0
    n_neg, n_gam = [], []
    worker = _GambitWorker() if gbt is not None else None
    for _ in range(n_games):
        T = rng.integers(0, 100, (3, 3, 3, 3)) if kind == "int" else rng.random((3, 3, 3, 3))
        c, t = time.process_time(), time.perf_counter()
        res = sim.solve(Game.from_tensor(T), "all")
        t_neg.append(time.perf_counter() - t)
        c_neg.append(time.process_time() - c)
        mine = [np.concatenate(e.as_floats()) for e in res.equilibria]
        n_neg.append(len(mine))
        degenerate += res.status != "complete"
        if worker is None:
            continue
        out = worker.solve(T, timeout)
        if out is None:
            gam_timeout += 1
            continue
        wall, cpu, theirs = out
        t_gam.append(wall)
        c_gam.append(cpu)
        n_gam.append(len(theirs))
        scale = max(1.0, float(np.abs(T).max()))
        miss = [x for x in theirs if not _contains(mine, np.asarray(x))]
        bad = [x for x in miss if _gambit_regret(T, np.asarray(x)) > 1e-6 * scale]
        not_eq += bool(bad)
        miss = [x for x in miss if not any(x is y for y in bad)]
        extra = [x for x in mine if not _contains(theirs, x)]
        missing += bool(miss)
        if not miss and not extra:
            same += 1
        elif not miss and all(_gambit_regret(T, x) <= 1e-9 * scale for x in extra):
            extra_ok += 1
    if worker is not None:
        worker.close()
    label = "integers 0..99" if kind == "int" else "uniform floats (generic)"
    lines = [
        f"{n_games} random 3x3x3 games, payoffs {label}.",
        "",
        "| | negsim `all` | pygambit `enumpoly_solve` |",
        "|---|---:|---:|",
        f"| median wall time (ms) | {_ms(statistics.median(t_neg))} | "
        f"{_ms(statistics.median(t_gam)) if t_gam else '-'} |",
        f"| median CPU time (ms) | {_ms(statistics.median(c_neg))} | "
        f"{_ms(statistics.median(c_gam)) if c_gam else '-'} |",
        f"| equilibria found (total) | {sum(n_neg)} | {sum(n_gam) if n_gam else '-'} |",
        f"| games answered | {n_games} ({degenerate} reported partial: degenerate) | "
        f"{n_games - gam_timeout} ({gam_timeout} still running after {timeout:g} s) |",
    ]
    if gbt is not None:
        lines += [
            "",
            f"Same equilibrium set: {same} games.  negsim found every pygambit "
            f"equilibrium plus more, each extra certified by pygambit's own max_regret "
            f"(<= 1e-9 x max payoff): {extra_ok} games.  pygambit found an equilibrium "
            f"negsim did not: {missing} games.  pygambit returned a profile that is "
            f"not an equilibrium (its own max_regret > 1e-6 x max payoff): {not_eq} "
            "games.",
        ]
        if t_gam:
            ratio = statistics.median(t_gam) / statistics.median(t_neg)
            cratio = statistics.median(c_gam) / statistics.median(c_neg)
            record(f"all equilibria, random 3x3x3 ({kind} payoffs)", "pygambit enumpoly", ratio)
            lines.append(
                f"Median time ratio pygambit / negsim: wall {ratio:.2f}, CPU "
                f"{cratio:.2f} (over games pygambit finished)."
            )
    return "\n".join(lines)


# -- 3. logit QRE ----------------------------------------------------------------------------


def bench_qre(quick: bool) -> str:
    shapes = [(4, 4, 4), (6, 6, 6)] if quick else [(4, 4, 4), (6, 6, 6), (3, 3, 3, 3), (2,) * 6]
    per = 2 if quick else 4
    reps = 2 if quick else 3
    rng = np.random.default_rng(77)
    rows = [
        "| game | negsim `logit-qre` median (ms) | pygambit `logit_solve` median (ms) | "
        "certified | same end point |",
        "|---|---:|---:|---:|---:|",
    ]
    for shape in shapes:
        tn, tg, cert, agree = [], [], 0, 0
        for _ in range(per):
            T = rng.integers(0, 1000, shape + (len(shape),))
            # negsim and pygambit alternate call by call (same load for both); each game's
            # time is the median of its calls
            wn, wg = [], []
            for _ in range(reps):
                t = time.perf_counter()
                res = sim.solve(Game.from_tensor(T), "logit-qre")
                wn.append(time.perf_counter() - t)
                if gbt is None:
                    continue
                t = time.perf_counter()
                G = gbt.Game.from_arrays(
                    *[np.asarray(T[..., i], dtype=float) for i in range(len(shape))]
                )
                eq = gbt.nash.logit_solve(G).equilibria[0]
                wg.append(time.perf_counter() - t)
            tn.append(statistics.median(wn))
            cert += res.status == "complete"
            if gbt is None:
                continue
            tg.append(statistics.median(wg))
            theirs = np.array([float(eq[s]) for p in G.players for s in p.strategies])
            if res.equilibria:
                mine = np.concatenate(res.equilibria[0].as_floats())
                agree += bool(np.max(np.abs(mine - theirs)) < 1e-4)
        name = "x".join(map(str, shape))
        if tg:
            ratio = statistics.median(tg) / statistics.median(tn)
            record(f"logit QRE {name}", "pygambit logit_solve", ratio)
        rows.append(
            f"| {name} | {_ms(statistics.median(tn))} | "
            f"{_ms(statistics.median(tg)) if tg else '-'} | {cert}/{per} | "
            f"{agree}/{per if tg else '-'} |"
        )
    return (
        "One equilibrium from the logit QRE branch (random integer payoffs 0..999); negsim "
        "refines the end point on its support and certifies it.  Median over games of each "
        f"game's median of {reps} calls, negsim and pygambit alternating.\n\n" + "\n".join(rows)
    )


def main(quick: bool) -> str:
    parts = [
        "### Pure equilibria, N players",
        bench_pure(quick),
        "### All equilibria of 3x3x3 games",
        bench_all_333(quick, "int"),
        "",
        bench_all_333(quick, "float"),
        "### Logit QRE",
        bench_qre(quick),
    ]
    return "\n\n".join(parts)


if __name__ == "__main__":
    import sys

    print(main(quick="--quick" in sys.argv))
