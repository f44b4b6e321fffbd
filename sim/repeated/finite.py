"""Finitely repeated games: the subgame-perfect outcome by backward induction.

If the stage game has exactly one Nash equilibrium, the finitely repeated game has exactly one
subgame-perfect equilibrium: that stage equilibrium in every round, whatever happened before
(Selten 1978's chain-store argument; Osborne 2004, §14.4).  In the last round nothing follows,
so the players face the stage game alone and play its equilibrium; the round before, the last
round's play is fixed whatever happens now, so again only the stage game matters; and so on back
to round 1.  With several stage equilibria later rounds can reward and punish, and cooperation
can be sustained early on (Benoit & Krishna 1985): that case is reported, not solved.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..game import Game
from ..numbers import to_number
from .stage import stage_equilibria, unique_equilibrium_by_dominance

__all__ = ["FiniteOutcome", "backward_induction"]


@dataclass(frozen=True)
class FiniteOutcome:
    """Result of :func:`backward_induction`.

    ``unique``: the stage game has a unique equilibrium (so the result applies); ``profile``:
    the stage equilibrium as a mixed profile (one probability tuple per player); ``pure``: its
    strategy indices if pure; ``per_round``: payoffs each round; ``total``: over the horizon;
    ``certificate``: how uniqueness was established; ``message``: otherwise, why not.
    """

    horizon: int
    unique: bool
    profile: tuple | None
    pure: tuple[int, ...] | None
    per_round: tuple | None
    total: tuple | None
    certificate: str
    message: str = ""


def backward_induction(game: Game, horizon: int, method: str = "auto") -> FiniteOutcome:
    """The subgame-perfect outcome of ``horizon`` repetitions, when the stage equilibrium is
    unique."""
    if horizon < 1:
        raise ValueError("the horizon must be at least 1 round")
    dom = unique_equilibrium_by_dominance(game)
    if dom is not None:
        from ..results import certify
        from ..solvers.registry import pure_profile_vectors

        eq = certify(game, pure_profile_vectors(game, dom))
        cert = (
            "iterated elimination of strictly dominated strategies leaves one profile, so the "
            "stage game has exactly one equilibrium"
        )
    else:
        res = stage_equilibria(game, method)
        if res.complete and len(res.equilibria) == 1 and res.method not in ("pure",):
            eq = res.equilibria[0]
            cert = f"the '{res.method}' solver found every equilibrium, and there is one"
        else:
            n = len(res.equilibria)
            why = (
                f"the stage game has {n} equilibria"
                if res.complete and res.method != "pure"
                else f"uniqueness of the stage equilibrium could not be established "
                f"({n} found by '{res.method}', which does not promise all mixed ones)"
            )
            return FiniteOutcome(
                horizon,
                False,
                None,
                None,
                None,
                None,
                "",
                why + "; backward induction then has more than one answer and is not computed here",
            )
    per_round = tuple(to_number(x) for x in eq.payoffs)
    return FiniteOutcome(
        horizon,
        True,
        eq.strategies,
        eq.pure_profile(),
        per_round,
        tuple(horizon * x for x in per_round),
        cert,
    )
