"""Front matter: YAML between `---` lines at the very top (rules 7, 16, 25 of OBSIDIAN_RULES.md).

PyYAML's composer keeps each node's line and column, so tags and aliases from front matter are
positioned like every other fact. Malformed YAML becomes a `bad-front-matter` diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from vaulttool.model import Alias, Finding, Position, Tag
from vaulttool.parse.tags import is_tag_name
from vaulttool.rules import Code

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STRING_SEPARATORS = re.compile(r"[^,\s]+")
_ALIAS_PIECE = re.compile(r"\s*([^,]*[^,\s])")
_PLACEHOLDER = re.compile(r"(?<=:[ \t])(\{\{[^{}\n]*\}\})[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


def _scalar_items(node: yaml.Node, split: bool) -> list[tuple[str, int, int]]:
    """(value, 0-based line, 0-based column) of a scalar or of each scalar in a sequence.

    A plain string is split at commas and spaces when `split` (the old `tags: a, b` form)."""
    if isinstance(node, yaml.SequenceNode):
        items = []
        for child in node.value:
            items.extend(_scalar_items(child, False))
        return items
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        return []
    line, column = node.start_mark.line, node.start_mark.column
    if node.style in ("'", '"'):
        column += 1
    value = str(node.value)
    if not split:
        return [(value.strip(), line, column)]
    if node.style not in ("|", ">") and "\n" not in value:
        return [(m.group(), line, column + m.start()) for m in _STRING_SEPARATORS.finditer(value)]
    return [(m.group(), line, column) for m in _STRING_SEPARATORS.finditer(value)]


def _quote_placeholders(yaml_text: str) -> str:
    """Template files write `created: {{date}}`: quote such values (same length is not needed:
    only the values' text changes, and lines stay where they were)."""
    return _PLACEHOLDER.sub(lambda m: "'" + m.group(1) + "'", yaml_text)


def parse_frontmatter(yaml_text: str, first_line: int, path: str) -> FrontMatter:
    """Parse the YAML between the delimiters; `first_line` is the 1-based line of its first line.

    A `{{placeholder}}` value (a template, as in Obsidian's Templates plugin) is read as text."""
    result = FrontMatter()
    if "{{" in yaml_text:
        yaml_text = _quote_placeholders(yaml_text)
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context_mark", None)
        if context is not None and (mark is None or mark.line >= yaml_text.count("\n") + 1):
            mark = context  # the problem is the end of the text: point where the construct began
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        result.problems.append(
            Finding(Position(path, line, column), Code.BAD_FRONT_MATTER,
                       f"front matter is not valid YAML: {problem}")
        )
        return result
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        result.problems.append(
            Finding(Position(path, first_line, 1), Code.BAD_FRONT_MATTER,
                       "front matter is not a set of properties (key: value)")
        )
        return result
    result.data = data
    if node is None:
        return result
    for key_node, value_node in node.value:
        key = str(key_node.value).lower()
        if key in ("tags", "tag"):
            for value, line, column in _scalar_items(value_node, split=True):
                name = value[1:] if value.startswith("#") else value
                column += 1 if value.startswith("#") else 0
                if is_tag_name(name):
                    result.tags.append(Tag(name, Position(path, first_line + line, column + 1), "frontmatter"))
        elif key in ("aliases", "alias"):
            for value, line, column in _scalar_items(value_node, split=False):
                if isinstance(value_node, yaml.ScalarNode):  # the old `aliases: a, b` string form
                    pieces = [(m.group(1), column + m.start(1)) for m in _ALIAS_PIECE.finditer(value)]
                else:
                    pieces = [(value, column)]
                result.aliases.extend(
                    Alias(name, Position(path, first_line + line, start + 1)) for name, start in pieces if name
                )
    return result
