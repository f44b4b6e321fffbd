"""Theory of Moves (``--method tom``): non-myopic equilibria of strict ordinal 2x2 games, checked
by hand on the Prisoner's Dilemma and Chicken, against a slow, literal implementation of the
rules on every strict ordinal 2x2 game (all 78 up to relabelling), and against what published
sources state (each such test names its source and the statement it checks).

The rules as implemented are those of :mod:`sim.solvers.tom` (backward induction over at most
four switches; when one player would move and the other would not, the mover's outcome
results).  What no source at hand let us check (Brams' two-sidedness convention; moving, order
and threat power; the Cuban-crisis matrix) is listed in ``docs/solvers.md`` and not tested."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

import sim
from sim import contract
from sim.bundled import load
from sim.game import Game
from sim.scenario.errors import ScenarioError
from sim.solvers.tom import ordinal_ranks, tom_analysis

C, D = 0, 1


def game_of(ranks) -> Game:
    """``ranks[(r, c)] = (row's rank, column's rank)``."""
    pay = np.zeros((2, 2, 2), dtype=int)
    for (r, c), (a, b) in ranks.items():
        pay[r, c] = (a, b)
    return Game(("R", "C"), (("r0", "r1"), ("c0", "c1")), pay)


PD = {(C, C): (3, 3), (C, D): (1, 4), (D, C): (4, 1), (D, D): (2, 2)}
CHICKEN = {(C, C): (3, 3), (C, D): (2, 4), (D, C): (4, 2), (D, D): (1, 1)}


# -- the slow, literal rules ---------------------------------------------------------------------


def literal_outcome(ranks: np.ndarray, start, first: int):
    """Where play ends when ``first`` may move first from ``start``: every plan (switch or stay
    at each of the four turns) is tried, and the one in which every turn's choice is best for its
    mover, given the plan after it, is kept (a player switches only for a strictly better end;
    after the fourth switch play is back at ``start`` and ends)."""
    states, movers = [tuple(start)], [first]
    for _ in range(4):
        s = list(states[-1])
        s[movers[-1]] = 1 - s[movers[-1]]
        states.append(tuple(s))
        movers.append(1 - movers[-1])
    assert states[4] == tuple(start)

    def end(plan, k):
        for j in range(k, 4):
            if not plan[j]:
                return states[j]
        return states[4]

    found = []
    for plan in itertools.product((False, True), repeat=4):
        if all(
            plan[k] == (ranks[(*end(plan, k + 1), movers[k])] > ranks[(*states[k], movers[k])])
            for k in range(4)
        ):
            found.append(plan)
    assert len(found) == 1
    return end(found[0], 0)


def literal_nmes(ranks: np.ndarray) -> set:
    return {
        s
        for s in itertools.product((0, 1), repeat=2)
        if all(literal_outcome(ranks, s, i) == s for i in (0, 1))
    }


def all_strict_ordinal_games():
    perms = list(itertools.permutations((1, 2, 3, 4)))
    cells = [(0, 0), (0, 1), (1, 0), (1, 1)]
    for pr in perms:
        for pc in perms:
            yield {cell: (pr[k], pc[k]) for k, cell in enumerate(cells)}


def canonical(ranks: dict) -> tuple:
    """The game up to swapping rows, swapping columns and swapping the players."""
    forms = []
    for swap_players in (False, True):
        g = ranks
        if swap_players:
            g = {(c, r): (b, a) for (r, c), (a, b) in ranks.items()}
        for fr in (0, 1):
            for fc in (0, 1):
                forms.append(tuple(g[(r ^ fr, c ^ fc)] for r in (0, 1) for c in (0, 1)))
    return min(forms)


# -- tests ---------------------------------------------------------------------------------------


def test_prisoners_dilemma_has_both_cooperation_and_defection_as_nme():
    analysis = {a.start: a for a in tom_analysis(game_of(PD))}
    assert {s for s, a in analysis.items() if a.nme} == {(C, C), (D, D)}
    # from (C, D) the row player (rank 1) switches to defect and play stays at (D, D)
    assert analysis[(C, D)].moves == (True, False)
    assert analysis[(C, D)].outcomes == ((D, D),)
    # the justification of (C, C): a switch to (D, C) is met by the column player's switch to
    # (D, D), where play stops; (D, D) ranks below (C, C) for the row player
    table = analysis[(C, C)].tables[0]
    assert [st.state for st in table] == [(C, C), (D, C), (D, D), (C, D)]
    assert [st.survivor for st in table] == [(C, C), (D, D), (D, D), (C, D)]


def test_chicken_has_only_the_compromise_as_nme():
    analysis = {a.start: a for a in tom_analysis(game_of(CHICKEN))}
    assert {s for s, a in analysis.items() if a.nme} == {(C, C)}
    # the player who lost at (C, D) forces a swap: it heads for the crash (D, D), where the
    # other prefers backing down (2 > 1) to staying
    assert analysis[(C, D)].moves == (True, False)
    assert analysis[(C, D)].outcomes == ((D, C),)
    # from the crash both would move, each towards the outcome where it wins
    assert analysis[(D, D)].moves == (True, True)
    assert analysis[(D, D)].outcomes == ((C, D), (D, C))


def test_fast_rules_match_the_literal_rules_on_every_strict_ordinal_game():
    classes = set()
    for ranks in all_strict_ordinal_games():
        g = game_of(ranks)
        r = ordinal_ranks(g)
        for a in tom_analysis(g):
            for i in (0, 1):
                assert a.induced[i] == literal_outcome(r, a.start, i), (ranks, a.start, i)
        assert {a.start for a in tom_analysis(g) if a.nme} == literal_nmes(r)
        classes.add(canonical(ranks))
    assert len(classes) == 78


def test_solve_lists_exactly_the_nmes():
    for ranks in itertools.islice(all_strict_ordinal_games(), 0, None, 7):
        g = game_of(ranks)
        res = sim.solve(g, "tom")
        assert res.status == "complete" and res.rejected == 0 and not res.complete_set
        found = {e.pure_profile() for e in res.equilibria}
        assert found == literal_nmes(ordinal_ranks(g))


def test_only_the_order_of_payoffs_matters():
    pd = game_of(PD)
    pay = np.array(pd.payoffs) * 10 - 7
    pay[1, 0, 0] = 1000
    other = Game(pd.players, pd.strategies, pay)
    assert [a.outcomes for a in tom_analysis(pd)] == [a.outcomes for a in tom_analysis(other)]


def test_refuses_games_it_does_not_apply_to():
    with pytest.raises(ScenarioError, match="2 strategies each"):
        sim.solve(Game(("A", "B"), (("x", "y", "z"), ("u", "v")), np.zeros((3, 2, 2))), "tom")
    tied = game_of({**PD, (D, D): (3, 2)})
    with pytest.raises(ScenarioError, match="R ranks two outcomes equally"):
        sim.solve(tied, "tom")
    with pytest.raises(ScenarioError, match="needs a 2-player game"):
        contract.analyse(load("six_party_grand_bargain"), method="tom")
    with pytest.raises(ScenarioError, match="solution concept for normal-form games only"):
        contract.analyse(load("tests/data/valid/repeated_prisoners_dilemma.yaml"), method="tom")
    from sim.sweep import sweep

    with pytest.raises(ScenarioError, match="non-myopic equilibria"):
        sweep(load("chicken"), {"win": [4, 5]}, method="tom")


def test_cli_json_lists_nmes_with_their_justification(capsys):
    from sim.cli import main

    assert main(["solve", "prisoners_dilemma", "--method", "tom", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["outcome"] for e in data["equilibria"]] == [
        "cooperate, cooperate",
        "defect, defect",
    ]
    assert all(e["pure"] for e in data["equilibria"])
    # mutual cooperation is an NME without being a Nash equilibrium: its Nash regret is the
    # temptation 5 minus the reward 3
    assert data["equilibria"][0]["max_regret"] == 2 and data["equilibria"][1]["max_regret"] == 0
    tom = data["details"]["tom"]
    assert tom["nme"] == ["cooperate, cooperate", "defect, defect"]
    first = tom["states"][0]
    assert first["initial"] == "cooperate, cooperate" and first["nme"]
    row = first["players"]["Row"]
    assert [t["choice"] for t in row["table"]] == ["stay", "switch", "stay", "stay"]
    assert main(["solve", "matching_pennies", "--method", "tom"]) == 1
    assert "ranks two outcomes equally" in capsys.readouterr().err


def test_text_and_explain():
    result = contract.analyse(load("chicken"), method="tom")
    text = contract.to_text(result)
    assert "Non-myopic equilibria (1): back_down, back_down." in text
    assert "From back_down, stand_firm (2,4): USA switches and play ends at stand_firm" in text
    sections = contract.explain_sections(result, thresholds=False)
    keys = [s.key for s in sections]
    assert "tom" in keys and "equilibria" not in keys
    assert contract.outcomes(result) == ("back_down, back_down",)


# -- what published sources state ----------------------------------------------------------


def _by_start(ranks):
    return {a.start: a for a in tom_analysis(game_of(ranks))}


def test_prisoners_dilemma_both_mutual_cooperation_and_mutual_defection_are_nme():
    # Brams & Ismail (2022), "Every normal-form game has a Pareto-optimal nonmyopic
    # equilibrium", Theory and Decision 92, section 1: in the Prisoners' Dilemma the
    # noncooperative outcome is an NME that coincides with the Nash equilibrium, and the
    # cooperative outcome is also an NME.
    nme = {PD[s] for s, a in _by_start(PD).items() if a.nme}
    assert nme == {(3, 3), (2, 2)}


def test_prisoners_dilemma_under_the_precedence_rule_ends_in_defection_off_cooperation():
    # Rationality and Society 12(1), 2000, doi 10.1177/104346300012001004, abstract: applying
    # the rules of the Theory of Moves to the Prisoners' Dilemma, the precedence rule included,
    # gives mutual defection from every initial state except (3,3) (Brams' own mutual
    # cooperation from every state but (2,2) needs magnanimity and the two-sidedness
    # convention, which are not implemented).
    ends = {PD[s]: {PD[o] for o in a.outcomes} for s, a in _by_start(PD).items()}
    assert ends == {(3, 3): {(3, 3)}, (1, 4): {(2, 2)}, (4, 1): {(2, 2)}, (2, 2): {(2, 2)}}


def test_chicken_compromise_is_nonmyopically_stable():
    # Brams & Hessel (1984), "Threat power in sequential games", International Studies
    # Quarterly 28(1), abstract: Chicken has a nonmyopically stable "cooperative" outcome
    # (which threat power can undermine).
    assert _by_start(CHICKEN)[(C, C)].nme
    assert CHICKEN[(C, C)] == (3, 3)


def test_there_are_78_games_and_57_of_them_are_games_of_conflict():
    # Bruns (2015), "Names for games: locating 2x2 games", Games 6(4), section 4.1: Rapoport
    # and Guyer (1966) showed 78 strategically distinct strict ordinal 2x2 games, counting as
    # one the games equal up to swapping rows, columns or the players.  Brams & Ismail (2022),
    # section 1: 57 of them are games of conflict (no outcome is best for both players).
    classes = {canonical(g): g for g in all_strict_ordinal_games()}
    assert len(classes) == 78
    conflict = [g for g in classes.values() if (4, 4) not in g.values()]
    assert len(conflict) == 57


def test_every_nme_set_holds_a_pareto_optimal_outcome():
    # Brams & Ismail (2022), abstract: every finite normal-form game has at least one
    # Pareto-optimal NME (their definition, for any normal-form game).  Under the 2x2 rules
    # implemented here 6 of the 78 games have no NME at all (play cycles: each player would
    # move from every state where the other would stay); in each of the other 72 at least
    # one NME is Pareto-optimal.  The 6 are a documented difference, not a reading of Brams.
    def pareto(g, s):
        a, b = g[s]
        return not any(x >= a and y >= b and (x, y) != (a, b) for x, y in g.values())

    classes = {canonical(g): g for g in all_strict_ordinal_games()}
    without = []
    for g in classes.values():
        nmes = [s for s, a in _by_start(g).items() if a.nme]
        if not nmes:
            without.append(g)
            continue
        assert any(pareto(g, s) for s in nmes), g
    assert len(without) == 6
    for g in without:
        # every one is a game of conflict, and from every state someone would move
        assert (4, 4) not in g.values()
        assert all(any(a.moves) for a in _by_start(g).values())
