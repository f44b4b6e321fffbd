"""The sequential kind's batch path (outcomes only) gives the full analysis's outcomes."""

from __future__ import annotations

import pytest

from sim import contract
from sim.cli.common import load_scenario
from sim.robust.draws import Design, block_draws
from sim.scenario.uncertainty import spread_distributions
from sim.sequential.batch import sweep_batch


@pytest.mark.parametrize("name", ["security_guarantee", "summit_types"])
def test_batch_outcomes_equal_the_full_analysis(name):
    scn = load_scenario(name)
    dists = spread_distributions(scn.parameters, 0.5).distributions
    names = [d.parameter for d in dists]
    design = Design(names=tuple(names), distributions=dists, draws=60, seed=12)
    points = [dict(zip(names, map(float, row))) for row in block_draws(design, 0)]
    got = sweep_batch(scn, points)
    want = [contract.outcomes(contract.analyse(scn, p)) for p in points]
    assert got == want
    assert len(set(want)) > 1  # the draws reach more than one outcome


def test_the_sequential_kind_declares_it():
    spec = contract.get_kind(load_scenario("security_guarantee"))
    assert spec.sweep_batch is sweep_batch


def test_pieces_of_blocks_on_workers_give_the_same_draws():
    # a kind analysed one draw at a time goes to the workers in pieces of blocks
    from sim.robust import robust

    scn = load_scenario("security_guarantee")
    one = robust(scn, draws=700, seed=3, sensitivity=False)
    two = robust(scn, draws=700, seed=3, sensitivity=False, workers=2)
    assert two.workers == 2
    assert [s.count for s in one.outcomes] == [s.count for s in two.outcomes]
    assert [one.sample_sets[i] for i in one.sample_ids] == [
        two.sample_sets[i] for i in two.sample_ids
    ]
