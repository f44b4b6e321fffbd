"""Solvers refuse early with the size, bound their memory, and honour one time limit.

Every test here runs under the CI's address-space cap (4 GB, `.ci/run`) and answers in seconds;
the ones that run negsim in a subprocess cap it at 2 GB themselves (`tests/hostile.py`).
"""

from __future__ import annotations

import importlib
import itertools
import json
import re
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.cli import main
from sim.game import Game
from sim.scenario import load
from sim.scenario.errors import ScenarioError
from sim.solvers import nplayer, polytope
from sim.solvers.registry import Deadline

from .hostile import negsim
from .test_hostile_sizes import conflict, normal_form

ROOT = Path(__file__).resolve().parent.parent


def random_nfg(shape, seed: int = 1, hi: int = 99) -> str:
    rng = np.random.default_rng(seed)
    players = " ".join(f'"P{i}"' for i in range(len(shape)))
    values = rng.integers(0, hi + 1, int(np.prod(shape)) * len(shape))
    head = f'NFG 1 R "random" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n\n'
    return head + " ".join(map(str, values)) + "\n"


# ------------------------------------------------------------------ N-player 'all' ----------


def test_too_many_support_profiles_are_refused_with_the_size_and_the_limit(tmp_path, capsys):
    path = tmp_path / "four_by_eight.yaml"
    path.write_text(normal_form(4, 8))
    start = time.perf_counter()
    code = main(["solve", str(path), "--time-limit", "5", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["status"] == "partial"
    assert "4,228,250,625 support profiles" in data["message"]  # 255^4
    assert f"at most {nplayer.MAX_SUPPORT_PROFILES:,}" in data["message"]
    assert data["equilibria"]  # the pure equilibria are still listed
    assert time.perf_counter() - start < 60


def test_dominance_tables_match_the_direct_count():
    # the subset-sum tables equal a direct test over every product of subsets
    rng = np.random.default_rng(3)
    for shape in [(2, 3, 2), (3, 2, 2, 2), (2, 2, 3)]:
        U = rng.integers(0, 4, shape + (len(shape),)).astype(float)
        for i in range(len(shape)):
            table = nplayer._dominated_table(U, i, 1e-12)
            others = [j for j in range(len(shape)) if j != i]
            for masks in itertools.product(*[range(1, 1 << shape[j]) for j in others]):
                inside = [[k for k in range(shape[j]) if m >> k & 1] for j, m in zip(others, masks)]
                Ui = np.moveaxis(U[..., i], i, 0)
                sub = Ui[(slice(None), *np.ix_(*inside))].reshape(shape[i], -1)
                want = 0
                for a in range(shape[i]):
                    if any((sub[b] > sub[a] + 1e-12).all() for b in range(shape[i]) if b != a):
                        want |= 1 << a
                assert table[tuple(m - 1 for m in masks)] == want


@pytest.mark.parametrize("shape", [(2,) * 13, (3,) * 6])
def test_many_player_all_stops_at_the_time_limit_within_memory(shape):
    # 13 x 2 used to ask for an 8.11 GiB array and 3^6 for 5.8 GB; both now stop at the limit
    game = Game.from_tensor(np.random.default_rng(1).random(shape + (len(shape),)))
    start = time.perf_counter()
    res = sim.solve(game, "all", time_limit=2)
    assert time.perf_counter() - start < 30
    assert res.status in ("partial", "failed")
    assert "did not finish within" in res.message
    assert not res.complete_set


def test_support_batches_bound_the_memory_and_find_every_equilibrium(monkeypatch):
    # batches of a few support profiles give the same equilibria as one batch
    game = Game.from_tensor(np.random.default_rng(7).integers(0, 9, (3, 3, 3, 3)))
    whole = sim.solve(game, "all")
    monkeypatch.setattr(nplayer, "SUPPORT_BYTES", 3 * nplayer.support_bytes(game.shape))
    batched = sim.solve(game, "all")
    assert whole.status == batched.status
    assert {e.strategies for e in whole.equilibria} == {e.strategies for e in batched.equilibria}


# ------------------------------------------------------- 2-player vertex enumeration ------


def test_a_25_by_25_game_stays_within_memory_and_time(tmp_path):
    path = tmp_path / "r25.nfg"
    path.write_text(random_nfg((25, 25)))
    start = time.perf_counter()
    result = negsim("solve", path, "--time-limit", "10", "--json")  # 2 GB cap (was 11.9 GB)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "partial"
    # vertex enumeration stops at its memory bound or its share of the time; Lemke-Howson
    # then finds certified equilibria in the time left
    assert re.search(r"MB allowed|time limit of [\d.]+ s reached", data["message"])
    assert "Lemke-Howson" in data["message"]
    assert data["equilibria"]
    assert time.perf_counter() - start < 60


def test_the_layer_bound_states_the_size_and_the_limit(monkeypatch):
    monkeypatch.setattr(polytope, "LAYER_BYTES", 20_000)
    rng = np.random.default_rng(0)
    game = Game.from_bimatrix(rng.integers(0, 100, (7, 7)), rng.integers(0, 100, (7, 7)))
    res = sim.solve(game, "enumerate")
    assert res.status == "failed" and not res.equilibria
    assert re.search(r"gave up after [\d,]+ vertices: .* bases in the next layer", res.message)
    assert "more than the 0 MB allowed" in res.message  # 20,000 bytes, shown in MB


def test_a_stopped_column_search_still_pairs_genuine_equilibria(monkeypatch):
    # the column player's polytope stops early: the pairs found are exact equilibria
    rng = np.random.default_rng(2)
    game = Game.from_bimatrix(rng.integers(0, 100, (6, 6)), rng.integers(0, 100, (6, 6)))
    full = sim.solve(game, "enumerate")
    calls = []
    real = polytope.polytope_vertices

    def second_stops(*args, **kwargs):
        out = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 2:
            masks, bases, rhs = out
            keep = slice(0, max(1, masks.size // 2))
            raise polytope.PolytopeTooLarge("cut", (masks[keep], bases[keep], rhs[keep]), True)
        return out

    from sim.solvers import vertex_enumeration

    monkeypatch.setattr(vertex_enumeration, "EXACT_SEARCH", "two")  # the search of P and Q
    monkeypatch.setattr(vertex_enumeration, "polytope_vertices", second_stops)
    part = sim.solve(game, "enumerate")
    assert part.status == "partial" and "others may exist" in part.message
    assert {e.strategies for e in part.equilibria} <= {e.strategies for e in full.equilibria}
    assert all(e.exact and e.max_regret == 0 for e in part.equilibria)


def test_an_expired_deadline_stops_the_vertex_search():
    rng = np.random.default_rng(4)
    game = Game.from_bimatrix(rng.integers(0, 100, (5, 5)), rng.integers(0, 100, (5, 5)))
    deadline = Deadline(1e-9)
    time.sleep(0.001)
    out = sim.solvers.SOLVERS["enumerate"].fn(game, tol=1e-9, deadline=deadline)
    assert not out.complete and out.details["timed_out"]
    assert "time limit" in out.message


# ------------------------------------------------------------------------ conflicts -------


def test_a_conflict_report_stops_explaining_at_the_time_limit(tmp_path):
    # explaining the status quo of 4,096 states took half a minute: past the command's time
    # limit the report says what it left out, in text and in JSON
    import dataclasses

    from sim import contract

    path = tmp_path / "twelve.yaml"
    path.write_text(conflict(12).replace("status_quo: []", "status_quo: [A.a0]"))
    result = contract.analyse(load(path), time_limit=60)
    assert not result.partial
    late = dataclasses.replace(result, deadline=Deadline(1e-9))
    start = time.perf_counter()
    text = contract.to_text(late)
    data = contract.to_dict(late)
    assert time.perf_counter() - start < 10
    assert (
        "A: not explained (the time limit ran out; the stability results above are complete)"
        in text
    )
    assert data["status_quo_explained_partial"] is True
    assert data["status_quo_explained"] == {"A": {}, "B": {}}
    assert data["equilibria"]["seq"]  # the stability results are all there


def test_a_conflict_whose_stability_cannot_finish_gives_a_located_error(tmp_path, capsys):
    path = tmp_path / "ten.yaml"
    path.write_text(conflict(10))
    code = main(["run", str(path), "--time-limit", "1e-9"])
    err = capsys.readouterr().err
    assert code == 1
    assert "--time-limit: the stability analysis of 1,024 states" in err
    assert "did not finish within 1e-09 s" in err


# ----------------------------------------------------------------- sequential trees -------


def signalling(types: int, seed: int = 1) -> str:
    rng = np.random.default_rng(seed)
    out = ["format: negsim/1", "kind: sequential", "title: many types", "players:"]
    out += ["  S: {name: Sender}", "  R: {name: Receiver}", "tree:", "  player: chance"]
    out.append("  moves:")
    for t in range(types):
        out += [f"    t{t}:", f"      prob: 1/{types}", "      player: S", "      moves:"]
        for m in ("m1", "m2"):
            out += [f"        {m}:", "          player: R", f"          infoset: after_{m}"]
            out.append("          moves:")
            for a in ("r1", "r2"):
                s, r = rng.integers(0, 10, 2)
                out.append(f"            {a}: {{payoffs: {{S: {s}, R: {r}}}}}")
    return "\n".join(out) + "\n"


def centipede(stages: int) -> str:
    out = ["format: negsim/1", "kind: sequential", "title: centipede", "players:"]
    out += ["  A: {name: A}", "  B: {name: B}", "tree:"]
    ind = "  "
    for k in range(stages):
        p, q = ("A", "B") if k % 2 == 0 else ("B", "A")
        out += [f"{ind}player: {p}", f"{ind}moves:"]
        out += [f"{ind}  take: {{payoffs: {{{p}: {k + 2}, {q}: {k}}}}}", f"{ind}  pass:"]
        ind += "    "
    out.append(f"{ind}payoffs: {{A: {stages + 1}, B: {stages + 1}}}")
    return "\n".join(out) + "\n"


def test_a_signalling_game_with_many_types_is_cut_short_and_says_so(tmp_path, capsys):
    path = tmp_path / "eight.yaml"
    path.write_text(signalling(8))
    start = time.perf_counter()
    code = main(["run", str(path), "--time-limit", "2", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    # the time limit shows as a stage cut short, or as the solver's incomplete list
    cut = any(n.startswith("partial:") for n in data.get("notes", []))
    assert cut or "not the complete set" in json.dumps(data)
    assert data["perfect_bayesian"]["equilibria"]
    assert time.perf_counter() - start < 40


def test_a_tree_with_nothing_solved_in_time_gives_a_located_error(tmp_path, capsys):
    path = tmp_path / "twelve.yaml"
    path.write_text(signalling(12))
    code = main(["run", str(path), "--time-limit", "1e-9"])
    err = capsys.readouterr().err
    assert code == 1
    assert "--time-limit: nothing was solved within the time limit of 1e-09 s" in err
    assert "of 4,096 sender strategies examined" in err


def test_a_fifty_stage_centipede_is_solved_by_backward_induction(tmp_path):
    path = tmp_path / "centipede.yaml"
    path.write_text(centipede(50))
    start = time.perf_counter()
    result = negsim("run", path, "--time-limit", "3", "--json")  # was 103 s and 9.9 GB
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    bi = data["backward_induction"]
    assert bi["equilibria"]
    assert time.perf_counter() - start < 60


def efg_chain(nodes: int) -> str:
    """A chain of decision nodes (players alternate), each with 'stop' (a leaf) and 'go'."""
    lines = ['EFG 2 R "chain" { "A" "B" }', '""']
    for k in range(nodes):
        lines.append(f'p "" {1 + k % 2} {k + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {k + 1} "" {{ {k % 3}, {k % 5} }}')
    lines.append(f't "" {nodes + 1} "" {{ 1, 1 }}')
    return "\n".join(lines) + "\n"


def test_a_long_efg_chain_honours_the_time_limit(tmp_path, capsys):
    # 99 moves deep (the most .efg allows is 100): many tied subgame-perfect equilibria, a
    # 51 x 50 reduced normal form with 242 pure equilibria to certify.  Listing them all takes
    # about 3 s on a quiet 2-core machine, so a limit of 0.5 s must stop it
    path = tmp_path / "chain.efg"
    path.write_text(efg_chain(99))
    start = time.perf_counter()
    code = main(["run", str(path), "--time-limit", "0.5", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["backward_induction"]["equilibria"]
    assert any(n.startswith("partial:") for n in data["notes"])
    assert time.perf_counter() - start < 30  # a 500-node chain took over 120 s


def test_the_reduced_normal_form_adds_every_leaf_exactly():
    # each pure profile's payoff is the tree's expected payoff under that plan
    from sim.sequential.load import build_tree
    from sim.sequential.reduce import reduced_normal_form

    tree = build_tree(load(ROOT / "scenarios" / "summit_types.yaml"), None)
    rf = reduced_normal_form(tree)
    for profile in itertools.product(*[range(n) for n in rf.game.shape]):
        behaviour = {
            h: tuple(1 if k == 0 else 0 for k in range(len(s.moves)))
            for h, s in tree.infosets.items()
        }
        for i, k in enumerate(profile):
            for h, move in rf.plans[i][k]:
                moves = tree.infosets[h].moves
                behaviour[h] = tuple(1 if m == move else 0 for m in moves)
        want = tree.expected_payoffs(behaviour)
        got = rf.game.exact[profile]
        assert tuple(Fraction(x) for x in got) == tuple(Fraction(x) for x in want)


# ------------------------------------------------------------------- repeated games -------


def olympic(tmp_path, **replace: str) -> Path:
    text = (ROOT / "scenarios" / "olympic_truce.yaml").read_text()
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "repeated.yaml"
    path.write_text(text)
    return path


def test_a_long_repeated_game_is_cut_short_at_the_time_limit(tmp_path, capsys):
    path = olympic(
        tmp_path,
        **{"rounds: 50 ": "rounds: 100000 ", "replications: 200 ": "replications: 1 "},
    )
    start = time.perf_counter()
    code = main(["run", str(path), "--time-limit", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "partial: the round-robin tournament is left out" in out
    assert "of 100,000 rounds" in out
    assert time.perf_counter() - start < 40  # was 152 s


def test_a_huge_stage_payoff_gives_the_exact_minmax(tmp_path, capsys):
    # HiGHS cannot solve the minmax LP with a payoff of 1e20 next to payoffs of a few units
    path = olympic(tmp_path, **{'US: "freeze_value*DPRK.freeze': 'US: "1e20*DPRK.freeze'})
    code = main(["run", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    us = data["minmax"]["US"]
    assert us["value"] == 2 and us["exact"] is True  # pressure against testing: drill_value


# --------------------------------------------------------------------------- the docs ------


def test_the_solver_limits_in_the_docs_match_the_code():
    text = (ROOT / "docs" / "limits.md").read_text()
    for module, name, shown in [
        ("sim.solvers.nplayer", "MAX_SUPPORT_PROFILES", "2,000,000"),
        ("sim.solvers.nplayer", "SUPPORT_BYTES", "256 MB"),
        ("sim.solvers.multiaffine", "BOX_BYTES", "256 MB"),
        ("sim.solvers.polytope", "LAYER_BYTES", "512 MB"),
        ("sim.solvers.polytope", "MAX_LAYER", "250,000"),
        ("sim.solvers.polytope", "VERTEX_BYTES", "512 MB"),
        ("sim.sequential.reduce", "MAX_PROFILES", "200,000"),
    ]:
        value = getattr(importlib.import_module(module), name)
        want = f"{value // 2**20} MB" if shown.endswith("MB") else f"{value:,}"
        assert want == shown
        assert f"| {shown} | `{module}.{name}`" in text
    for module in ("normal_form", "sequential", "repeated", "conflict"):
        value = importlib.import_module(f"sim.{module}.analysis").DEFAULT_TIME_LIMIT
        assert value == 60
        assert f"`sim.{module}.analysis.DEFAULT_TIME_LIMIT`" in text


def test_every_kind_that_solves_takes_the_time_limit():
    from sim import contract

    contract.load_kinds()
    for name in ("normal-form", "sequential", "repeated", "bargaining", "conflict"):
        assert "time_limit" in {o.name for o in contract.get_kind(name).options}, name


def test_a_bad_time_limit_is_refused():
    with pytest.raises(ScenarioError, match="give a positive number of seconds"):
        from sim.contract import TIME_LIMIT

        TIME_LIMIT.parse("-1")
