"""What is derived from each note alone, kept in the cache between runs.

A lifecycle reading (`analyse.readings`) or a note's evaluated claims (`analyse.claims`) is a pure
function of the note (its bytes, through its content key), some settings and vaulttool's code.
`per_note` keys each note's value by its content key and a `salt` of the rest, decodes the
values of unchanged notes from a cache table (MessagePack into the frozen types: never a
pickle), or from those the parse workers computed (`vault.Derivation`, saved in the cache by
the parse), and computes the others; a row that does not decode is computed again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import msgspec

from vaulttool.model import Note

if TYPE_CHECKING:
    from pathlib import Path

    from vaulttool.vault import Vault

T = TypeVar("T")


def per_note(
    vault: Vault, notes: Sequence[Note], table: str, salt: bytes, compute: Callable[[Note], T], kind: type[T]
) -> list[T]:
    """`compute(note)` for each note, taken from the cache's `table` where the note and `salt`
    are unchanged, or from what the parse workers computed of it (taken out of `vault.derived`)."""
    keyed = [(vault.content_keys.get(note.path), note) for note in notes]
    return per_key(vault.cache_dir, keyed, table, salt, compute, kind, vault.derived)


def per_key(
    cache_dir: Path | None,
    notes: Sequence[tuple[bytes | None, Note]],
    table: str,
    salt: bytes,
    compute: Callable[[Note], T],
    kind: type[T],
    ready: dict[bytes, bytes] | None = None,
) -> list[T]:
    """As `per_note`, for notes given with their content keys (None: not cached), such as the
    versions of one note in several commits; `ready` holds what the parse workers computed."""
    from vaulttool.cache import Cache, row_key

    keys = [row_key(salt, key) if key is not None else None for key, _ in notes]
    decoder = msgspec.msgpack.Decoder(kind)
    ready = {} if ready is None else ready
    with Cache(cache_dir) as cache:
        stored = cache.get(table, [key for key in keys if key is not None and key not in ready])
        values, fresh = [], []
        for key, (_, note) in zip(keys, notes):
            value: T | None = None
            if key is not None:
                value = _decoded(decoder, stored.get(key))
                if value is None and (blob := ready.pop(key, None)) is not None:  # handed over: freed once used
                    value = _decoded(decoder, blob)  # the parse saved it in the cache too
            if value is None:
                value = compute(note)
                if key is not None:
                    fresh.append((key, msgspec.msgpack.encode(value)))
            values.append(value)
        cache.put(table, fresh, list(stored))
    return values


def _decoded(decoder: msgspec.msgpack.Decoder[T], blob: bytes | None) -> T | None:
    """The value a row holds; None when there is none, or it does not decode."""
    if blob is None:
        return None
    try:
        return decoder.decode(blob)
    except (msgspec.DecodeError, ValueError, TypeError):
        return None
