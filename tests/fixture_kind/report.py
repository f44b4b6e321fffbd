"""The toy report: body text, JSON body, outcome labels."""

from __future__ import annotations

from sim.numbers import fmt, json_number
from sim.textlayout import heading


def to_text(result) -> str:
    a, b = result.shares
    return heading("Shares") + f"\nA gets {fmt(a)}\nB gets {fmt(b)}\n"


def to_dict(result) -> dict:
    a, b = result.shares
    return {"rule": result.rule, "shares": {"A": json_number(a), "B": json_number(b)}}


def outcomes(result) -> tuple[str, ...]:
    a, b = result.shares
    return ("A gets more",) if a > b else ("B gets more",) if b > a else ("equal split",)
