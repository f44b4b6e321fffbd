"""Located, teachable errors for scenario files.

Every problem carries a :class:`Location` (file, 1-based line and column, and the path inside the
document such as ``players.DPRK.strategies``) and a message that says what to change.  A
:class:`ScenarioError` holds one or more problems, so a file's mistakes are reported together.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Location", "Problem", "ScenarioError", "Problems", "did_you_mean"]


@dataclass(frozen=True)
class Location:
    file: str = "<scenario>"
    line: int = 0
    col: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file

    def at(self, path: str) -> Location:
        return Location(self.file, self.line, self.col, path)

    def shifted(self, col_offset: int) -> Location:
        return Location(self.file, self.line, self.col + col_offset, self.path)


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        where = f" (in {self.location.path})" if self.location.path else ""
        return f"{self.location}: {self.message}{where}"


class ScenarioError(ValueError):
    """One or more problems in a scenario file; ``str()`` gives one line per problem."""

    def __init__(
        self, problems: Iterable[Problem] | Problem | str, location: Location | None = None
    ):
        if isinstance(problems, str):
            problems = [Problem(location or Location(), problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems during validation so that all of them are reported at once."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message))

    def extend(self, err: ScenarioError) -> None:
        self.items.extend(err.problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ScenarioError(self.items)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'freeze'?"`` when a close match exists, else a list of the choices."""
    choices = list(choices)
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if choices and len(choices) <= 12:
        return "; expected one of: " + ", ".join(repr(c) for c in choices)
    return ""
