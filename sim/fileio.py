"""Writing output files without damaging anything the user has.

Every file negsim writes (reports, handouts, charts, CSV, JSON) goes through :func:`write_output`:

- a regular file is replaced atomically (a temporary file in the same folder, then a rename), so a
  reader never sees half a file and a failure leaves the old file as it was; an existing file keeps
  its permission bits;
- a path that is one of the command's own inputs (the scenario itself, through any link) is refused:
  ``negsim export x.yaml -o x.yaml`` must not destroy ``x.yaml``;
- a symbolic link is followed: its target is written (the link stays a link);
- a special file (``/dev/null``, a FIFO, a terminal) is written through, never replaced;
- a folder, a missing folder, a name longer than the file system allows, or no permission is a
  :class:`~sim.scenario.errors.ScenarioError` naming the path, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .scenario.errors import Location, ScenarioError

__all__ = ["check_output_path", "write_output"]

PathLike = str | os.PathLike[str]


def _fail(path: PathLike, message: str) -> ScenarioError:
    return ScenarioError(message, Location(str(path)))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(path: PathLike, inputs: Iterable[PathLike] = ()) -> Path:
    """The path to write for ``path`` (a link's target), or a located error; writes nothing.

    Call it before the work so that a bad ``-o`` fails at once, not after a long computation.
    """
    given = Path(path)
    if str(path) == "":
        raise _fail(path, "empty output file name")
    folder = given.parent if str(given.parent) else Path(".")
    try:
        name_max = os.pathconf(folder if folder.is_dir() else ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    if len(os.fsencode(given.name)) > name_max:
        raise _fail(
            path,
            f"the file name is {len(os.fsencode(given.name))} bytes long; this "
            f"file system allows at most {name_max}",
        )
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    for inp in inputs:
        if inp is not None and _same_file(target, Path(inp)):
            raise _fail(
                path,
                f"this is an input of the command ({inp}); writing the output "
                "there would destroy it — choose another file name",
            )
    if target.is_dir():
        raise _fail(path, "this is a folder; give a file name inside it")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise _fail(path, f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise _fail(path, f"{folder} is not a folder")
    return target


def _write_through(target: Path, data: bytes) -> None:
    with open(target, "wb") as fh:  # noqa: PTH123 - a special file: write, never replace
        fh.write(data)


def write_output(path: PathLike, data: bytes | str, inputs: Iterable[PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` safely (see the module docstring); returns the path written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = check_output_path(path, inputs)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _fail(path, f"cannot write here: {exc.strerror}") from None
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            _write_through(target, data)
            return target
        _replace_atomically(target, data, None if st is None else stat.S_IMODE(st.st_mode))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _fail(path, "the file name is too long for this file system") from None
        reason = exc.strerror or str(exc)
        raise _fail(path, f"cannot write the file: {reason}") from None
    return target


def _replace_atomically(target: Path, data: bytes, mode: int | None) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".negsim-", suffix=".tmp", dir=folder)
    try:
        if mode is None:  # a new file gets the mode a plain open() would give it
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
