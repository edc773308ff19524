"""What `vaulttool status` shows: the items chosen by the user's filters, grouped by note, oldest first."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from vaulttool.analyse.targets import LinkTargets
from vaulttool.model import Finding, Item, Position
from vaulttool.rules import Severity

if TYPE_CHECKING:
    from vaulttool.analyse.claims import ClaimResult


@dataclass(frozen=True, slots=True)
class StatusFilter:
    """The user's choice: closed items too (`show_all`), kinds, statuses, a path glob."""

    show_all: bool = False
    kinds: Collection[str] = ()
    statuses: Collection[str] = ()
    path_glob: str | None = None

    def keeps(self, item: Item) -> bool:
        return (
            (self.show_all or bool(self.statuses) or item.is_open)
            and (not self.kinds or item.kind in self.kinds)
            and (not self.statuses or item.status in self.statuses)
            and (self.path_glob is None or fnmatch.fnmatch(item.position.path, self.path_glob))
        )


@dataclass(frozen=True, slots=True)
class StatusView:
    """`items` in path and line order; `groups`: each note with its items, oldest item first, notes
    ordered by their oldest item; `numbers`: the calculator claims of each item (with `--all`)."""

    vault: str
    items: tuple[Item, ...]
    groups: tuple[tuple[str, tuple[Item, ...]], ...]
    open_count: int
    closed_count: int
    numbers: Mapping[Position, Sequence[ClaimResult]] = field(default_factory=dict)
    targets: LinkTargets = field(default_factory=dict)  # where the items' links lead (Markdown output)

    @property
    def note_count(self) -> int:
        """The notes shown (with any item kept)."""
        return len(self.groups)

    @property
    def open_note_count(self) -> int:
        """The notes that hold an open item: "5 open items in 4 notes" counts these."""
        return sum(1 for _, items in self.groups if any(item.is_open for item in items))


def _age_key(item: Item) -> tuple[bool, dt.date, int, int]:
    """Oldest first, undated last; then in reading order."""
    return (item.since is None, item.since or dt.date.min, item.position.line, item.position.column)


@dataclass(frozen=True, slots=True)
class DatedItems:
    """A vault's dated items and the reading errors said with them: what `status` shows (kept
    between runs note by note: `status_state`)."""

    items: tuple[Item, ...]
    problems: tuple[Finding, ...]


def reading_errors(problems: Iterable[Finding]) -> tuple[Finding, ...]:
    """The problems met reading and parsing a vault that are errors (undecodable bytes, malformed
    front matter, unreadable files): what every command but `check` says on stderr."""
    return tuple(problem for problem in problems if problem.severity is Severity.ERROR)


def build_status(
    vault_name: str,
    items: Sequence[Item],
    chosen: StatusFilter,
    numbers: Mapping[Position, Sequence[ClaimResult]] | None = None,
) -> StatusView:
    kept = sorted((item for item in items if chosen.keeps(item)), key=attrgetter("position"))
    groups: dict[str, list[Item]] = {}
    for item in kept:
        groups.setdefault(item.position.path, []).append(item)
    for group in groups.values():
        group.sort(key=_age_key)
    ordered = sorted(groups.items(), key=lambda group: (*_age_key(group[1][0])[:2], group[0]))
    open_count = sum(1 for item in kept if item.is_open)
    return StatusView(
        vault_name,
        tuple(kept),
        tuple((path, tuple(group)) for path, group in ordered),
        open_count,
        len(kept) - open_count,
        numbers or {},
    )


def answered_at(item: Item) -> str | None:
    """Where a closed item's answer is and which lifecycle rule tied it to the item: "line 9,
    child" (with the note's path when the answer is in another note); None for an open item."""
    where = item.answer_position
    if where is None:
        return None
    place = f"line {where.line}" if where.path == item.position.path else f"{where.path}:{where.line}"
    return f"{place}, {item.rule}"
