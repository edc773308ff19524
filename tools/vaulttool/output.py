"""Writing an output file named with `-o PATH`.

A regular file (or a new one) is written atomically: a temp file in the same folder, then
`os.replace`, so a reader never sees a half-written file and a failed write leaves the old file as
it was. The temp file is created with mode 0o666, so the umask applies as to any new file, and its
name fits the file system's limit however long the output's name is.

What is not a regular file is never replaced: a FIFO, a character device or `/dev/stdout` is
written into (a FIFO nobody reads is refused), a socket or a block device is refused. A symlink is
written through (its target replaced, the link kept) only when its target is outside the vault.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from vaulttool.errors import VaulttoolError

Content = str | bytes | Callable[[Path], None]

NAME_MAX = 255
"""The longest file name most file systems take, in bytes (ext4, XFS, Btrfs, APFS, NTFS)."""
_TEMP_ATTEMPTS = 100


class OutputError(VaulttoolError):
    """The output path cannot be written (missing folder, a folder in the way, no permission)."""


def write_atomic(path: str | os.PathLike[str], content: Content, vault: str | os.PathLike[str] | None = None) -> Path:
    """Write `content` to `path`: atomically for a regular or new file, into a FIFO or a device.

    `content` is text (written as UTF-8 with `\\n` line ends), bytes, or a function that writes
    the file at the temp path it is given (for libraries that only write to a path). With `vault`,
    a symlink whose target is inside that folder is refused rather than written through."""
    target = Path(path)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        target, info = _through_symlink(path, target, vault)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(path, target, info.st_mode, content)
        return target
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    _replace(path, target, content)
    return target


def _through_symlink(
    path: str | os.PathLike[str], link: Path, vault: str | os.PathLike[str] | None
) -> tuple[Path, os.stat_result | None]:
    """The file a symlink leads to and its status (None if it does not exist yet)."""
    try:
        info: os.stat_result | None = link.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        return link, info  # /dev/stdout and the like: written into through the link
    resolved = Path(os.path.realpath(link))
    if vault is not None:
        root = os.path.realpath(vault)
        if os.path.commonpath([root, str(resolved)]) == root:
            raise OutputError(
                f"cannot write {path}: it is a symlink to {resolved}, inside the vault; "
                "name the file itself to write there"
            )
    return resolved, info


def _write_into(path: str | os.PathLike[str], target: Path, mode: int, content: Content) -> None:
    """Write into a FIFO or a character device, as a shell redirection would."""
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a block device" if stat.S_ISBLK(mode) else "not a file"
        raise OutputError(f"cannot write {path}: it is {kind}")
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        reason = "nobody reads the FIFO" if stat.S_ISFIFO(mode) else error.strerror
        raise OutputError(f"cannot write {path}: {reason}") from None
    try:
        os.set_blocking(descriptor, True)
        with open(descriptor, "wb", closefd=False) as stream:
            if callable(content):
                with tempfile.TemporaryDirectory(prefix="vaulttool-") as scratch:
                    made = Path(scratch) / target.name[-100:]
                    content(made)
                    with made.open("rb") as source:
                        shutil.copyfileobj(source, stream)
            else:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def temp_name(name: str) -> str:
    """A hidden temp name beside `name` (`.name.1a2b3c4d.tmp`), shortened to fit NAME_MAX bytes."""
    token = secrets.token_hex(4)
    room = NAME_MAX - len(f"..{token}.tmp".encode())
    encoded = name.encode("utf-8", "surrogateescape")[:room]
    short = encoded.decode("utf-8", "ignore") if len(encoded) == room else name
    return f".{short}.{token}.tmp"


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    for _ in range(_TEMP_ATTEMPTS):
        temp = folder / temp_name(name)
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp name in {folder}")


def _replace(path: str | os.PathLike[str], target: Path, content: Content) -> None:
    try:
        handle, temp = _create_temp(target.parent, target.name)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                stream.write(content)
        if callable(content):
            content(temp)
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
