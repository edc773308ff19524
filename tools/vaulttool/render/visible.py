"""Terminal safety: characters a terminal would act on, shown as escapes instead.

Note text and file names reach the terminal in text and GitHub output and on stderr. A control
character there is a command to the terminal, not text: ESC starts sequences that clear the
screen, set the window title or make hyperlinks, C1 controls do the same in one byte, and the
Unicode bidirectional controls reorder what the reader sees (CVE-2021-42574, "Trojan Source").
`visible` writes each of them as a Python-style escape (`\\x1b`, `\\u202e`), which a terminal
prints as it is; tab and newline stay. `visible_model` does this to every string of a renderer's
model before the renderer lays it out, so the colours the renderer adds afterwards are the only
escape sequences in the output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from msgspec import Struct, structs

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks, embeddings,
overrides and isolates (Unicode TR 9, table 4; ALM U+061C, LRM/RLM, LRE…RLO, LRI…PDI)."""

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 has no place for (its `Char` production): C0 controls but tab, LF and CR, lone
surrogates (a file name that was not UTF-8), U+FFFE and U+FFFF."""

T = TypeVar("T")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape."""
    return CONTROL.sub(_escape, text) if CONTROL.search(text) else text


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 forbids written as escapes, so a document holding it parses."""
    return XML_FORBIDDEN.sub(_escape, text) if XML_FORBIDDEN.search(text) else text


def visible_model(value: T) -> T:
    """`value` with `visible` applied to every string in it: in frozen dataclasses, tuples, lists,
    sets and dicts (keys too), however nested. Objects with nothing to change are returned as they
    are, so a clean model is not copied."""
    return _walk(value)


_ATOMS = frozenset({int, float, bool, type(None), bytes, dt.date, dt.datetime})
_FIELDS: dict[type, tuple[str, ...] | None] = {}  # a Struct's or dataclass's init fields; None: neither


def _fields(kind: type) -> tuple[str, ...] | None:
    if kind not in _FIELDS:
        if issubclass(kind, Struct):
            _FIELDS[kind] = kind.__struct_fields__
        elif dataclasses.is_dataclass(kind):
            _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.init)
        else:
            _FIELDS[kind] = None
    return _FIELDS[kind]


def _walk_items(items: Iterable[Any]) -> list[Any] | None:
    """The items walked, or None when none changed."""
    changed: list[Any] | None = None
    for index, item in enumerate(items):
        new = _walk(item)
        if new is not item:
            if changed is None:
                changed = list(items)
            changed[index] = new
    return changed


def _walk(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return visible(value)
    if kind in _ATOMS:
        return value
    if kind is tuple or kind is list:
        changed = _walk_items(value)
        return value if changed is None else kind(changed)
    names = _fields(kind)
    if names is not None:
        changes = {}
        for name in names:
            old = getattr(value, name)
            if (new := _walk(old)) is not old:
                changes[name] = new
        if not changes:
            return value
        return structs.replace(value, **changes) if isinstance(value, Struct) else dataclasses.replace(value, **changes)
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, (tuple, list, set, frozenset)):
        items = list(value)
        changed = _walk_items(items)
        if changed is None:
            return value
        return kind(*changed) if hasattr(value, "_fields") else kind(changed)
    if isinstance(value, dict):
        pairs = list(value.items())
        walked = _walk_items(pairs)
        return value if walked is None else kind(walked)
    return value
