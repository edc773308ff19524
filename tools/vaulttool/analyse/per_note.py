"""What is derived from each note alone, kept in the cache between runs.

A lifecycle reading (`analyse.readings`) or a note's evaluated claims (`analyse.claims`) is a pure
function of the note (its bytes, through its content key), some settings and vaulttool's code.
`per_note` keys each note's value by its content key and a `salt` of the rest, decodes the
values of unchanged notes from a cache table (MessagePack into the frozen types: never a
pickle) and computes the others; a row that does not decode is computed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import msgspec

from vaulttool.model import Note

if TYPE_CHECKING:
    from vaulttool.vault import Vault

T = TypeVar("T")


def per_note(
    vault: Vault, notes: Sequence[Note], table: str, salt: bytes, compute: Callable[[Note], T], kind: type[T]
) -> list[T]:
    """`compute(note)` for each note, taken from the cache's `table` where the note and `salt`
    are unchanged."""
    from vaulttool.cache import Cache

    keys = {
        note.path: hashlib.blake2b(salt + key, digest_size=20).digest()
        for note in notes
        if (key := vault.content_keys.get(note.path)) is not None
    }
    decoder = msgspec.msgpack.Decoder(kind)
    with Cache(vault.cache_dir) as cache:
        stored = cache.get(table, list(keys.values()))
        values, fresh = [], []
        for note in notes:
            key = keys.get(note.path)
            value: T | None = None
            if key is not None and key in stored:
                try:
                    value = decoder.decode(stored[key])
                except (msgspec.DecodeError, ValueError, TypeError):
                    value = None
            if value is None:
                value = compute(note)
                if key is not None:
                    fresh.append((key, msgspec.msgpack.encode(value)))
            values.append(value)
        cache.put(table, fresh, list(stored))
    return values
