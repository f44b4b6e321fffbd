"""Sliders for a scenario's parameters in Jupyter (ipywidgets, optional).

``sim.widgets.sliders("freeze_for_freeze")`` returns a :class:`ScenarioSliders`: one slider per
parameter (its ``about`` text as the description's tooltip and beside it), a drop-down for each
setting of the kind that has a fixed list of choices (a conflict's convention), and an output
area that shows the result (its notebook display: outcomes, default chart, report).  Moving a
slider analyses the scenario again (through :func:`sim.contract.analyse`) and shows the new
result; :attr:`ScenarioSliders.result` is the latest one.  The sliders' ranges and steps are the
seminar page's (:func:`slider_range`).

ipywidgets is imported only when :func:`sliders` is called; without it the call says how to
install it.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape
from typing import Any

__all__ = ["ScenarioSliders", "slider_range", "slider_step", "sliders"]


def slider_step(lo: Fraction | float, hi: Fraction | float) -> Fraction:
    """A round step giving about a hundred positions between ``lo`` and ``hi``."""
    span = Fraction(hi) - Fraction(lo)
    step = Fraction(1)
    while span / step > 200:
        step *= 10
    while span / step < 50:
        step /= 10
    return step


def slider_range(p: Any) -> tuple[Fraction, Fraction, Fraction]:
    """``(low, high, step)`` of a parameter's slider: its declared range, else a range around
    its value (from 0 or below, to its value plus its size)."""
    value = Fraction(p.value)
    lo = Fraction(p.min) if p.min is not None else min(Fraction(0), value - max(abs(value), 1))
    hi = Fraction(p.max) if p.max is not None else value + max(abs(value), 1)
    return lo, hi, slider_step(lo, hi)


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        raise ImportError(
            "sliders in a notebook need ipywidgets: pip install ipywidgets "
            "(or pip install 'negsim[widgets]')"
        ) from None
    return ipywidgets


class ScenarioSliders:
    """The widget of :func:`sliders`: ``widget`` (what the notebook shows), ``controls``
    (parameter name → slider, setting name → drop-down), ``output`` and the latest ``result``."""

    def __init__(self, scenario: Any, options: dict[str, Any]) -> None:
        from . import contract

        w = _widgets()
        self.scenario = scenario
        self.options = dict(options)
        self.result: Any = None
        self.error: str | None = None
        self.controls: dict[str, Any] = {}
        rows = []
        for p in scenario.parameters:
            lo, hi, step = slider_range(p)
            slider = w.FloatSlider(
                value=float(p.value),
                min=float(lo),
                max=float(hi),
                step=float(step),
                description=p.name,
                description_allow_html=False,
                continuous_update=False,
                readout_format=".4g",
                style={"description_width": "initial"},
                layout=w.Layout(width="28em"),
                tooltip=p.about,
            )
            self.controls[p.name] = slider
            about = w.HTML(f"<small>{escape(p.about)}</small>")
            rows.append(w.HBox([slider, about]))
        spec = contract.get_kind(scenario)
        for o in spec.options:
            if not o.choices or o.name in self.options:
                continue
            drop = w.Dropdown(
                options=[("(the file's setting)", None)] + [(c, c) for c in o.choices],
                value=None,
                description=o.name,
                tooltip=o.help,
            )
            self.controls[o.name] = drop
            rows.append(drop)
        self.output = w.Output()
        self.widget = w.VBox([*rows, self.output])
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.update()

    def overrides(self) -> dict[str, str]:
        """The parameters moved away from the file's values, as ``--set`` would give them: the
        slider's position on its grid of steps, in decimals (``2.9``, not a float's
        ``2.9000000000000004``)."""
        out = {}
        for p in self.scenario.parameters:
            lo, _, step = slider_range(p)
            value = lo + step * round((Fraction(self.controls[p.name].value) - lo) / step)
            if value != Fraction(p.value):
                digits = max(0, len(str(step.denominator)) - 1)
                out[p.name] = f"{float(value):.{digits}f}"
        return out

    def settings(self) -> dict[str, Any]:
        names = {p.name for p in self.scenario.parameters}
        chosen = {k: c.value for k, c in self.controls.items() if k not in names}
        return {**self.options, **{k: v for k, v in chosen.items() if v is not None}}

    def update(self) -> Any:
        """Analyse at the controls' values and show the result; returns it."""
        from . import contract
        from .scenario.errors import ScenarioError

        self.output.outputs = ()
        try:
            self.result = contract.analyse(self.scenario, self.overrides(), **self.settings())
            self.error = None
            self.output.append_display_data(self.result)
        except ScenarioError as exc:
            self.error = str(exc)
            self.output.append_stdout(self.error + "\n")
        return self.result

    def _changed(self, change: Any) -> None:
        self.update()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        names = ", ".join(self.controls) or "no parameters"
        return f"<ScenarioSliders of {self.scenario.meta.title!r}: {names}>"


def sliders(scenario: Any = None, **options: Any) -> ScenarioSliders:
    """Sliders for ``scenario`` (a bundled name, a path or a loaded scenario; default: the
    default scenario); ``options`` go to the kind's ``analyse`` (``convention="single"``)."""
    from . import bundled

    if scenario is None or isinstance(scenario, str) or hasattr(scenario, "__fspath__"):
        scenario = bundled.load(scenario)
    return ScenarioSliders(scenario, options)
