"""Each note's `check` findings kept in the cache between runs (`checks.NoteCheck`).

A note's findings depend on its own bytes and on what its links can reach: every file's path,
every note's aliases, headings (level and text) and block ids, the vault's name, the settings, the
codes asked for and vaulttool's code. That second part is hashed once per run (the vault's
*targets*), and a note's row is keyed by it and by the note's content key. An edit that leaves
every name, heading and block id as they were is checked again in the edited notes only; a new,
renamed or deleted file, heading, block id or alias checks every note again. Rows are MessagePack
decoded into the frozen types (never a pickle); a row that does not decode is checked again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import msgspec

from vaulttool.analyse.checks import NoteCheck
from vaulttool.cache import Cache, canonical, derived_key, row_key
from vaulttool.model import Note
from vaulttool.rules import Code

if TYPE_CHECKING:
    from vaulttool.vault import Vault


_SAVE_EVERY = 1000  # new checks stored together


@lru_cache(maxsize=1)
def _decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(NoteCheck)


def note_targets(note: Note) -> bytes:
    """A hash of what links can reach in this note: its aliases, headings (level and text) and
    block ids, encoded as three lists (a fifth faster than a text for each)."""
    reached = (
        [alias.name for alias in note.aliases],
        [(heading.level, heading.text) for heading in note.headings],
        [block.id for block in note.blocks],
    )
    return hashlib.blake2b(msgspec.msgpack.encode(reached), digest_size=20).digest()


def targets(vault: Vault, of_notes: Iterable[bytes]) -> bytes:
    """A hash of everything a note's links' resolutions depend on besides its own bytes (with the
    codes asked for, what its findings depend on): computed once a run, `Analysis.targets`.
    `of_notes` gives each note's `note_targets`, in the order of `vault.notes`."""
    parts: list[str | bytes] = [canonical(vault.settings), vault.name, *vault.files, "\0notes"]
    for note, reached in zip(vault.notes, of_notes, strict=True):
        parts.extend((note.path, reached))
    return derived_key(*parts)


class NoteChecks:
    """The kept `NoteCheck`s of a vault's notes for these codes; `save` stores the new ones."""

    def __init__(self, vault: Vault, targets: bytes, codes: frozenset[Code]) -> None:
        self.cache_dir = vault.cache_dir
        salt = derived_key(targets, ",".join(sorted(codes)))
        self.keys = {path: row_key(salt, key) for path, key in vault.content_keys.items()}
        with Cache(self.cache_dir) as cache:
            self.stored: dict[bytes, bytes] = cache.get("checks", list(self.keys.values()))
        self.fresh: list[tuple[bytes, bytes]] = []
        self.seen: dict[str, NoteCheck] = {}  # every note's, kept or fresh: `check_state` keeps them

    def get(self, note: Note) -> NoteCheck | None:
        blob = self.stored.get(self.keys.get(note.path, b""))
        if blob is None:
            return None
        try:
            check = self.seen[note.path] = _decoder().decode(blob)
        except (msgspec.DecodeError, ValueError, TypeError):
            return None
        return check

    def put(self, note: Note, check: NoteCheck) -> None:
        """Keep a note's new `NoteCheck`: stored a thousand at a time, while the other notes are
        checked in the worker processes, rather than all once they are done."""
        self.seen[note.path] = check
        if (key := self.keys.get(note.path)) is not None:
            self.fresh.append((key, msgspec.msgpack.encode(check)))
            if len(self.fresh) >= _SAVE_EVERY:
                self.save(touched=False)

    def save(self, *, touched: bool = True) -> None:
        """Store the new checks not stored yet, and mark the kept ones used (with `touched`)."""
        with Cache(self.cache_dir) as cache:
            cache.put("checks", self.fresh, list(self.stored) if touched else ())
        self.fresh = []
