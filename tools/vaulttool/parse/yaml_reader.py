"""Read front-matter YAML without trusting it: every failure is a positioned problem, never an exception.

- Template placeholders (`{{date}}`, `<% tp.file.title %>`) are text wherever they stand: they are
  masked with private-use characters of the same length before parsing and restored after, so
  lines and columns do not move. So are U+0085, U+2028 and U+2029, line breaks to YAML 1.1 only:
  a note's lines end at `\n` alone, as they do for YAML 1.2 and for every other position here.
- A syntax error loses only the top-level property it is in: the text is then read one top-level
  entry at a time, and each entry that breaks is reported at its own line.
- A property that refers to itself (a recursive alias), expands to more than `MAX_VALUES` values
  (an alias bomb) or nests deeper than `MAX_DEPTH` is left out, and so is a value that cannot be
  built (`2024-02-30`, `25:00:00`, `!!int abc`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vaulttool.parse.flat_yaml import flat_data, flat_pairs

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_VALUES = 10_000
MAX_DEPTH = 50
_MAP_TAG = "tag:yaml.org,2002:map"
# What building a value can raise besides YAMLError: impossible dates and times, bad or empty
# `!!int`, `!!float`, `!!timestamp` values, integers past Python's digit limit, nesting past the stack.
BUILD_ERRORS = (yaml.YAMLError, ValueError, TypeError, AttributeError, LookupError, ArithmeticError, RecursionError)
_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|<%[^\n]*?%>")
_TOKEN = re.compile("\ue000[\ue100-\ue1ff]+")
_BREAKS = str.maketrans({"\x85": "\ue001", "\u2028": "\ue002", "\u2029": "\ue003"})
_UNBREAKS = str.maketrans({"\ue001": "\x85", "\ue002": "\u2028", "\ue003": "\u2029"})
_UNQUOTED_LINK = re.compile(r"\[\[[^\[\]\n]+\]\]")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why part of the YAML was left out; `line` and `column` are 0-based in the YAML text."""

    line: int
    column: int
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Reading:
    """The kept top-level (key, value) nodes, their values, and what was left out."""

    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    data: dict[Any, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    restore: Callable[[str], str] = str  # puts template placeholders back into a string


class Placeholders:
    """Masks template placeholders (same-length private-use tokens) and YAML 1.1 line breaks, and
    restores both in the values read."""

    def __init__(self, text: str) -> None:
        self.originals: dict[str, str] = {}
        masked = _PLACEHOLDER.sub(self._token, text) if ("{{" in text or "<%" in text) else text
        # translated only where one is: `translate` looks each character up (3 µs for 50)
        unbroken = masked.translate(_BREAKS) if "\x85" in masked or "\u2028" in masked or "\u2029" in masked else masked
        self.breaks = unbroken != masked
        self.masked = unbroken

    def _token(self, match: re.Match[str]) -> str:
        number, digits = len(self.originals), []
        for _ in range(len(match.group()) - 1):
            digits.append(chr(0xE100 + number % 256))
            number //= 256
        token = "\ue000" + "".join(digits)
        self.originals[token] = match.group()
        return token

    @property
    def any(self) -> bool:
        return bool(self.originals) or self.breaks

    def restore(self, value: str) -> str:
        if self.breaks:
            value = value.translate(_UNBREAKS)
        if not self.originals or "\ue000" not in value:
            return value
        return _TOKEN.sub(lambda m: self.originals.get(m.group(), m.group()), value)


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax_problem(error: Exception, text: str) -> Problem:
    """Where PyYAML says the text broke; an error at the very end points where the construct
    began, else at the end of the last line."""
    lines = text.split("\n")
    mark = getattr(error, "problem_mark", None)
    context = getattr(error, "context_mark", None)
    if context is not None and (mark is None or mark.line >= len(lines)):
        mark = context
    if mark is not None:
        line, column = mark.line, mark.column
    else:  # a ReaderError (a character YAML refuses) gives an offset
        offset = min(getattr(error, "position", 0), len(text))
        line, column = text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1)
    if line >= len(lines):
        line, column = len(lines) - 1, len(lines[-1])
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    hint = 'put each link in quotes: "[[Note]]"' if _UNQUOTED_LINK.search(text) else None
    return Problem(line, column, f"front matter is not valid YAML: {problem}", hint)


def _starts_entry(line: str) -> bool:
    """Whether a line opens a top-level entry (`key: …`) rather than continuing the one before."""
    if not line or line[0] in " \t#]}" or line.rstrip() == "...":
        return False
    return not (line[0] == "-" and (len(line) == 1 or line[1] in " \t"))


def _recover(text: str, reading: Reading) -> None:
    """Read each top-level entry alone (padded with newlines so marks stay absolute)."""
    lines = text.split("\n")
    starts = [0] + [i for i in range(1, len(lines)) if _starts_entry(lines[i])]
    for start, end in zip(starts, [*starts[1:], len(lines)]):
        chunk = "\n" * start + "\n".join(lines[start:end])
        try:
            node = _compose(chunk)
        except (yaml.YAMLError, RecursionError) as error:
            reading.problems.append(_syntax_problem(error, chunk))
            continue
        if node is None:
            continue
        if isinstance(node, MappingNode):
            reading.pairs.extend(node.value)
        else:
            reading.problems.append(
                Problem(
                    node.start_mark.line, node.start_mark.column, "front matter line is not a property (key: value)"
                )
            )


def children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _shape_problem(node: Node) -> str | None:
    """Why a value cannot be kept (it refers to itself, expands too far, nests too deep), or None.
    One iterative pass: node sizes are memoised, so an alias bomb costs what its text costs. A
    scalar, or a short list of scalars (most properties: `tags: [a, b]`), is kept at once."""
    if isinstance(node, ScalarNode) or (
        isinstance(node, SequenceNode)
        and len(node.value) < MAX_VALUES
        and all(isinstance(child, ScalarNode) for child in node.value)
    ):
        return None
    size: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(node, 0, False)]
    while stack:
        current, depth, leaving = stack.pop()
        key = id(current)
        if leaving:
            size[key] = 1 + sum(size[id(child)] for child in children(current))
            if size[key] > MAX_VALUES:
                return f"expands to more than {MAX_VALUES} values (an alias bomb?)"
            continue
        if key in size:
            continue
        if key in entered:
            return "refers to itself (a recursive alias)"
        if depth > MAX_DEPTH:
            return f"nests deeper than {MAX_DEPTH} levels"
        entered.add(key)
        stack.append((current, depth, True))
        stack.extend((child, depth + 1, False) for child in children(current))
    return None


def _build(pairs: list[tuple[Node, Node]]) -> dict[Any, Any]:
    return SafeConstructor().construct_document(MappingNode(_MAP_TAG, list(pairs)))


def _culprit(node: Node) -> Node | None:
    """The first scalar under `node` whose value cannot be built alone."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            try:
                SafeConstructor().construct_object(current)
            except BUILD_ERRORS:
                return current
        stack.extend(reversed(list(children(current))))
    return None


def key_text(node: Node) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else "?"


def _build_each(reading: Reading) -> None:
    """Build the values property by property, leaving out the ones that fail."""
    kept = []
    for key, value in reading.pairs:
        try:
            reading.data.update(_build([(key, value)]))
        except BUILD_ERRORS as error:
            culprit = _culprit(value) or _culprit(key)
            mark = culprit.start_mark if culprit else getattr(error, "problem_mark", None) or key.start_mark
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
            reading.problems.append(
                Problem(mark.line, mark.column, f'property "{key_text(key)}" cannot be read: {reason}; it is left out')
            )
            continue
        kept.append((key, value))
    reading.pairs = kept


def _restore_all(data: Any, restore: Callable[[str], str]) -> None:
    """Put placeholders back into every string of the built values, in place."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, dict):
            items = [
                (restore(k) if isinstance(k, str) else k, restore(v) if isinstance(v, str) else v)
                for k, v in current.items()
            ]
            current.clear()
            current.update(items)
            stack.extend(v for _, v in items if isinstance(v, (dict, list)))
        elif isinstance(current, list):
            current[:] = [restore(v) if isinstance(v, str) else v for v in current]
            stack.extend(v for v in current if isinstance(v, (dict, list)))


def read_yaml(text: str) -> Reading:
    """Read front-matter YAML into kept properties and positioned problems."""
    placeholders = Placeholders(text)
    masked = placeholders.masked
    reading = Reading(restore=placeholders.restore)
    flat = flat_pairs(masked)  # the shape Obsidian writes, composed without libyaml
    if flat is not None:
        reading.pairs = flat
    else:
        try:
            root = _compose(masked)
        except (yaml.YAMLError, RecursionError):
            _recover(masked, reading)
        else:
            if root is None:
                return reading
            if not isinstance(root, MappingNode):
                reading.problems.append(Problem(0, 0, "front matter is not a set of properties (key: value)"))
                return reading
            reading.pairs = list(root.value)
    kept = []
    for key, value in reading.pairs:
        reason = _shape_problem(key) or _shape_problem(value)
        if reason is None:
            kept.append((key, value))
        else:
            reading.problems.append(
                Problem(
                    key.start_mark.line, key.start_mark.column, f'property "{key_text(key)}" {reason}; it is left out'
                )
            )
    reading.pairs = kept
    try:
        reading.data = flat_data(kept) if flat is not None else _build(kept)
    except BUILD_ERRORS:
        reading.data = {}
        _build_each(reading)
    if placeholders.any:
        _restore_all(reading.data, placeholders.restore)
    return reading
