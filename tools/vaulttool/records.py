"""Compact cache records: a parsed `Note` (or a note's blame dates) as MessagePack.

Decoding is msgspec's, straight into the model's frozen Structs (encoded as arrays) and checked
against their types: no pickle, so a cache file can never run code, and a row that does not fit
raises `RecordError` (the caller drops it and parses the note again). Every position of a note
names the note itself, so a record leaves that path out: the note's and its positions' are written
empty and filled in on decoding (the row's key names the note). The note's body (links, units, …)
is kept encoded until it is used (`Note.content`), its links as a record apart (`Note.links`, all a
check reads of an unchanged note). Front matter keeps YAML's types (dates, sets,
tuples, big integers, mappings with other keys than strings) through MessagePack extension types.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import msgspec
from msgspec.structs import replace

from vaulttool.model import Note, Position


class RecordError(ValueError):
    """A stored row that is not a record of this version."""


_Blame = tuple[str, tuple[tuple[int, int], ...]]  # commit, (line, proleptic ordinal of the date)
_DATE, _DATETIME, _TUPLE, _SET, _DICT, _BIGINT = range(1, 7)
# The slots' own setters (Structs are frozen), for the paths a record leaves out.
_SET_POSITION_PATH = Position.__dict__["path"].__set__
_SET_NOTE_PATH = Note.__dict__["path"].__set__


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


def _head_positions(note: Note) -> list[Position]:
    """Every `Position` object of a note's fields but its body (`NoteBody.positions` has those).
    A new positioned field of `Note` must be added here (a test round-trips every field)."""
    facts: list[Any] = [*note.aliases, *note.tags, *note.headings, *note.blocks, *note.problems]
    return [fact.position for fact in facts]


def encode_note(note: Note, *, last_use: bool = False) -> bytes:
    """The note as a record; raises `TypeError` when it cannot be stored (then it is not cached):
    front matter with keys other than strings, or a position in another file.

    The body is a record of its own inside it (decoded only when the note's body is used), made
    of two: its links, and the rest (so that reading the links reads nothing else). The note's
    path is left out of the record and out of every position (filled in on decoding): its
    positions' paths are emptied while it is encoded, and put back before this returns, but with
    `last_use` (a parse worker's note, dropped once encoded) when the record is made."""
    if not all(type(key) is str for key in note.frontmatter):
        raise TypeError("front matter keys that are not strings")
    path = note.path
    positions = [*_head_positions(note), *note.content.positions()]
    _clear_paths(positions, path)
    encode = _encoder().encode
    content = note.content
    try:
        body = encode((encode(content.links), encode(replace(content, links=()))))
        record = b"\0" + encode(replace(note, path="", frontmatter=_pack(note.frontmatter, encode), body=body))
    except BaseException:
        _set_paths(positions, path)
        raise
    if not last_use:
        _set_paths(positions, path)
    return record


def _set_paths(positions: list[Position], path: str) -> None:
    for position in positions:
        _SET_POSITION_PATH(position, path)


def _clear_paths(positions: list[Position], path: str) -> None:
    """Empty the paths of positions that are all in `path` (one met twice is emptied already);
    raises `TypeError`, with every path as it was, if one is in another file."""
    for done, position in enumerate(positions):
        if position.path != path and position.path:
            _set_paths(positions[:done], path)
            raise TypeError("a position in another file")
        _SET_POSITION_PATH(position, "")


@lru_cache(maxsize=1)
def _note_decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(Note, ext_hook=_unpack_ext)


def decode_note(blob: bytes, path: str) -> Note:
    """The `Note` at `path` a record holds (its body still encoded); `RecordError` if the row is
    not such a record."""
    if blob[:1] != b"\0":
        raise RecordError("not a note record")
    try:
        note = _note_decoder().decode(blob[1:])
    except (msgspec.DecodeError, RecordError, ValueError, TypeError, OverflowError) as error:
        raise RecordError(str(error)) from None
    if not isinstance(note.body, bytes):
        raise RecordError("a note record with its body decoded")
    if note.path:
        raise RecordError("a record that names a note")
    _SET_NOTE_PATH(note, path)  # new objects, seen by no one yet: their empty paths are filled in
    for position in _head_positions(note):
        if position.path:
            raise RecordError("a position in another file")
        _SET_POSITION_PATH(position, path)
    return note


# --- blame dates ---------------------------------------------------------------------------------


def encode_blame(blame: tuple[str, dict[int, dt.date]]) -> bytes:
    """A note's blame: the commit it was made at, and each line's date."""
    made_at, dates = blame
    return _encoder().encode((made_at, tuple((line, date.toordinal()) for line, date in dates.items())))


@lru_cache(maxsize=1)
def _blame_decoder() -> msgspec.msgpack.Decoder:
    return msgspec.msgpack.Decoder(_Blame)


def decode_blame(blob: bytes) -> tuple[str, dict[int, dt.date]]:
    try:
        made_at, dates = _blame_decoder().decode(blob)
        return made_at, {line: dt.date.fromordinal(ordinal) for line, ordinal in dates}
    except (msgspec.DecodeError, ValueError, OverflowError) as error:
        raise RecordError(str(error)) from None
