"""The tag pane: every tag with its count and occurrences; nested tags roll up to their parents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vaulttool.model import Note, Position

MAX_LEVELS = 32
"""A tag rolls up into its parents down to this many levels; a tag nested deeper is listed under its
32nd-level parent (no student nests that deep: it keeps a 100 KB `#a/a/…` tag linear)."""


@dataclass(frozen=True, slots=True)
class TagSummary:
    name: str  # the first casing met (rule 3)
    count: int  # own occurrences plus those of nested tags
    occurrences: tuple[Position, ...]
    depth: int  # its level in the pane's tree, 0 for a top-level tag


def tag_summaries(notes: Iterable[Note]) -> list[TagSummary]:
    """Tags grouped case-insensitively; `a` counts `a/b` too, as Obsidian's tag pane does."""
    names: dict[str, str] = {}
    occurrences: dict[str, list[Position]] = {}
    depths: dict[str, int] = {}
    for note in notes:
        for tag in note.tags:
            name = tag.name.strip("/")
            parts = name.split("/", MAX_LEVELS)
            prefixes = ["/".join(parts[:depth]) for depth in range(1, min(len(parts), MAX_LEVELS) + 1)]
            if len(parts) > MAX_LEVELS:
                prefixes.append(name)
            for depth, prefix in enumerate(prefixes):
                key = prefix.casefold()
                names.setdefault(key, prefix)
                depths.setdefault(key, depth)
                occurrences.setdefault(key, []).append(tag.position)
    return [
        TagSummary(names[key], len(occurrences[key]), tuple(sorted(occurrences[key])), depths[key])
        for key in sorted(names)
    ]
