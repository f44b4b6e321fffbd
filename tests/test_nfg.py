"""Gambit ``.nfg`` interchange: both versions of the format, labels, exact numbers, clear errors,
and round trips through pygambit (``read_nfg`` / ``to_nfg`` / ``to_arrays``)."""

from __future__ import annotations

import io
from fractions import Fraction as F

import numpy as np
import pytest

import sim
from sim.formats.nfg import NFGError, format_nfg, parse_nfg, read_nfg, write_nfg
from sim.game import Game

# Gambit's documentation ("The strategic game (.nfg) file format") gives this game in both
# versions: Selten (IJGT 1975), Figure 2, normal form.
SELTEN_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

SELTEN_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""

# McKelvey & McLennan's 2x2x2 game as shipped with Gambit (contrib/games/2x2x2.nfg)
MM = """NFG 1 R "2x2x2 Example from McKelvey-McLennan, with 9 Nash equilibria, 2 totally mixed"
{ "Player 1" "Player 2" "Player 3" }

{ { "1" "2" }
{ "1" "2" }
{ "1" "2" }
}
""

{
{ "" 9, 8, 12 }
{ "" 0, 0, 0 }
{ "" 0, 0, 0 }
{ "" 9, 8, 2 }
{ "" 0, 0, 0 }
{ "" 3, 4, 6 }
{ "" 3, 4, 6 }
{ "" 0, 0, 0 }
}
1 2 3 4 5 6 7 8
"""


def same_game(a: Game, b: Game) -> bool:
    return (
        a.players == b.players
        and a.strategies == b.strategies
        and a.title == b.title
        and a.exact is not None
        and b.exact is not None
        and np.array_equal(a.exact, b.exact)
    )


def test_payoff_and_outcome_versions_of_the_documented_example_agree():
    a, b = parse_nfg(SELTEN_PAYOFF), parse_nfg(SELTEN_OUTCOME)
    assert a.shape == b.shape == (3, 2)
    assert np.array_equal(a.exact, b.exact)
    # first player's strategy changes fastest: profile (row 2, column 1) is the second entry
    assert tuple(a.exact[1, 0]) == (0, 2)
    assert tuple(a.exact[2, 1]) == (2, 0)
    assert a.players == ("Player 1", "Player 2")
    assert a.strategies == (("1", "2", "3"), ("1", "2"))


def test_mckelvey_mclennan_file_solves_to_nine_labelled_equilibria():
    g = parse_nfg(MM)
    assert g.title.startswith("2x2x2 Example") and g.shape == (2, 2, 2)
    assert tuple(g.exact[0, 0, 0]) == (9, 8, 12) and tuple(g.exact[1, 1, 0]) == (9, 8, 2)
    res = sim.solve(g)
    assert res.status == "complete" and len(res.equilibria) == 9
    labelled = res.equilibria[0].labelled(g)
    assert set(labelled) == {"Player 1", "Player 2", "Player 3"}


def test_exact_numbers_labels_and_escapes():
    text = (
        'NFG 1 R "a \\"quoted\\" title" { "Row" "" } { { "up" "up" } { "L" "" } } '
        '"a comment"\n 3/2 -0.25 1e-2 7 0 0 1 1\n'
    )
    g = parse_nfg(text)
    assert g.title == 'a "quoted" title'
    assert g.players == ("Row", "P2")  # empty label: numbered id
    assert g.strategies == (("up", "s2"), ("L", "s2"))  # repeated / empty labels made unique
    assert g.exact[0, 0, 0] == F(3, 2) and g.exact[0, 0, 1] == F(-1, 4)
    assert g.exact[1, 0, 0] == F(1, 100) and g.exact[1, 0, 1] == 7
    back = parse_nfg(format_nfg(g))
    assert same_game(g, back)


@pytest.mark.parametrize("outcome_version", [False, True])
def test_round_trip_through_our_writer(outcome_version):
    rng = np.random.default_rng(4)
    T = rng.integers(-50, 50, (3, 2, 4, 3)).astype(object)
    T[0, 0, 0, 0] = F(7, 3)
    g = Game.from_tensor(
        T,
        players=["US", "DPRK", "China"],
        strategies=[
            ("suspend", "pressure", "wait"),
            ("freeze", "test"),
            ("enforce", "ease", "shield", "mediate"),
        ],
        title="Freeze for freeze",
    )
    text = format_nfg(g, outcome_version=outcome_version)
    assert ('{ ""' in text) == outcome_version
    assert same_game(parse_nfg(text), g)


def test_read_and_write_files(tmp_path):
    g = parse_nfg(MM)
    path = tmp_path / "mm.nfg"
    write_nfg(g, path, outcome_version=True)
    assert same_game(read_nfg(path), g)
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "x" { "A" } { 2 }\n1\n')
    with pytest.raises(NFGError, match=r"bad\.nfg:3: expected 2 payoffs"):
        read_nfg(bad)


@pytest.mark.parametrize(
    "text,message",
    [
        ('EFG 2 R "t" { }', r"line 1: a strategic-form file starts with \"NFG 1 R\""),
        ('NFG 2 R "t" { "A" } { 2 }', r"line 1: only version 1"),
        (
            'NFG 1 R "t" { "A" "B" } { 2 2 }\n\n1 2 3 4\n5 6',
            r"line 4: expected 8 payoffs .* found 6",
        ),
        ('NFG 1 R "t" { "A" } { 2 }\n1 x', r"line 2: expected a payoff, found 'x'"),
        (
            'NFG 1 R "t" { "A" } { 2 }\n{ { "" 1 } }\n1 3',
            r"line 3: outcome number 3 does not exist",
        ),
        (
            'NFG 1 R "t" { "A" } { 2 }\n{ { "" 1 2 } }\n1 1',
            r"line 2: outcome 1 should have 1 payoffs",
        ),
        ('NFG 1 R "t" { "A" } { 2 }\n1 2\n3', r"line 3: unexpected text after the last profile"),
        ('NFG 1 R "t { "A" } { 2 }', r"line 1: a label.s closing quote"),
        ('NFG 1 R "t" { "A" } { 0 }', r"line 1: player 1 must have at least one strategy"),
        ('NFG 1 R "t" { "A" "B" } { { "x" } }\n1 2', r"line 1: expected the strategy labels"),
        ('NFG 1 R "t" { } { }', r"line 1: the game has no players"),
    ],
)
def test_malformed_files_give_located_errors(text, message):
    with pytest.raises(NFGError, match=message) as info:
        parse_nfg(text)
    assert isinstance(info.value, ValueError)


# -- pygambit round trips ------------------------------------------------------------------

gbt = pytest.importorskip("pygambit")


def gambit_arrays(G):
    return [np.asarray(a, dtype=object) for a in G.to_arrays()]


@pytest.mark.parametrize("outcome_version", [False, True])
@pytest.mark.parametrize("shape", [(2, 3), (2, 2, 2), (3, 2, 2, 2)])
def test_pygambit_reads_what_we_write(shape, outcome_version):
    rng = np.random.default_rng(sum(shape))
    T = rng.integers(-9, 10, shape + (len(shape),)).astype(object)
    T[(0,) * len(shape) + (0,)] = F(5, 2)
    g = Game.from_tensor(
        T, players=[f"Player {k}" for k in range(len(shape))], title="written by negsim"
    )
    G = gbt.read_nfg(io.StringIO(format_nfg(g, outcome_version=outcome_version)))
    assert G.title == "written by negsim"
    assert [p.label for p in G.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in G.players] == [list(s) for s in g.strategies]
    arrays = gambit_arrays(G)
    for i in range(len(shape)):
        assert all(F(str(a)) == b for a, b in zip(arrays[i].reshape(-1), T[..., i].reshape(-1)))


@pytest.mark.parametrize("text", [SELTEN_PAYOFF, SELTEN_OUTCOME, MM])
def test_we_read_what_pygambit_reads_and_writes(text):
    G = gbt.read_nfg(io.StringIO(text))
    for version in (text, G.to_nfg()):
        g = parse_nfg(version)
        assert g.title == G.title
        assert list(g.player_names) == [p.label for p in G.players]
        arrays = gambit_arrays(G)
        for i in range(g.n_players):
            assert np.array_equal(np.vectorize(lambda x: F(str(x)))(arrays[i]), g.exact[..., i])


def test_nfg_file_is_a_normal_form_scenario(tmp_path):
    """The kind's ``.nfg`` reader wraps the file's game in a scenario without parameters, so
    ``negsim run``/``solve`` analyse it like any normal-form scenario, with the same numbers."""
    from sim import contract

    path = tmp_path / "mm.nfg"
    path.write_text(MM, encoding="utf-8")
    spec = contract.get_kind("normal-form")
    scenario = spec.readers[".nfg"](path)
    assert scenario.meta.kind == "normal-form" and scenario.parameters == ()
    result = contract.analyse(scenario)
    direct = sim.solve(read_nfg(path))
    assert result.game.shape == (2, 2, 2)
    assert np.array_equal(result.game.exact, read_nfg(path).exact)
    assert {e.strategies for e in result.solve.equilibria} == {
        e.strategies for e in direct.equilibria
    }
    text = contract.to_text(result)
    assert text.startswith("2x2x2 Example from McKelvey-McLennan")
    assert spec.exports["nfg"](scenario) == format_nfg(read_nfg(path))


def test_nfg_reader_errors_are_located(tmp_path):
    from sim import contract
    from sim.scenario import ScenarioError

    path = tmp_path / "bad.nfg"
    path.write_text('NFG 1 R "x" { "A" "B" } { 2 2 }\n1 2 3\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        contract.get_kind("normal-form").readers[".nfg"](path)
    assert str(path) in str(err.value)
