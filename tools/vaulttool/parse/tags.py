"""Tag and block-id scanners (rules 1-5 and 21 of OBSIDIAN_RULES.md)."""

from __future__ import annotations

import re

# Obsidian's tag characters: anything but white space, ASCII punctuation other than `_ - /`,
# and the Unicode general-punctuation blocks (rule 1).
TAG_BODY = r"[^\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\\s]+"
_TAG = re.compile("#(" + TAG_BODY + ")")
_TAG_NAME = re.compile(TAG_BODY)
_BLOCK_ID = re.compile(r"(?:^|(?<=[ \t]))\^([A-Za-z0-9-]+)[ \t]*$", re.MULTILINE)


def is_tag_name(name: str) -> bool:
    """A whole valid tag name: tag characters only, and at least one that is not a digit (rule 2)."""
    return bool(_TAG_NAME.fullmatch(name)) and not name.replace("/", "").isdigit()


def scan_tags(masked: str, original: str) -> list[tuple[int, str]]:
    """(offset of `#`, name) of every body tag. A `#` after a non-space character is none (rule 5);
    the character before is read in the original text, so a masked code span still counts."""
    found = []
    for match in _TAG.finditer(masked):
        start = match.start()
        if start > 0 and not original[start - 1].isspace():
            continue
        name = match.group(1)
        if name.replace("/", "").isdigit():
            continue
        found.append((start, name))
    return found


def scan_block_ids(masked: str) -> list[tuple[int, str]]:
    """(offset of `^`, id) for every `^id` that ends a line, after white space or alone (rule 21)."""
    return [(match.start(), match.group(1)) for match in _BLOCK_ID.finditer(masked)]
