"""Output files never damage what the user has (sim.fileio.write_output)."""

from __future__ import annotations

import os
import stat

import pytest

from sim.fileio import check_output_path, write_output
from sim.scenario.errors import ScenarioError


def test_writes_a_new_file_with_the_umask_mode(tmp_path):
    out = tmp_path / "a.txt"
    write_output(out, "hello")
    assert out.read_text() == "hello"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_refuses_to_overwrite_an_input(tmp_path):
    scenario = tmp_path / "x.yaml"
    scenario.write_text("format: negsim/1\n")
    with pytest.raises(ScenarioError, match="input of the command"):
        write_output(scenario, "report", inputs=[scenario])
    assert scenario.read_text() == "format: negsim/1\n"


def test_refuses_an_input_reached_through_a_link(tmp_path):
    scenario = tmp_path / "x.yaml"
    scenario.write_text("keep me")
    link = tmp_path / "out.md"
    link.symlink_to(scenario)
    with pytest.raises(ScenarioError, match="input of the command"):
        write_output(link, "report", inputs=[scenario])
    assert scenario.read_text() == "keep me"


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_an_existing_file_keeps_its_mode(tmp_path):
    out = tmp_path / "private.txt"
    out.write_text("old")
    out.chmod(0o600)
    write_output(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text() == "new"


def test_a_special_file_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    pid = os.fork()
    if pid == 0:  # the reader
        with open(fifo, "rb") as fh:
            data = fh.read()
        os._exit(0 if data == b"through" else 1)
    write_output(fifo, "through")
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not a regular file


def test_dev_null_stays_a_device():
    write_output("/dev/null", "nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize(
    "case, message",
    [
        ("dir", "folder"),
        ("missing", "does not exist"),
        ("long", "file name is"),
    ],
)
def test_clear_messages(tmp_path, case, message):
    path = {
        "dir": tmp_path,
        "missing": tmp_path / "nope" / "a.txt",
        "long": tmp_path / ("n" * 300 + ".txt"),
    }[case]
    with pytest.raises(ScenarioError, match=message) as err:
        check_output_path(path)
    assert str(path) in str(err.value)
