"""Note body records kept out of memory while a large vault is analysed.

A cached note's body record (its links, units, block tree and tables: about 7.5 KB of a 4.5 KB
note, three quarters of what a parsed note holds) is decoded only when an analysis uses it, and a
`check` or a `status` of an unchanged note never does; yet 50,000 of them are 375 MB. `Spill`
writes them to an unnamed temporary file (the system's temporary folder, never the vault; gone
when the last note holding it is) and the note keeps a `Spilled` reference that reads its record
back (`os.pread`, about 3 µs) when its body is used. Where the file cannot be made or written,
the records stay in memory.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, Any

from vaulttool.errors import VaulttoolError
from vaulttool.model import Note

SPILL_NOTES = 5_000  # notes parsed at once before their records leave memory (5,000: 37 MB)
_SET_BODY = Note.__dict__["body"].__set__  # the slot's own setter (Notes are frozen)


class Spilled:
    """Where one note's body record is in a `Spill`'s file (a `model.StoredBody`). Pickled, it is
    the record itself: a note sent to another process carries its body."""

    __slots__ = ("file", "offset", "length")

    def __init__(self, file: IO[bytes], offset: int, length: int) -> None:
        self.file, self.offset, self.length = file, offset, length

    def read(self) -> bytes:
        try:
            data = os.pread(self.file.fileno(), self.length, self.offset)
        except (OSError, ValueError) as error:
            raise VaulttoolError(
                f"a parsed note's body could not be read back from a temporary file: {error}"
            ) from None
        if len(data) != self.length:
            raise VaulttoolError("a parsed note's body could not be read back whole from a temporary file")
        return data

    def __reduce__(self) -> tuple[Any, ...]:
        return bytes, (self.read(),)


class Spill:
    """An unnamed temporary file that note body records are moved into."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None
        try:
            self.file = tempfile.TemporaryFile()
        except OSError:
            self.file = None
        self.end = 0

    def keep(self, note: Note) -> None:
        """Move `note`'s body record into the file, if it has one (a note parsed in this process
        keeps its decoded body); the note must be new, seen by no one yet."""
        body = note.body
        if self.file is None or not isinstance(body, bytes):
            return
        try:
            written = os.pwrite(self.file.fileno(), body, self.end)
        except OSError:  # a full disk: this one and the next stay in memory
            self.file = None
            return
        if written != len(body):
            self.file = None
            return
        _SET_BODY(note, Spilled(self.file, self.end, len(body)))
        self.end += len(body)
