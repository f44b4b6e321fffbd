"""The report body (text and JSON) and the outcome labels; the contract adds the rest."""

from __future__ import annotations

from typing import Any

from sim.numbers import exact_str, fmt, is_exact, json_number
from sim.textlayout import heading

from .analysis import ToyResult

__all__ = ["outcomes", "to_dict", "to_text"]


def to_text(result: ToyResult) -> str:
    lines = [heading("Outcome")]
    if result.shares is None:
        lines.append("No deal: the responder accepts none of the offers.")
    else:
        proposer, responder = result.shares
        lines.append(
            f"The proposer offers {fmt(result.offer)}: it keeps {fmt(proposer)}, "
            f"the responder gets {fmt(responder)}."
        )
    return "\n".join(lines)


def to_dict(result: ToyResult) -> dict[str, Any]:
    shares = result.shares
    return {
        "offer": json_number(result.offer),
        "offer_exact": exact_str(result.offer)
        if result.offer is not None and is_exact(result.offer)
        else None,
        "shares": None if shares is None else [json_number(x) for x in shares],
    }


def outcomes(result: ToyResult) -> tuple[str, ...]:
    return ("no deal",) if result.offer is None else (f"offer {fmt(result.offer)}",)
