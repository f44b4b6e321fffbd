"""'Bad input gets a clear error, never a traceback', checked on damaged copies of real files.

Every bundled scenario and valid fixture is damaged at random (a line dropped or repeated, a
value or number replaced by an odd token, indentation changed, a word misspelt), a few times
each, with a fixed seed.  ``negsim validate`` and ``negsim run`` must then either succeed or
exit 1 with a message; no exception may escape, and a file problem must name file and line.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    list((ROOT / "scenarios").rglob("*.yaml"))
    + list((ROOT / "tests" / "data" / "valid").glob("*.yaml"))
)
TOKENS = [
    "-1",
    "0",
    "1/0",
    "x",
    "[]",
    "{}",
    "null",
    "yes",
    "1e400",
    "nan",
    "''",
    "[1, 2]",
    "{a: 1}",
    "-",
    "2/3",
    "abc def",
    "1 +",
    "(",
    "US.",
    "not",
    "99999999999999999999",
    "0.0000001",
    "~",
    "inf",
    "1e-400",
]


def damage(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(6)
        i = rng.randrange(len(lines))
        if kind == 0 and len(lines) > 3:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2:
            m = list(re.finditer(r":\s*([^\s#][^#]*)$", lines[i]))
            if m:
                lines[i] = lines[i][: m[-1].start(1)] + rng.choice(TOKENS)
        elif kind == 3:
            nums = [
                (j, x)
                for j, line in enumerate(lines)
                for x in re.finditer(r"-?\d+(/\d+)?(\.\d+)?", line)
            ]
            if nums:
                j, x = rng.choice(nums)
                lines[j] = lines[j][: x.start()] + rng.choice(TOKENS) + lines[j][x.end() :]
        elif kind == 4:
            lines[i] = ("  " + lines[i]) if rng.random() < 0.5 else lines[i].lstrip()
        else:
            words = [
                (j, x) for j, line in enumerate(lines) for x in re.finditer(r"[A-Za-z_]{3,}", line)
            ]
            if words:
                j, x = rng.choice(words)
                lines[j] = lines[j][: x.start()] + x.group(0)[:-1] + lines[j][x.end() :]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(8))
def test_damaged_files_give_messages_not_tracebacks(seed, tmp_path, capsys):
    rng = random.Random(seed)
    for n in range(40):
        source = rng.choice(FILES)
        path = tmp_path / f"damaged_{n}.yaml"
        path.write_text(damage(source.read_text(encoding="utf-8"), rng), encoding="utf-8")
        for command in (["validate", str(path)], ["run", str(path), "--time-limit", "5"]):
            code = main(command)  # an escaping exception fails the test with its traceback
            err = capsys.readouterr().err
            assert code in (0, 1), (source.name, command, err)
            if code == 1:
                assert err.strip() and "Traceback" not in err, (source.name, err)
                if command[0] == "validate" and not err.startswith("negsim:"):
                    assert re.search(r"damaged_\d+\.yaml:\d+", err), (source.name, err)
            if code != 0:
                break
