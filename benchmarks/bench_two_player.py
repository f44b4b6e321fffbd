"""2-player engine vs peers, measured side by side in one run.

1. All equilibria of random n x n games (integers 0..99): negsim ``enumerate`` (exact, and its
   float path) vs lrsnash (when installed), pygambit ``enummixed_solve(rational=True)``,
   QuantEcon ``vertex_enumeration``, nashpy support and vertex enumeration.
2. The tied-payoff suite (3x3 in {0,1}, 5x5 in {0,1,2}; seeded): games in which each tool
   missed an extreme equilibrium of pygambit's exact set, or returned a non-equilibrium.
3. One equilibrium of n x n (n = 10, 50, 100, 200): negsim ``lemke-howson`` vs QuantEcon's numba
   ``lemke_howson`` (first call in a fresh process reported separately) and nashpy's.

Peers that can run for minutes are run in a forked child with a time cap; a capped run is shown
as "> cap".  Times are per game (median over the games of that size) in milliseconds.
Run: ``python benchmarks/run.py two_player [--quick]``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from fractions import Fraction

import numpy as np
from _targets import record

from sim.game import Game
from sim.results import max_regret
from sim.solvers import solve
from sim.solvers.lemke_howson import _start, lemke_howson_path

SEED = 20261128
#: what the tables say when lrsnash (Debian's lrslib) is not on the PATH
LRS_MISSING = "lrsnash not installed (`apt-get install -y lrslib`, see benchmarks/README.md)"


# ----------------------------------------------------------------------------- helpers ------


def _child(conn, fn, args):
    try:
        t0 = time.perf_counter()
        out = fn(*args)
        conn.send((time.perf_counter() - t0, out, None))
    except Exception as exc:  # report, don't crash the benchmark
        conn.send((None, None, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def capped(fn, args, cap: float):
    """Run ``fn(*args)`` in a forked child; ``(seconds, result, note)``; seconds None if capped."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn, args))
    p.start()
    child.close()
    if parent.poll(cap):
        sec, out, err = parent.recv()
        p.join()
        return sec, out, err
    p.kill()
    p.join()
    return None, None, f"> {cap:g} s"


def timed(fn, *args, reps: int = 1):
    best, out = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, out


def ms(sec) -> str:
    if sec is None:
        return "–"
    return f"{sec * 1000:.1f}" if sec < 10 else f"{sec * 1000:.0f}"


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def random_game(rng, n, lo=0, hi=100):
    return rng.integers(lo, hi, (n, n)), rng.integers(lo, hi, (n, n))


# ------------------------------------------------------------------------------- tools ------


def negsim_enumerate(A, B, exact=True):
    res = solve(Game.from_bimatrix(A, B), "enumerate", exact=exact)
    return [e.strategies for e in res.equilibria]


def gambit_enummixed(A, B):
    import pygambit as gbt

    g = gbt.Game.from_arrays(
        [[gbt.Rational(int(v)) for v in r] for r in A],
        [[gbt.Rational(int(v)) for v in r] for r in B],
    )
    res = gbt.nash.enummixed_solve(g, rational=True)
    p0, p1 = list(g.players)
    return [
        (
            tuple(Fraction(str(eq[s])) for s in p0.strategies),
            tuple(Fraction(str(eq[s])) for s in p1.strategies),
        )
        for eq in res.equilibria
    ]


def lrsnash(A, B):
    m, n = A.shape
    text = (
        f"{m} {n}\n\n"
        + "\n".join(" ".join(str(int(v)) for v in r) for r in A)
        + "\n\n"
        + "\n".join(" ".join(str(int(v)) for v in r) for r in B)
        + "\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        out = subprocess.run(["lrsnash", path], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    eqs, ys = [], []
    for line in out.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("*"):
            if not parts:
                ys = []
            continue
        if parts[0] == "2":
            ys.append(tuple(Fraction(v) for v in parts[1 : 1 + n]))
        elif parts[0] == "1":
            x = tuple(Fraction(v) for v in parts[1 : 1 + m])
            eqs.extend((x, y) for y in ys)
    return eqs


def qe_vertex(A, B):
    from quantecon.game_theory import NormalFormGame, Player, vertex_enumeration

    g = NormalFormGame((Player(np.asarray(A, float)), Player(np.asarray(B, float).T)))
    return [(tuple(x), tuple(y)) for x, y in vertex_enumeration(g)]


def nashpy_support(A, B):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(tuple(x), tuple(y)) for x, y in nashpy.Game(A, B).support_enumeration()]


def nashpy_vertex(A, B):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [(tuple(x), tuple(y)) for x, y in nashpy.Game(A, B).vertex_enumeration()]


def _key(p, digits=6):
    return tuple(tuple(round(float(v), digits) + 0.0 for v in s) for s in p)


def _have(mod: str) -> bool:
    try:
        __import__(mod)
        return True
    except ImportError:
        return False


# ------------------------------------------------------------------- 1. all equilibria ------


def section_all(quick: bool) -> str:
    sizes = [4, 6, 8] if quick else [4, 6, 8, 10, 12]
    per_n = {4: 5, 6: 5, 8: 5, 10: 3, 12: 2} if not quick else {4: 2, 6: 2, 8: 2}
    gambit_max = 8 if quick else 10
    nashpy_max = 6
    cap = 20.0 if quick else 60.0
    have_lrs = shutil.which("lrsnash") is not None
    have_gambit = _have("pygambit")
    have_qe = _have("quantecon")
    if have_qe:
        qe_vertex(np.eye(3), np.eye(3))  # numba warm-up, not timed
    rng = np.random.default_rng(SEED)
    rows = []
    for n in sizes:
        t = {k: [] for k in ("neg", "negf", "lrs", "gb", "qe", "nps", "npv")}
        cnt = {k: 0 for k in t}
        same_gb = same_lrs = 0
        notes = {}
        for _ in range(per_n[n]):
            A, B = random_game(rng, n)
            sec, ours = timed(negsim_enumerate, A, B, reps=3 if n <= 8 else 1)
            t["neg"].append(sec)
            cnt["neg"] += len(ours)
            sec, outf = timed(negsim_enumerate, A, B, False, reps=3 if n <= 8 else 1)
            t["negf"].append(sec)
            cnt["negf"] += len(outf)
            ours_set = set(ours)
            if have_lrs:
                sec, out = timed(lrsnash, A, B, reps=3 if n <= 8 else 1)
                t["lrs"].append(sec)
                cnt["lrs"] += len(set(out))
                same_lrs += set(out) == ours_set
            if have_gambit and n <= gambit_max:
                sec, out, note = capped(gambit_enummixed, (A.tolist(), B.tolist()), cap)
                t["gb"].append(sec)
                if out is not None:
                    cnt["gb"] += len(out)
                    same_gb += set(out) == ours_set
                elif note:
                    notes["gb"] = note
            if have_qe:
                sec, out = timed(qe_vertex, A, B, reps=3 if n <= 8 else 1)
                t["qe"].append(sec)
                cnt["qe"] += len(out)
            if n <= nashpy_max:
                for k, fn in (("nps", nashpy_support), ("npv", nashpy_vertex)):
                    sec, out, note = capped(fn, (A, B), cap)
                    t[k].append(sec)
                    if out is not None:
                        cnt[k] += len(out)
                    elif note:
                        notes[k] = note

        def cell(k, ran=True, t=t, cnt=cnt, notes=notes):
            if not ran:
                return "not run"
            if k in notes and med(t[k]) is None:
                return notes[k]
            v = med(t[k])
            return "–" if v is None else f"{ms(v)} ({cnt[k]})"

        neg = med(t["neg"])
        r_gb = f"{med(t['gb']) / neg:.0f}x" if have_gambit and med(t["gb"]) else "–"
        r_lrs = f"{med(t['lrs']) / neg:.2f}" if have_lrs and med(t["lrs"]) else "–"
        if n >= 8:
            record(
                f"all equilibria, random {n}x{n}",
                "lrsnash",
                med(t["lrs"]) / neg if have_lrs and med(t["lrs"]) else None,
                "" if have_lrs else LRS_MISSING,
            )
        rows.append(
            f"| {n}x{n} | {per_n[n]} | {cell('neg')} | {cell('negf')} | "
            f"{cell('lrs', have_lrs)} | {cell('gb', have_gambit and n <= gambit_max)} | "
            f"{cell('qe', have_qe)} | {cell('nps', n <= nashpy_max)} | "
            f"{cell('npv', n <= nashpy_max)} | {r_gb} | {r_lrs} | "
            f"{same_gb if have_gambit and n <= gambit_max else '–'}"
            f"/{same_lrs if have_lrs else '–'} |"
        )
    head = (
        "### All equilibria of random n x n games (payoffs 0..99)\n\n"
        "Median ms per game (total number of equilibria returned over the games).  "
        "negsim = `solve(game, 'enumerate')` including exact certification; "
        "'same' = games where negsim's exact set equals pygambit's / lrsnash's.  "
        f"nashpy runs only up to {nashpy_max}x{nashpy_max} and pygambit up to "
        f"{gambit_max}x{gambit_max} (minutes per game beyond); a child process caps each "
        f"peer call at {cap:g} s.\n\n"
        "| size | games | negsim exact | negsim float | lrsnash | pygambit enummixed "
        "(rational) | QuantEcon vertex_enum | nashpy support_enum | nashpy vertex_enum | "
        "pygambit / negsim | lrsnash / negsim | same as gambit/lrs |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    if not have_lrs:
        print(f"bench_two_player: {LRS_MISSING}; its columns stay empty", file=sys.stderr)
        head = f"**{LRS_MISSING}: its columns are empty.**\n\n" + head
    return head + "\n" + "\n".join(rows)


# ------------------------------------------------------------------- 2. tied suite ----------


def section_ties(quick: bool) -> str:
    if not _have("pygambit"):
        return "### Tied-payoff suite\n\npygambit not installed: no reference, section skipped."
    k = 20 if quick else 125
    rng = np.random.default_rng(SEED + 1)
    games = [(rng.integers(0, 2, (3, 3)), rng.integers(0, 2, (3, 3))) for _ in range(k)]
    games += [(rng.integers(0, 3, (5, 5)), rng.integers(0, 3, (5, 5))) for _ in range(k)]
    tools = [
        ("negsim enumerate (exact)", lambda A, B: negsim_enumerate(A, B), False),
        ("negsim enumerate (float path)", lambda A, B: negsim_enumerate(A, B, False), False),
    ]
    if shutil.which("lrsnash"):
        tools.append(("lrsnash", lrsnash, False))
    if _have("quantecon"):
        tools.append(("QuantEcon vertex_enumeration", qe_vertex, False))
    tools += [
        ("nashpy support_enumeration", nashpy_support, True),
        ("nashpy vertex_enumeration", nashpy_vertex, True),
    ]
    stats = {name: [0, 0, 0, 0.0] for name, _, _ in tools}  # missed, wrong, errors, seconds
    for A, B in games:
        ref = {_key(p) for p in gambit_enummixed(A.tolist(), B.tolist())}
        g = Game.from_bimatrix(A, B)
        for name, fn, fork in tools:
            if fork:
                sec, out, note = capped(fn, (A, B), 10.0)
            else:
                try:
                    sec, out = timed(fn, A, B)
                except Exception:  # a tool that crashes counts as an error
                    sec, out = None, None
            st = stats[name]
            if out is None:
                st[2] += 1
                st[0] += 1
                continue
            st[3] += sec
            got = {_key(p) for p in out}
            if not ref <= got:
                st[0] += 1
            scale = max(1.0, float(np.abs(g.payoffs).max()))
            if any(
                float(max_regret(g, [np.asarray(s, float) for s in p])) > 1e-6 * scale for p in out
            ):
                st[1] += 1
    lines = [
        f"### Tied-payoff suite ({k} games 3x3 in {{0,1}} + {k} games 5x5 in {{0,1,2}}, "
        f"seed {SEED + 1})\n",
        "Reference: pygambit `enummixed_solve(rational=True)`.  'missed' = games in which "
        "the tool did not return every extreme equilibrium of the reference; 'wrong' = games "
        "in which it returned a profile with regret > 1e-6; 'errors' = exceptions or "
        "time-outs (10 s), counted as missed.\n",
        "| tool | missed | wrong | errors | total seconds |",
        "|---|---|---|---|---|",
    ]
    for name, _, _ in tools:
        mi, wr, er, sec = stats[name]
        lines.append(f"| {name} | {mi} | {wr} | {er} | {sec:.2f} |")
    return "\n".join(lines)


# ------------------------------------------------------------------- 3. one equilibrium -----


def _negsim_lh_path(A, B):
    n = A.shape[0]
    return lemke_howson_path(_start(A.astype(float), B.astype(float)), n, n, 0)


def _qe_lh(A, B):
    from quantecon.game_theory import NormalFormGame, Player, lemke_howson

    g = NormalFormGame((Player(np.asarray(A, float)), Player(np.asarray(B, float).T)))
    return lemke_howson(g, init_pivot=0, full_output=True)


def _nashpy_lh(A, B):
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x, y = nashpy.Game(A, B).lemke_howson(initial_dropped_label=0)
    return (tuple(x), tuple(y))


def _fresh_first_call(code: str) -> float | None:
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
        ).stdout
        return float(out.strip().splitlines()[-1])
    except Exception:
        return None


def section_one(quick: bool) -> str:
    sizes = [10, 50, 100] if quick else [10, 50, 100, 200]
    games = 1 if quick else 3
    have_qe = _have("quantecon")
    rng = np.random.default_rng(SEED + 2)
    qe_first = neg_first = None
    if have_qe:
        qe_first = _fresh_first_call(
            "import time; t=time.perf_counter()\n"
            "import numpy as np\n"
            "from quantecon.game_theory import NormalFormGame, Player, lemke_howson\n"
            "g=NormalFormGame((Player(np.eye(10)), Player(np.eye(10)[::-1])))\n"
            "lemke_howson(g)\nprint(time.perf_counter()-t)"
        )
        _qe_lh(np.eye(3), np.eye(3))  # warm this process
    neg_first = _fresh_first_call(
        "import time; t=time.perf_counter()\n"
        "import numpy as np\nimport sim\nfrom sim.solvers import solve\n"
        "g=sim.Game.from_bimatrix(np.eye(10, dtype=int), np.eye(10, dtype=int)[::-1])\n"
        "solve(g, 'lemke-howson')\nprint(time.perf_counter()-t)"
    )
    rows = []
    reps = 3
    for n in sizes:
        tp, ts, tq, tn, piv, cs, cq = [], [], [], [], [], [], []
        notes = {}
        for _ in range(games):
            A, B = random_game(rng, n)
            g = Game.from_bimatrix(A, B)
            # negsim and QuantEcon alternate, call by call, so that both see the same load;
            # each game's time is the median of its calls (wall clock, and CPU time beside it)
            w_p, w_s, w_q, c_s, c_q = [], [], [], [], []
            for _ in range(reps):
                sec, (_, pivots) = timed(_negsim_lh_path, A, B)
                w_p.append(sec)
                c0, t0 = time.process_time(), time.perf_counter()
                res = solve(g, "lemke-howson")
                w_s.append(time.perf_counter() - t0)
                c_s.append(time.process_time() - c0)
                assert res.equilibria and res.equilibria[0].exact
                if have_qe:
                    c0, t0 = time.process_time(), time.perf_counter()
                    _qe_lh(A, B)
                    w_q.append(time.perf_counter() - t0)
                    c_q.append(time.process_time() - c0)
            tp.append(med(w_p))
            piv.append(pivots)
            ts.append(med(w_s))
            cs.append(med(c_s))
            if have_qe:
                tq.append(med(w_q))
                cq.append(med(c_q))
            if n <= 50:
                sec, out, note = capped(_nashpy_lh, (A, B), 20.0 if not quick else 10.0)
                tn.append(sec)
                if note:
                    notes["np"] = note
        q = med(tq)
        ratio_p = f"{q / med(tp):.2f}" if q else "–"
        ratio_s = f"{q / med(ts):.2f}" if q else "–"
        ratio_c = f"{med(cq) / med(cs):.2f}" if q else "–"
        if n >= 200:
            record(
                f"one equilibrium, Lemke-Howson {n}x{n} (exact solve)",
                "QuantEcon lemke_howson",
                q / med(ts) if q else None,
                "" if q else "QuantEcon not installed",
            )
        npcell = (
            "not run (over the cap at 50x50)"
            if n > 50
            else (ms(med(tn)) if med(tn) is not None else notes.get("np", "–"))
        )
        rows.append(
            f"| {n}x{n} | {games} | {int(statistics.median(piv))} | {ms(med(tp))} | "
            f"{ms(med(ts))} | {ms(q) if have_qe else 'not installed'} | {npcell} | "
            f"{ratio_p} | {ratio_s} | {ratio_c} |"
        )
    # degenerate (tied) games: where Lemke-Howson without lexicographic rule cycles
    tied_rows = []
    trng = np.random.default_rng(SEED + 3)
    for _ in range(2 if quick else 4):
        A, B = trng.integers(0, 3, (10, 10)), trng.integers(0, 3, (10, 10))
        g = Game.from_bimatrix(A, B)
        t0 = time.perf_counter()
        ok = all(
            solve(g, "lemke-howson", label=k).rejected == 0
            and solve(g, "lemke-howson", label=k).equilibria
            for k in range(20)
        )
        ours = time.perf_counter() - t0
        sec, out, note = capped(_nashpy_lh, (A, B), 10.0)
        if out is not None:
            good = float(max_regret(g, [np.asarray(v, float) for v in out])) <= 1e-6
            note = f"{ms(sec)} ({'equilibrium' if good else 'NOT an equilibrium'})"
        tied_rows.append(
            f"| 10x10 in {{0,1,2}} | {'yes' if ok else 'NO'} | {ms(ours / 40)} | {note} |"
        )
    tied = (
        "\n\nTied payoffs (10x10, payoffs in {0,1,2}): negsim from every one of the 20 "
        "labels (certified equilibrium each time?) and ms per call; nashpy from label 0 "
        "with a 10 s cap.\n\n| game | negsim all labels certified | negsim ms/call | "
        "nashpy lemke_howson |\n|---|---|---|---|\n" + "\n".join(tied_rows)
    )
    head = (
        "### One equilibrium: Lemke-Howson from label 0 on random n x n (payoffs 0..99)\n\n"
        f"Median ms per game; each game's time is the median of {reps} calls, negsim and "
        "QuantEcon alternating call by call.  'negsim path' = the float pivoting alone (what "
        "QuantEcon's function does); 'negsim solve' = `solve(game, 'lemke-howson')`: path + "
        "exact re-solve of the end basis's support system in integers + exact certification.  "
        "Ratios are QuantEcon time / negsim time (above 1: negsim faster), wall clock, and "
        "CPU time of the same calls (less sensitive to other jobs on the machine).  "
        "QuantEcon timed after warm-up.  "
        f"First call in a fresh process (import + 10x10 game): QuantEcon "
        f"{'–' if qe_first is None else f'{qe_first:.2f} s'} (numba compiles or loads its "
        f"cache), negsim {'–' if neg_first is None else f'{neg_first:.2f} s'}.\n\n"
        "| size | games | pivots | negsim path | negsim solve (exact) | QuantEcon "
        "lemke_howson | nashpy lemke_howson | QE / path | QE / solve | QE / solve (CPU) |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    return head + "\n" + "\n".join(rows) + tied


def section_zero_sum(quick: bool) -> str:
    """Optimal strategies of random zero-sum games: negsim exact vs nashpy linear_program."""
    from sim.solvers.zero_sum import minimax

    have_np = _have("nashpy")
    if have_np:
        import nashpy
    rng = np.random.default_rng(SEED + 7)
    rows = []
    for n in (10, 20) if quick else (10, 20, 40):
        games = [rng.integers(-9, 10, (n, n)) for _ in range(5 if quick else 20)]
        built = [Game.from_bimatrix(A, -A) for A in games]
        minimax(built[0])  # scipy.optimize imported once, before the clock
        t_neg, t_solve, t_np, agree = [], [], [], 0
        for A, g in zip(games, built):
            # the game is built from the array inside the timing, as nashpy's is
            sec, (v, x, _) = timed(lambda A=A: minimax(Game.from_bimatrix(A, -A)), reps=3)
            t_neg.append(sec)
            t_solve.append(timed(solve, g, "zero-sum", reps=3)[0])
            if have_np:
                sec, (row, _) = timed(lambda A=A: nashpy.Game(A, -A).linear_program(), reps=3)
                t_np.append(sec)
                agree += abs(float(min(row @ A)) - float(v)) < 1e-6
        ratio = med(t_np) / med(t_neg) if t_np else None
        if n == 40:
            record(f"zero-sum {n}x{n}, optimal strategies", "nashpy linear_program", ratio)
        rows.append(
            f"| {n}x{n} | {len(games)} | {ms(med(t_neg))} | {ms(med(t_solve))} | "
            f"{ms(med(t_np)) if t_np else 'not installed'} | "
            f"{'–' if ratio is None else f'{ratio:.2f}'} | {agree}/{len(games)} |"
        )
    return (
        "### Zero-sum games: value and optimal strategies (payoffs -9..9)\n\n"
        "Median over games of the best of 3 calls, ms; both times include building the game "
        "from the integer array.  negsim `minimax`: one HiGHS LP (the "
        "column player's strategy is its dual), then the exact pair recovered on the supports "
        "and certified in integers (unique optimum), exact Fractions returned; "
        "`solve(..., 'zero-sum')` adds the registry's exact certification.  nashpy "
        "`linear_program` returns floats.\n\n"
        "| size | games | negsim minimax (exact) | negsim solve | nashpy linear_program | "
        "nashpy / negsim minimax | values agree |\n|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
    )


def main(quick: bool = False) -> str:
    return "\n\n".join(
        [section_zero_sum(quick), section_all(quick), section_ties(quick), section_one(quick)]
    )


if __name__ == "__main__":
    print(main(quick="--quick" in sys.argv))
