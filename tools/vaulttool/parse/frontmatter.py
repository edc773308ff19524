"""Front matter: YAML between `---` lines at the very top (rules 7, 16, 25 of OBSIDIAN_RULES.md).

PyYAML's composer keeps each node's line and column, so tags, aliases and property links are
positioned like every other fact. `yaml_reader` keeps every property it can; what it leaves out is
a `bad-front-matter` problem. Current Obsidian (1.9 and later) reads tags only from `tags`,
aliases only from `aliases`, and a link only from a string value that is a whole `"[[link]]"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from vaulttool.model import Alias, Finding, Link, Position, Tag
from vaulttool.parse.links import WIKI, parse_wiki
from vaulttool.parse.tags import is_tag_name
from vaulttool.parse.yaml_reader import children, key_text, read_yaml
from vaulttool.rules import Code

_STRING_SEPARATORS = re.compile(r"[^,\s]+")
_ALIAS_PIECE = re.compile(r"\s*([^,]*[^,\s])")
_NESTED_LINK = re.compile(r"\[\[[^\[\]\n]*\]\]")
# HELP Properties, "Deprecated properties"; Obsidian 1.9.0's changelog: no longer read since 1.9.
DEPRECATED_KEYS = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Source:
    """The YAML text as written, where it starts in the note, and how to restore placeholders."""

    text: str
    first_line: int
    path: str
    restore: Any

    def position(self, line: int, column: int) -> Position:
        return Position(self.path, self.first_line + line, column + 1)


def _scalar_items(node: Node, split: bool, source: _Source) -> list[tuple[str, int, int]]:
    """(value, 0-based line, 0-based column) of a scalar or of each scalar in a sequence.

    A plain string is split at commas and spaces when `split` (the old `tags: a, b` form)."""
    if isinstance(node, SequenceNode):
        items = []
        for child in node.value:
            items.extend(_scalar_items(child, False, source))
        return items
    if not isinstance(node, ScalarNode) or node.tag.endswith(":null"):
        return []
    line, column = node.start_mark.line, node.start_mark.column
    if node.style in ("'", '"'):
        column += 1
    value = source.restore(str(node.value))
    if not split:
        return [(value.strip(), line, column)]
    if node.style not in ("|", ">") and "\n" not in value:
        return [(m.group(), line, column + m.start()) for m in _STRING_SEPARATORS.finditer(value)]
    return [(m.group(), line, column) for m in _STRING_SEPARATORS.finditer(value)]


def _link(node: ScalarNode, source: _Source) -> Link | None:
    """The link a string value is, when the whole value is one `[[…]]` (HELP Properties)."""
    value = source.restore(str(node.value)).strip()
    match = WIKI.fullmatch(value)
    if match is None:
        return None
    start, end = node.start_mark.index, node.end_mark.index
    span = source.text[start:end]
    offset = span.find(value)
    if offset == -1:  # written with escapes: point at the value as written
        offset = 1 if node.style in ("'", '"') else 0
        raw = span[offset : len(span) - offset]
    else:
        raw = value
    newline = span.rfind("\n", 0, offset)
    line = node.start_mark.line + span.count("\n", 0, offset)
    column = node.start_mark.column + offset if newline == -1 else offset - newline - 1
    target, subpath, display = parse_wiki(match.group(2))
    return Link(
        "wiki",
        target,
        subpath,
        display,
        bool(match.group(1)),
        source.position(line, column),
        column + 1 + len(raw),
        raw,
        in_frontmatter=True,
    )


def _walk_values(key: Node, value: Node, source: _Source, result: FrontMatter) -> None:
    """Links from string values; an unquoted `[[Note]]` (a YAML list in a list) is a warning."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag.endswith(":str") and "[[" in node.value and (link := _link(node, source)):
                result.links.append(link)
            continue
        if isinstance(node, SequenceNode) and node.flow_style:
            written = source.text[node.start_mark.index : node.end_mark.index]
            if _NESTED_LINK.fullmatch(written):
                result.problems.append(
                    Finding(
                        source.position(node.start_mark.line, node.start_mark.column),
                        Code.UNQUOTED_PROPERTY_LINK,
                        f'{written} in property "{key_text(key)}" is a YAML list, not a link',
                        f'write it in quotes: "{written}"',
                        node.start_mark.column + 1 + len(written),
                    )
                )
                continue
        stack.extend(reversed(list(children(node))))


def _tags(value: Node, source: _Source) -> list[Tag]:
    tags: list[Tag] = []
    for text, line, column in _scalar_items(value, True, source):
        name = text[1:] if text.startswith("#") else text
        column += 1 if text.startswith("#") else 0
        if is_tag_name(name):
            tags.append(Tag(name, source.position(line, column), "frontmatter"))
    return tags


def _aliases(value: Node, source: _Source) -> list[Alias]:
    aliases: list[Alias] = []
    for text, line, column in _scalar_items(value, False, source):
        if isinstance(value, ScalarNode):  # the old `aliases: a, b` string form
            pieces = [(m.group(1), column + m.start(1)) for m in _ALIAS_PIECE.finditer(text)]
        else:
            pieces = [(text, column)]
        aliases.extend(Alias(name, source.position(line, start)) for name, start in pieces if name)
    return aliases


def parse_frontmatter(yaml_text: str, first_line: int, path: str) -> FrontMatter:
    """Parse the YAML between the delimiters; `first_line` is the 1-based line of its first line.

    A template placeholder (`{{date}}`, `<% tp.file.title %>`) is read as text."""
    reading = read_yaml(yaml_text)
    source = _Source(yaml_text, first_line, path, reading.restore)
    result = FrontMatter(data=reading.data)
    result.problems.extend(
        Finding(source.position(p.line, p.column), Code.BAD_FRONT_MATTER, p.message, p.hint) for p in reading.problems
    )
    for key_node, value_node in reading.pairs:
        key = key_text(key_node).lower()
        if key == "tags":
            result.tags.extend(_tags(value_node, source))
        elif key == "aliases":
            result.aliases.extend(_aliases(value_node, source))
        elif key in DEPRECATED_KEYS:
            written = key_text(key_node)
            result.problems.append(
                Finding(
                    source.position(key_node.start_mark.line, key_node.start_mark.column),
                    Code.DEPRECATED_PROPERTY,
                    f'Obsidian no longer reads property "{written}" (since 1.9)',
                    f'rename it "{DEPRECATED_KEYS[key]}" and make its value a list',
                    key_node.start_mark.column + 1 + len(written),
                )
            )
        _walk_values(key_node, value_node, source, result)
    result.problems.sort(key=Finding.sort_key)
    return result
