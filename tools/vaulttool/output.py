"""Writing an output file atomically: a temp file in the same folder, then `os.replace`.

A reader never sees a half-written file, and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from vaulttool.errors import VaulttoolError


class OutputError(VaulttoolError):
    """The output path cannot be written (missing folder, a folder in the way, no permission)."""


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Callable[[Path], None]) -> Path:
    """Write `content` to `path` through a temp file in the same folder, then rename it into place.

    `content` is text (written as UTF-8 with `\\n` line ends), bytes, or a function that writes
    the file at the temp path it is given (for libraries that only write to a path)."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                stream.write(content)
        if callable(content):
            content(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    """The process umask (mkstemp creates files 0600; a normal output file follows the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
