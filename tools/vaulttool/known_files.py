"""Notes known unchanged by their file status, as git's index knows them: not read again.

After a run has read a note, its content key (`cache.note_key`) is kept with the note's size,
modification and change times (nanoseconds) and inode. A later run that finds the same four
values takes the key without opening the file: any write changes the change time, which no tool
can set back, and an editor's save-by-rename changes the inode. An entry whose change time was
within `RACY_SECONDS` of the moment it was recorded is not trusted (the file may have been
written again within the file system's time granularity, git's "racily clean" case): that
note is read again, and recorded afresh. One cache row per vault folder holds the vault's entries;
it is also keyed by the parser's fingerprint, which content keys hash (a new vaulttool reads the
notes again rather than take keys it would not compute).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from functools import lru_cache
from pathlib import Path

import msgspec

from vaulttool.cache import Cache, parser_fingerprint

RACY_SECONDS = 2
Status = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
_Entry = tuple[int, int, int, int, bytes]  # a status and the content key


@lru_cache(maxsize=1)
def _decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(tuple[int, dict[str, _Entry]])


def _row(root: Path) -> bytes:
    where = f"{root.resolve()}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(parser_fingerprint() + where, digest_size=20).digest()


def status_from(entry: os.DirEntry[str]) -> Status | None:
    """(size, mtime_ns, ctime_ns, inode) of a listed note that is a regular file (not a symlink),
    else None: its `lstat`, made as the folder is listed."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


class KnownFiles:
    """The recorded entries of one vault folder; `key` answers from them, `record` and `save`
    keep what this run read."""

    def __init__(self, root: Path, cache_dir: Path | None) -> None:
        self.root, self.cache_dir = root, cache_dir
        self.entries: dict[str, _Entry] = {}
        self.recorded_ns = 0
        self.fresh: dict[str, _Entry] = {}
        self.read_any = False
        if cache_dir is None:
            return
        with Cache(cache_dir) as cache:
            blob = cache.get("files", [_row(root)]).get(_row(root))
        if blob is not None:
            try:
                self.recorded_ns, self.entries = _decoder().decode(blob)
            except (msgspec.DecodeError, ValueError, TypeError):
                self.entries = {}

    def key(self, path: str, now: Status | None) -> bytes | None:
        """The content key of a note whose file status `now` is as recorded, long enough before
        the recording not to be racy; None when the note must be read."""
        entry = self.entries.get(path)
        if entry is None or now is None or entry[2] > self.recorded_ns - RACY_SECONDS * 10**9 or now != entry[:4]:
            return None
        self.fresh[path] = entry
        return entry[4]

    def record(self, path: str, status: Status | None, key: bytes) -> None:
        """Keep the key of a note just read, with the status it had before it was read."""
        self.read_any = True
        if status is not None:
            self.fresh[path] = (*status, key)

    def save(self, taken_ns: int | None = None) -> None:
        """Keep this run's entries (and only them: notes gone are forgotten), as recorded at
        `taken_ns` (default: now), the time their statuses were taken or later; nothing to write
        when every note was known and none is gone."""
        if self.cache_dir is None or (not self.read_any and self.fresh.keys() == self.entries.keys()):
            return
        blob = msgspec.msgpack.encode((time.time_ns() if taken_ns is None else taken_ns, self.fresh))
        with Cache(self.cache_dir) as cache:
            cache.put("files", [(_row(self.root), blob)])
