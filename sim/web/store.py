"""What the seminar page's server keeps: scenarios (bundled and uploaded) and recent results.

Uploaded scenario files never touch the bundled folder: a YAML file is parsed from memory
(:func:`sim.scenario.loads`), a file a kind reads from disk (Gambit ``.nfg``/``.efg``) is written
to a temporary folder of this server, removed when the server stops.  Each upload gets a name
``upload/<digest>/<file name>``; the most recent :data:`MAX_UPLOADS` are kept.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import bundled, contract
from ..scenario.common import apply_overrides
from ..scenario.errors import Location, Problem, ScenarioError

__all__ = ["CACHE_SIZE", "MAX_UPLOAD_BYTES", "MAX_UPLOADS", "Analyses", "analysis_options"]

#: results kept for repeated requests at the same slider position
CACHE_SIZE = 64
#: the largest scenario file the page accepts (a bundled scenario is under 40 kB)
MAX_UPLOAD_BYTES = 1_000_000
#: uploaded scenarios kept per server (the oldest is dropped)
MAX_UPLOADS = 32
UPLOAD_PREFIX = "upload/"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def analysis_options(spec: contract.KindSpec) -> list[contract.Option]:
    """The kind's ``analyse`` settings the page offers: those with a fixed list of choices
    (a conflict's convention); free-form ones (method, time limit) stay on the command line."""
    return [o for o in spec.options if o.choices]


def chart_options(spec: contract.KindSpec, chart: str | None) -> list[contract.Option]:
    name = chart or spec.default_chart
    c = spec.charts.get(name) if name else None
    return [o for o in (c.options if c else ()) if o.choices]


def _checked(spec: contract.KindSpec, given: Mapping[str, str], offered: list[Any], what: str):
    out: dict[str, str] = {}
    known = {o.name: o for o in offered}
    for key, value in given.items():
        opt = known.get(key)
        if opt is None:
            names = ", ".join(sorted(known)) or "none"
            raise ScenarioError(
                f"a '{spec.name}' scenario has no {what} '{key}' on this page (offered: {names})",
                Location(what),
            )
        if value not in opt.choices:
            raise ScenarioError(
                f"{what} {key}={value!r}: use one of {', '.join(opt.choices)}", Location(what)
            )
        out[key] = value
    return out


class Analyses:
    """Loaded scenarios, uploads and the results of recent requests (least recently used
    dropped)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._scenarios: dict[str, Any] = {}
        self._uploads: OrderedDict[str, Any] = OrderedDict()
        self._results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    # -- scenarios ---------------------------------------------------------------------------

    def scenario(self, name: str) -> Any:
        with self._lock:
            if name in self._uploads:
                self._uploads.move_to_end(name)
                return self._uploads[name]
        if name.startswith(UPLOAD_PREFIX):
            raise ScenarioError(
                "this uploaded scenario is no longer on the server (it keeps the last "
                f"{MAX_UPLOADS}); upload the file again",
                Location(name),
            )
        if name not in bundled.bundled_names():
            bundled.resolve(name)  # raises with the close matches
            raise ScenarioError("only bundled or uploaded scenarios are served", Location(name))
        with self._lock:
            if name not in self._scenarios:
                self._scenarios[name] = bundled.load(name)
            return self._scenarios[name]

    def upload(self, filename: str, data: bytes) -> tuple[str, Any]:
        """Validate an uploaded file and keep it: ``(name, scenario)``; every problem is a
        :class:`ScenarioError` located in ``filename``."""
        from ..scenario import load, loads

        shown = _SAFE.sub("_", Path(filename or "scenario.yaml").name)[:80] or "scenario.yaml"
        where = Location(shown)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ScenarioError(
                f"the file has {len(data):,} bytes or more; the page takes scenario files of at "
                f"most {MAX_UPLOAD_BYTES:,} bytes (run a larger one with `negsim run FILE`)",
                where,
            )
        if not data.strip():
            raise ScenarioError(
                "the file is empty; a scenario starts with 'format: negsim/1'", where
            )
        suffix = Path(shown).suffix.lower()
        contract.load_kinds()
        readers = {ext for spec in contract.KINDS.values() for ext in spec.readers}
        if suffix in readers:
            folder = self._folder()
            path = folder / hashlib.sha256(data).hexdigest()[:16] / shown
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            try:
                scenario = load(path)
            except ScenarioError as exc:
                raise _relocated(exc, str(path), shown) from None
        else:
            from ..scenario.textfile import decode_utf8

            scenario = loads(decode_utf8(data, shown), shown)
        contract.get_kind(scenario).check(scenario)
        name = f"{UPLOAD_PREFIX}{hashlib.sha256(data).hexdigest()[:10]}/{shown}"
        with self._lock:
            self._uploads[name] = scenario
            self._uploads.move_to_end(name)
            while len(self._uploads) > MAX_UPLOADS:
                old, _ = self._uploads.popitem(last=False)
                for key in [k for k in self._results if k[0] == old]:
                    del self._results[key]
        return name, scenario

    def _folder(self) -> Path:
        with self._lock:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="negsim-serve-")
            return Path(self._tmp.name)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- results -----------------------------------------------------------------------------

    def checked_options(self, name: str, options: Mapping[str, str]) -> dict[str, str]:
        spec = contract.get_kind(self.scenario(name))
        return _checked(spec, options, analysis_options(spec), "option")

    def checked_chart_options(
        self, name: str, chart: str | None, options: Mapping[str, str]
    ) -> dict[str, str]:
        spec = contract.get_kind(self.scenario(name))
        return _checked(spec, options, chart_options(spec, chart), "chart option")

    def result(
        self, name: str, overrides: dict[str, str], options: Mapping[str, str] | None = None
    ) -> Any:
        scenario = self.scenario(name)
        apply_overrides(scenario.parameters, overrides)  # bad names and values fail fast
        opts = self.checked_options(name, options or {})
        key = (name, tuple(sorted(overrides.items())), tuple(sorted(opts.items())))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = contract.analyse(scenario, overrides, **opts)
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result

    def memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        """A value kept with the results (explanations, robustness summaries)."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return value


def _relocated(exc: ScenarioError, path: str, shown: str) -> ScenarioError:
    """The same problems with the temporary path replaced by the uploaded file's name."""
    problems = []
    for p in exc.problems:
        loc = p.location
        file = shown if loc.file == path else loc.file.replace(path, shown)
        problems.append(
            Problem(Location(file, loc.line, loc.col, loc.path), p.message.replace(path, shown))
        )
    return ScenarioError(problems)
