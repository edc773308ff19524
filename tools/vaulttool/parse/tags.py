"""Tag and block-id scanners (rules 1-5 and 21 of OBSIDIAN_RULES.md)."""

from __future__ import annotations

import re

from vaulttool.parse.source import find_matches

# Obsidian's tag characters: anything but white space, ASCII punctuation other than `_ - /`,
# and the Unicode general-punctuation blocks (rule 1).
TAG_BODY = r"[^\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\\s]+"
_TAG = re.compile("#(" + TAG_BODY + ")")
_TAG_NAME = re.compile(TAG_BODY)
_DELIMITERS = frozenset("*_~=")
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)


def is_tag_name(name: str) -> bool:
    """A whole valid tag name: tag characters only, and at least one that is not a digit (rule 2)."""
    return bool(_TAG_NAME.fullmatch(name)) and not name.replace("/", "").isdigit()


def _opening_run(original: str, start: int) -> str | None:
    """The emphasis, strike or highlight delimiters (`*`, `_`, `~`, `=`) right before a `#`, when they
    follow the start of a line, white space or a table pipe: a `#` there starts a tag ("" if the
    `#` itself follows one). None when the `#` follows anything else (rule 5)."""
    cursor = start
    while cursor > 0 and original[cursor - 1] in _DELIMITERS:
        cursor -= 1
    if cursor == 0 or original[cursor - 1].isspace() or _is_cell_pipe(original, cursor - 1):
        return original[cursor:start]
    return None


def _is_cell_pipe(original: str, index: int) -> bool:
    return original[index] == "|" and (index == 0 or original[index - 1] != "\\")


def scan_tags(masked: str, original: str) -> list[tuple[int, str]]:
    """(offset of `#`, name) of every body tag.

    A tag starts at the start of a line, after white space, after a table cell's `|`, inside
    emphasis, strike or highlight delimiters (`_#idea_`, `**#idea**`) or right where another tag
    ends (`#a#b` is two tags); never after a letter, digit or other character (rule 5). The
    character before is read in the original text, so a masked code span still counts."""
    found = []
    previous_end = -1
    for match in _TAG.finditer(masked):
        start = match.start()
        run = "" if start == previous_end else _opening_run(original, start)
        if run is None:
            continue
        name = match.group(1)
        closing = min(run.count("_"), len(name) - len(name.rstrip("_")))
        name = name[: len(name) - closing] if closing < len(name) else name
        if name.replace("/", "").isdigit():
            continue
        found.append((start, name))
        previous_end = start + 1 + len(match.group(1))
    return found


def scan_block_ids(masked: str) -> list[tuple[int, str]]:
    """(offset of `^`, id) for every `^id` that ends a line, after white space or alone (rule 21)."""
    return [
        (match.start(), match.group(1))
        for match in find_matches(_BLOCK_ID, "^", masked)
        if match.start() == 0 or masked[match.start() - 1] in " \t\n"
    ]
