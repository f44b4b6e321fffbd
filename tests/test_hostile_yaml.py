"""Hostile YAML: aliases, nesting, tags, huge or endless files give a located refusal."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.scenario import MAX_FILE_BYTES, load, loads
from sim.scenario.errors import ScenarioError
from sim.scenario.yamlsrc import MAX_DEPTH, MAX_NODES, parse_yaml

from .hostile import negsim

LAUGHS = "format: negsim/1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)


def test_billion_laughs_is_refused_quickly():
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"more than {MAX_NODES:,} values") as err:
        parse_yaml(LAUGHS, "laughs.yaml")
    assert time.perf_counter() - start < 5
    assert err.value.problems[0].location.file == "laughs.yaml"
    assert err.value.problems[0].location.line is not None


def test_a_small_alias_is_still_read():
    doc = parse_yaml("format: negsim/1\na: &s [x, y]\nb: *s\n")
    assert [n.value for n in doc.require("b")] == ["x", "y"]


def test_recursive_anchor_is_refused():
    with pytest.raises(ScenarioError, match="inside its own anchor") as err:
        parse_yaml("format: negsim/1\nx: &r [*r]\n", "rec.yaml")
    assert err.value.problems[0].location.line == 2


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_500_levels_of_nesting_is_a_located_error(opening, closing):
    text = "format: negsim/1\nx: " + opening * 500 + "1" + closing * 500 + "\n"
    with pytest.raises(ScenarioError, match=f"nested more than {MAX_DEPTH} deep") as err:
        parse_yaml(text, "deep.yaml")
    assert err.value.problems[0].location.line == 2


def test_nesting_just_inside_the_limit_is_read():
    text = "format: negsim/1\nx: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert "x" in parse_yaml(text)


@pytest.mark.parametrize("tag", ["!!float", "!!python/object:os.system", "!custom", "!!str"])
def test_tags_are_refused_not_ignored(tag):
    with pytest.raises(ScenarioError, match="YAML tags") as err:
        loads(f"format: negsim/1\ntitle: {tag} 3\n", "tag.yaml")
    assert err.value.problems[0].location.line == 2


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading(device):
    with pytest.raises(ScenarioError, match="not a regular file"):
        load(device)


def test_cli_run_dev_zero_and_validate_urandom_answer_in_seconds():
    result = negsim("run", "/dev/zero")
    assert result.returncode == 1
    assert "/dev/zero: this is not a regular file" in result.stderr
    result = negsim("validate", "/dev/urandom")
    assert result.returncode == 1
    assert "/dev/urandom: this is not a regular file" in result.stderr


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("format: negsim/1\n#" + "x" * MAX_FILE_BYTES + "\n")
    with pytest.raises(ScenarioError, match=f"at most {MAX_FILE_BYTES:,}"):
        load(big)


def test_cli_billion_laughs_under_a_memory_cap(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    result = negsim("validate", path)
    assert result.returncode == 1
    assert f"{path}:" in result.stderr and "values once its aliases" in result.stderr


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="[]{}&*!ab:, -\n", max_size=200))
def test_any_yaml_text_is_a_result_or_a_scenario_error(text):
    try:
        loads("format: negsim/1\n" + text, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems
