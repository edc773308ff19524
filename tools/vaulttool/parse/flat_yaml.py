"""Front matter of the shape Obsidian's property editor writes, composed without libyaml: the
nodes PyYAML's composer gives, each with its marks, for a fraction of what composing costs.

The shape: top-level `key: value` lines and blank lines, each value on its key's line or a block
list of items right under it (`tags:` then `  - a`), every value a plain scalar on one line, a
quoted one without escapes, or a flow list of plain scalars (`[a, b]`). Plain scalars are typed
by PyYAML's own resolver (YAML 1.1: `2024-01-05` a date, `yes` true, `~` null), as the composer
types them; a key must be a string. Whatever else a text holds (comments, anchors, tags, escapes,
nested mappings, values over several lines, tabs, characters a line cannot print) gives None: the
composer reads it. Both give the same nodes on every front matter of the corpora, a generated
vault and random ones (tests/parse/test_flat_yaml.py).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import Mark
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_NAME = "<unicode string>"  # the name PyYAML's composer gives the marks of a string's nodes
# What a plain scalar may not start with (YAML's indicators, white space); kept out of the fast
# path even where YAML allows some (`-1`, `:x`)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_IN_FLOW = frozenset(",[]{}#:'\"")  # what an item of a flow list may not hold here
_PLAIN_STYLE = "" if hasattr(yaml, "CSafeLoader") else None  # libyaml's composer says "", PyYAML's None
# PyYAML's resolver's table of implicit types (YAML 1.1's), by a plain scalar's first character
# (None: tried for every scalar): read as `BaseResolver.resolve` reads it, without its calls
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()  # its scalar builders read nothing of its state
# How the safe constructor builds each type a plain scalar may resolve to here (a scalar resolved
# to another, `<<` or `=`, is left to the composer and the constructor)
_BUILD = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in (f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))
}


_KEPT = 8192  # plain scalars whose tag is kept, and built values (a vault repeats its keys and tags)
_KEPT_LENGTH = 64  # the longest scalar kept so (8192 of them at most 0.5 MB, whatever the notes hold)
_TAGS: dict[str, str] = {}
_VALUES: dict[tuple[str, str], Any] = {}


class _OtherShape(Exception):
    """The text is not of the shape this path reads."""


def _mark(index: int, line: int, column: int) -> Mark:
    """A mark as libyaml's composer makes it: without the text (PyYAML's stub wants it)."""
    return Mark(_NAME, index, line, column, None, None)  # type: ignore[arg-type]


def _scalar(value: str, tag: str, start: int, line: int, column: int, end: int, style: str | None) -> ScalarNode:
    """A scalar node written from offset `start` (at `line`, `column`) to `end`, on one line."""
    return ScalarNode(tag, value, _mark(start, line, column), _mark(end, line, column + end - start), style)


def _resolved(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (no path resolvers are added); kept for the
    words a vault repeats (keys, tags: 2-3 µs of patterns a scalar)."""
    tag = _TAGS.get(value)
    if tag is None:
        tag = _STR
        for implicit, pattern in _IMPLICIT.get(value[0] if value else "", []) + _IMPLICIT.get(None, []):
            if pattern.match(value):
                tag = implicit
                break
        if len(_TAGS) < _KEPT and len(value) <= _KEPT_LENGTH:
            _TAGS[value] = tag
    return tag


def _plain(value: str, start: int, line: int, column: int) -> ScalarNode:
    tag = _resolved(value)
    if tag != _STR and tag not in _BUILD:
        raise _OtherShape(f"a plain scalar resolved to {tag}")
    return _scalar(value, tag, start, line, column, start + len(value), _PLAIN_STYLE)


def _plain_text(value: str) -> bool:
    """Whether a value (trimmed, on one line) is a plain scalar this path reads."""
    return value[0] not in _INDICATORS and ": " not in value and " #" not in value and not value.endswith(":")


def _value(written: str, start: int, line: int, column: int) -> Node | None:
    """The node of a value written on its key's line (trimmed), from offset `start`."""
    first = written[0]
    if first in "\"'":
        inner = written[1:-1]
        if len(written) < 2 or written[-1] != first or first in inner or (first == '"' and "\\" in inner):
            return None
        return _scalar(inner, _STR, start, line, column, start + len(written), first)
    if first == "[":
        if written[-1] != "]":
            return None
        items: list[Node] = []
        inner = written[1:-1]
        if inner.strip(" "):
            offset = 1
            for piece in inner.split(","):
                item = piece.strip(" ")
                if not item or item[0] in _INDICATORS or any(c in _IN_FLOW for c in item):
                    return None
                at = offset + piece.index(item)
                items.append(_plain(item, start + at, line, column + at))
                offset += len(piece) + 1
        end = _mark(start + len(written), line, column + len(written))
        return SequenceNode(_SEQ, items, _mark(start, line, column), end, True)
    if not _plain_text(written):
        return None
    return _plain(written, start, line, column)


def flat_pairs(source: str) -> list[tuple[Node, Node]] | None:
    """The top-level (key, value) nodes of front matter of the shape above, as PyYAML's composer
    gives them; None when the text is of another shape (or holds no property)."""
    try:
        return _pairs(source)
    except _OtherShape:
        return None


def flat_data(pairs: list[tuple[Node, Node]]) -> dict[str, Any]:
    """The properties `flat_pairs` gave, built as PyYAML's safe constructor builds them (and
    raising what it raises: `2024-02-30` cannot be a date)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if isinstance(value, SequenceNode):
            data[key.value] = [_built(item) for item in value.value]
        else:
            data[key.value] = _built(value)
    return data


def _built(node: Node) -> Any:
    """A scalar's value; one of another type than a string kept by its text (it is immutable:
    `None`, a bool, a number, a date or a time)."""
    if node.tag == _STR:
        return node.value
    key = (node.tag, node.value)
    if key in _VALUES:
        return _VALUES[key]
    value = _BUILD[node.tag](_CONSTRUCTOR, node)
    if len(_VALUES) < _KEPT and len(node.value) <= _KEPT_LENGTH:
        _VALUES[key] = value
    return value


def _pairs(source: str) -> list[tuple[Node, Node]] | None:
    lines = source.split("\n")
    pairs: list[tuple[Node, Node]] = []
    items: list[Node] = []  # the block list under the last key, while it is read
    indent = -1  # its items' indentation
    listable = False  # whether the last key's line left its value empty (a list may follow)
    offset = 0  # where the line starts
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        if not line.strip(" "):
            continue
        if not line.isprintable():
            return None
        if line[0] in " -":  # an item of a block list under the last key
            written = line.lstrip(" ")
            column = len(line) - len(written)
            if not pairs or (indent >= 0 and column != indent) or not written.startswith("- "):
                return None
            if indent < 0:
                if not listable:
                    return None  # a list under a key whose line has a value
                indent = column
            item = written[2:].lstrip(" ")
            at = column + len(written) - len(item)
            item = item.rstrip(" ")
            if not item:
                return None
            node = _value(item, start + at, number, at)
            if node is None or not isinstance(node, ScalarNode):
                return None
            items.append(node)
            continue
        if items:
            _close_list(pairs, items, indent, _mark(start, number, 0))
            items = []
        indent = -1
        colon = line.find(":")
        key = line[:colon]
        if colon <= 0 or key[0] in _INDICATORS or "#" in key or key != key.rstrip(" "):
            return None
        key_node = _plain(key, start, number, 0)
        if key_node.tag != _STR:
            return None
        rest = line[colon + 1 :]
        written = rest.strip(" ")
        if not written:
            pairs.append((key_node, _plain("", start + colon + 1, number, colon + 1)))  # null, or a list below
            listable = True
            continue
        if rest[0] != " ":
            return None
        at = colon + 1 + len(rest) - len(rest.lstrip(" "))
        value = _value(written, start + at, number, at)
        if value is None:
            return None
        pairs.append((key_node, value))
        listable = False
    if items:
        _close_list(pairs, items, indent, _text_end(source, indent))
    return pairs or None


def _text_end(source: str, indent: int) -> Mark:
    """Where a block list indented by `indent` that the text's end closes ends, as libyaml's
    scanner puts it: where the white space after it ends, if that is left of its items; else at
    the start of a line after the last (libyaml ends a text with a line break)."""
    line, column = source.count("\n"), len(source) - source.rfind("\n") - 1
    if column < indent or column == 0:
        return _mark(len(source), line, column)
    return _mark(len(source), line + 1, 0)


def _close_list(pairs: list[tuple[Node, Node]], items: list[Node], indent: int, end: Mark) -> None:
    """The last key's value becomes the block list of `items`, which ends at `end` (where the
    next key starts, or the text ends)."""
    key, first = pairs[-1][0], items[0]
    dash = first.start_mark.index - (first.start_mark.column - indent)
    start = _mark(dash, first.start_mark.line, indent)
    pairs[-1] = (key, SequenceNode(_SEQ, list(items), start, end, False))
