"""The report model: what was corrected, what is still open, which numbers are wrong, and counts.

Computed from the lifecycle items and the evaluated claims; the renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaulttool.analyse.review import obsidian_uri
from vaulttool.analyse.targets import LinkTargets, link_targets
from vaulttool.analyse.timeline import WeekCount
from vaulttool.model import Item

if TYPE_CHECKING:
    from vaulttool.analyse.claims import ClaimResult
    from vaulttool.resolve import ResolvedLinks
    from vaulttool.vault import Vault

FAILED_RESULTS = ("fail", "error")
CHECKED_RESULTS = ("pass", "fail", "error")  # "value" is a calculation, not a claim


COUNT_FIELDS = (
    "hypotheses",
    "questions",
    "claims",
    "open",
    "closed",
    "confirmed",
    "partial",
    "corrected",
    "numbers_checked",
    "numbers_failed",
)
"""The counts a report shows, in the order it shows them."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Lifecycle and number counts for a note or the vault; open + closed = all items."""

    hypotheses: int = 0
    questions: int = 0
    claims: int = 0
    open: int = 0
    closed: int = 0
    confirmed: int = 0
    partial: int = 0
    corrected: int = 0
    numbers_checked: int = 0
    numbers_failed: int = 0

    @property
    def items(self) -> int:
        return self.open + self.closed

    @property
    def unrated(self) -> int:
        """Closed items whose answer neither confirms nor corrects them (a plain answer)."""
        return self.closed - self.confirmed - self.partial - self.corrected


@dataclass(frozen=True, slots=True)
class NoteSummary:
    path: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class Correction:
    """A corrected or partial item; `was` is what the answer corrects: the struck-through text,
    else the item's own text."""

    item: Item
    was: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """An open, waiting or to-verify item and its age in days on the report's date."""

    item: Item
    age_days: int | None


@dataclass(frozen=True, slots=True)
class Report:
    vault: str
    as_of: str  # ISO date the ages are counted to
    corrected: tuple[Correction, ...]
    partial: tuple[Correction, ...]
    unresolved: tuple[Unresolved, ...]
    numbers: tuple[ClaimResult, ...]
    notes: tuple[NoteSummary, ...]
    total: Counts
    note_count: int
    timeline: tuple[WeekCount, ...]
    generated: str | None = None  # a timestamp, only when asked for
    uris: Mapping[str, str] = field(default_factory=dict)  # obsidian:// URI of each note shown
    targets: LinkTargets = field(default_factory=dict)  # where the links in the items' text lead


def count(items: Iterable[Item], claims: Iterable[ClaimResult]) -> Counts:
    items, claims = list(items), list(claims)
    still_open = sum(1 for i in items if i.is_open)
    return Counts(
        hypotheses=sum(1 for i in items if i.kind == "hypothesis"),
        questions=sum(1 for i in items if i.kind == "question"),
        claims=sum(1 for i in items if i.kind == "claim"),
        open=still_open,
        closed=len(items) - still_open,
        confirmed=sum(1 for i in items if i.outcome == "confirmed"),
        partial=sum(1 for i in items if i.outcome == "partial"),
        corrected=sum(1 for i in items if i.outcome == "corrected"),
        numbers_checked=sum(1 for c in claims if c.result in CHECKED_RESULTS),
        numbers_failed=sum(1 for c in claims if c.result in FAILED_RESULTS),
    )


def summaries(items: Sequence[Item], claims: Sequence[ClaimResult]) -> tuple[NoteSummary, ...]:
    """Counts per note, for the notes that hold items or claims, sorted by path."""
    items_of: dict[str, list[Item]] = {}
    claims_of: dict[str, list[ClaimResult]] = {}
    for item in items:
        items_of.setdefault(item.position.path, []).append(item)
    for claim in claims:
        claims_of.setdefault(claim.position.path, []).append(claim)
    return tuple(
        NoteSummary(path, count(items_of.get(path, ()), claims_of.get(path, ())))
        for path in sorted(items_of.keys() | claims_of.keys())
    )


def build_report(
    vault: Vault,
    items: Sequence[Item],
    claims: Sequence[ClaimResult],
    timeline: tuple[WeekCount, ...],
    as_of: dt.date,
    generated: str | None = None,
    links: ResolvedLinks | None = None,
) -> Report:
    """The report for `vault`, ages counted to `as_of`."""
    items = sorted(items, key=lambda i: i.position)
    unresolved = sorted(
        (i for i in items if i.is_open),
        key=lambda i: (i.since or dt.date.max, i.position),
    )
    corrected = tuple(Correction(i, i.original or i.text) for i in items if i.outcome == "corrected")
    partial = tuple(Correction(i, i.original or i.text) for i in items if i.outcome == "partial")
    numbers = tuple(c for c in claims if c.result in FAILED_RESULTS)
    notes = summaries(items, claims)
    paths = {i.position.path for i in items if i.outcome in ("corrected", "partial") or i.is_open}
    paths |= {claim.position.path for claim in numbers} | {note.path for note in notes}
    return Report(
        vault=vault.name,
        as_of=as_of.isoformat(),
        corrected=corrected,
        partial=partial,
        unresolved=tuple(Unresolved(i, i.age_days(as_of)) for i in unresolved),
        numbers=numbers,
        notes=notes,
        total=count(items, claims),
        note_count=len(vault.included),
        timeline=timeline,
        generated=generated,
        uris={path: obsidian_uri(vault.name, path) for path in sorted(paths)},
        targets=link_targets(links, paths) if links is not None else {},
    )
