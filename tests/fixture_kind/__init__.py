"""A toy kind for the tests of the generic machinery (CLI, explain, handouts, facade).

Two parties split a pie.  It registers one :class:`sim.contract.KindSpec` with every optional
part (options, charts with an option and a default, a reader, an export, a check, teaching
sections), the way CONTRIBUTING.md asks of a new kind.  The tests register :data:`SPEC` for
their own duration (``monkeypatch.setitem(contract.KINDS, "pie", SPEC)``), so the kind never
outlives them.
"""

from __future__ import annotations

from sim.contract import KindSpec, Option

from .analysis import RULES, analyse
from .charts import CHARTS
from .explain import explain
from .load import KEYS, check, load, read_toy, write_toy
from .report import outcomes, to_dict, to_text

RULE = Option(
    name="rule",
    metavar="RULE",
    choices=RULES,
    help="how the pie is split (default: the file's rule)",
)

SPEC = KindSpec(
    name="pie",
    summary="two parties split a pie (a fixture for the generic commands)",
    keys=KEYS,
    load=load,
    analyse=analyse,
    to_text=to_text,
    to_dict=to_dict,
    outcomes=outcomes,
    charts=CHARTS,
    default_chart="bars",
    explain=explain,
    options=(RULE,),
    check=check,
    readers={".toy": read_toy},
    exports={"toy": write_toy},
)
