"""Compact cache records: a parsed `Note` (or a note's blame dates) as MessagePack.

Decoding is msgspec's, straight into the model's frozen dataclasses and checked against their
types: no pickle, so a cache file can never run code, and a row that does not fit raises
`RecordError` (the caller drops it and parses the note again). Every position of a note names
the note itself, so a record stores that path once: the others are written empty and filled in
on decoding. Front matter keeps YAML's types (dates, sets, tuples, big integers, mappings with
other keys than strings) through MessagePack extension types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from typing import Any

import msgspec

from vaulttool.model import Note, Position


class RecordError(ValueError):
    """A stored row that is not a record of this version."""


_Blame = tuple[tuple[int, int], ...]  # (line, proleptic ordinal of the date)
_DATE, _DATETIME, _TUPLE, _SET, _DICT, _BIGINT = range(1, 7)
_PATH_FIELD = b"\xa4path"  # the MessagePack key `path` (Note.path and Position.path)


# --- front matter: YAML values with their types --------------------------------------------------


def _pack(value: Any, encode: Any) -> Any:
    if value is None or isinstance(value, (bool, str, bytes, float)):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**64 else msgspec.msgpack.Ext(_BIGINT, str(value).encode())
    if isinstance(value, dt.datetime):
        return msgspec.msgpack.Ext(_DATETIME, value.isoformat().encode())
    if isinstance(value, dt.date):
        return msgspec.msgpack.Ext(_DATE, value.isoformat().encode())
    if isinstance(value, list):
        return [_pack(item, encode) for item in value]
    if isinstance(value, tuple):
        return msgspec.msgpack.Ext(_TUPLE, encode([_pack(item, encode) for item in value]))
    if isinstance(value, (set, frozenset)):
        return msgspec.msgpack.Ext(_SET, encode([_pack(item, encode) for item in value]))
    if isinstance(value, dict):
        if all(type(k) is str for k in value):
            return {k: _pack(v, encode) for k, v in value.items()}
        return msgspec.msgpack.Ext(_DICT, encode([[_pack(k, encode), _pack(v, encode)] for k, v in value.items()]))
    raise TypeError(f"cannot store a {type(value).__name__} in a record")


def _unpack_ext(code: int, data: memoryview) -> Any:
    if code == _DATE:
        return dt.date.fromisoformat(bytes(data).decode())
    if code == _DATETIME:
        return dt.datetime.fromisoformat(bytes(data).decode())
    if code == _BIGINT:
        return int(bytes(data))
    items = _values().decode(data)
    if code == _TUPLE:
        return tuple(items)
    if code == _SET:
        return set(items)
    if code == _DICT:
        return {key: value for key, value in items}
    raise RecordError(f"unknown extension type {code}")


@lru_cache(maxsize=1)
def _values() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(ext_hook=_unpack_ext)


@lru_cache(maxsize=1)
def _encoder() -> msgspec.msgpack.Encoder:
    return msgspec.msgpack.Encoder()


# --- notes ---------------------------------------------------------------------------------------


def _positions(note: Note) -> list[Position]:
    """Every `Position` object a note holds (a unit's tags count again: they are encoded again).
    A new positioned field of `Note` must be added here (a test round-trips every field)."""
    facts: list[Any] = [
        *note.aliases,
        *note.tags,
        *note.headings,
        *note.blocks,
        *note.links,
        *note.code_blocks,
        *note.code_spans,
        *note.units,
        *note.problems,
        *(tag for unit in note.units for tag in unit.tags),
        *note.tables,
        *(cell for table in note.tables for row in table.rows for cell in row),
        *note.containers,
    ]
    return [fact.position for fact in facts]


def _token(text: str) -> bytes:
    return _encoder().encode(text)


def encode_note(note: Note) -> bytes:
    """The note as a record; raises `TypeError` when it cannot be stored (then it is not cached):
    front matter with keys other than strings, or a position in another file."""
    if not all(type(key) is str for key in note.frontmatter):
        raise TypeError("front matter keys that are not strings")
    if any(position.path != note.path for position in _positions(note)):
        raise TypeError("a position in another file")
    encode = _encoder().encode
    packed = replace(note, frontmatter=_pack(note.frontmatter, encode))
    blob = encode(packed)
    field = _PATH_FIELD + _token(note.path)
    # The path is dropped only when every occurrence is a path field: one per position, and the note's.
    if blob.count(field) == len(_positions(note)) + 1:
        blob = blob.replace(field, _PATH_FIELD + _token(""))
    return blob


@lru_cache(maxsize=1)
def _note_decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(Note, ext_hook=_unpack_ext)


def decode_note(blob: bytes, path: str) -> Note:
    """The `Note` at `path` a record holds; `RecordError` if the row is not such a record."""
    try:
        note = _note_decoder().decode(blob)
    except (msgspec.DecodeError, RecordError, ValueError, TypeError, OverflowError) as error:
        raise RecordError(str(error)) from None
    if note.path == "":
        set_path = object.__setattr__  # frozen, but the objects are new and seen by no one yet
        set_path(note, "path", path)
        for position in _positions(note):
            if position.path:
                raise RecordError("a position in another file")
            set_path(position, "path", path)
    elif note.path != path:
        raise RecordError(f"a record of {note.path}, not of {path}")
    return note


# --- blame dates ---------------------------------------------------------------------------------


def encode_blame(dates: dict[int, dt.date]) -> bytes:
    return _encoder().encode(tuple((line, date.toordinal()) for line, date in dates.items()))


@lru_cache(maxsize=1)
def _blame_decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(_Blame)


def decode_blame(blob: bytes) -> dict[int, dt.date]:
    try:
        return {line: dt.date.fromordinal(ordinal) for line, ordinal in _blame_decoder().decode(blob)}
    except (msgspec.DecodeError, ValueError, OverflowError) as error:
        raise RecordError(str(error)) from None
