"""The tag pane: every tag with its count and occurrences; nested tags roll up to their parents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vaulttool.model import Note, Position


@dataclass(frozen=True, slots=True)
class TagSummary:
    name: str  # the first casing met (rule 3)
    count: int  # own occurrences plus those of nested tags
    occurrences: tuple[Position, ...]

    @property
    def depth(self) -> int:
        return self.name.count("/")


def tag_summaries(notes: Iterable[Note]) -> list[TagSummary]:
    """Tags grouped case-insensitively; `a` counts `a/b` too, as Obsidian's tag pane does."""
    names: dict[str, str] = {}
    occurrences: dict[str, list[Position]] = {}
    for note in notes:
        for tag in note.tags:
            parts = tag.name.strip("/").split("/")
            for depth in range(1, len(parts) + 1):
                prefix = "/".join(parts[:depth])
                key = prefix.casefold()
                names.setdefault(key, prefix)
                occurrences.setdefault(key, []).append(tag.position)
    return [
        TagSummary(names[key], len(occurrences[key]), tuple(sorted(occurrences[key])))
        for key in sorted(names)
    ]
