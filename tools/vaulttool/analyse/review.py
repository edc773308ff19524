"""The study review sheet: one card per corrected, partial or verified item (and, if asked, open).

A card's front is the item as the student wrote it, its back the answer or correction; it carries
the first guess that was struck through, the calculator claims that belong to it, and its source
(an `obsidian://open` URI and `path:line`).

A card's id survives the tidy-ups of a term, and nothing is written into the vault for it: it
derives from the note's file name (not its folder, not the vault's) and the block id of the item's
paragraph or list item (`^id`), else the item's normalised text (`parse.markup.normalised`: case,
punctuation, white space and Markdown markup left out). Given the cards of the previous deck, a
card with a new id keeps an old one whose text is close enough (`keep_previous_ids`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from vaulttool.analyse.claims import ClaimResult
from vaulttool.analyse.lifecycle import Vocabulary
from vaulttool.analyse.targets import LinkTargets, link_targets
from vaulttool.model import Item, Kind, Note, Outcome, Position, Status
from vaulttool.parse.markup import normalised

if TYPE_CHECKING:
    from vaulttool.resolve import ResolvedLinks
    from vaulttool.vault import Vault

Category = Literal["corrected", "partial", "verified", "open"]
CATEGORIES: tuple[Category, ...] = ("corrected", "partial", "verified", "open")
DEFAULT_CATEGORIES: tuple[Category, ...] = ("corrected", "partial", "verified")
SIMILAR = 0.9  # difflib ratio of normalised texts above which a card keeps its previous id


@dataclass(frozen=True, slots=True)
class Card:
    id: str  # stable: note file name + block id, else + normalised text (see the module)
    category: Category
    kind: Kind
    status: Status
    outcome: Outcome | None
    front: str
    back: str | None
    original: str | None
    numbers: tuple[ClaimResult, ...]
    position: Position
    note: str  # the note's name, as Obsidian shows it
    uri: str  # obsidian://open?vault=…&file=…
    tags: tuple[str, ...]  # the note's own tags (lifecycle tags left out), sorted
    updated: int = 0  # modification time (Unix seconds) of the card's own note
    words: str = ""  # the front's normalised text


@dataclass(frozen=True, slots=True)
class PreviousCard:
    """A card of the deck a new one replaces: its id, the path its Source named, its front's words,
    and (for the Anki writer) its fields as written and its modification time."""

    id: str
    path: str
    words: str
    fields: str = ""
    updated: int = 0

    @property
    def name(self) -> str:
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base


@dataclass(frozen=True, slots=True)
class ReviewSheet:
    vault: str
    deck: str
    cards: tuple[Card, ...]
    updated: int  # newest modification time (Unix seconds) of the notes behind the cards
    generated: str | None = None
    targets: LinkTargets = field(default_factory=dict)  # where the links in the cards' text lead
    previous: tuple[PreviousCard, ...] = ()  # the cards of the deck this sheet replaces


def category(item: Item) -> Category:
    if item.is_open:
        return "open"
    if item.outcome in ("corrected", "partial"):
        return item.outcome
    return "verified"


def card_id(name: str, key: str, rank: int = 0) -> str:
    """The id of a card from its note's file name, its key (`^block-id` or normalised text) and
    its rank among the vault's items with that same name and key."""
    return hashlib.sha256("\0".join((name, key, str(rank))).encode("utf-8")).hexdigest()[:20]


def block_ids_by_line(note: Note) -> dict[int, str | None]:
    """For each line of a paragraph or list item, the `^id` of that unit (its last one, casefolded),
    or None; a line in two units belongs to the first."""
    ids_on_line: dict[int, list[str]] = {}
    for block in note.blocks:
        ids_on_line.setdefault(block.position.line, []).append(block.id)
    by_line: dict[int, str | None] = {}
    for unit in note.units:
        lines = sorted({unit_line for unit_line, _ in unit.lines})
        found = [block for line in lines for block in ids_on_line.get(line, ())]
        last = found[-1].casefold() if found else None
        for line in lines:
            by_line.setdefault(line, last)
    return by_line


def obsidian_uri(vault_name: str, path: str) -> str:
    """`obsidian://open?vault=…&file=…`, values percent-encoded with `/` as `%2F` and `.md` dropped
    (Obsidian help, "Obsidian URI": `file` may omit the `md` extension)."""
    file = path[:-3] if path.lower().endswith(".md") else path
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(file, safe='')}"


def _note_tags(note: Note, vocabulary: Vocabulary) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in note.tags:
        if tag.key not in vocabulary.roles:
            seen.setdefault(tag.key, tag.name)
    return tuple(sorted(seen.values(), key=str.casefold))


def build_review(
    vault: Vault,
    items: Sequence[Item],
    numbers: Mapping[Position, tuple[ClaimResult, ...]],
    vocabulary: Vocabulary,
    links: ResolvedLinks,
    include: Collection[Category] = DEFAULT_CATEGORIES,
    deck: str | None = None,
    generated: str | None = None,
    previous: Sequence[PreviousCard] = (),
) -> ReviewSheet:
    """The cards of the items in the `include` categories, in path and line order, with the `numbers`
    (calculator claims) that belong to each item; a card whose id is new keeps the id of a `previous` card it is a small edit of."""
    items = sorted(items, key=lambda i: i.position)
    ranks: dict[tuple[str, str], int] = {}
    cards = []
    facts: dict[str, tuple[dict[int, str | None], tuple[str, ...]]] = {}  # per note, computed once
    for item in items:
        path = item.position.path
        note = vault.note(path)
        name = note.name if note else path
        words = normalised(item.text)
        if path not in facts:
            facts[path] = (block_ids_by_line(note), _note_tags(note, vocabulary)) if note else ({}, ())
        block_ids, tags = facts[path]
        block = block_ids.get(item.position.line)
        key = (name, "^" + block if block else words)
        rank = ranks[key] = ranks.get(key, -1) + 1
        if category(item) not in include:
            continue
        cards.append(
            Card(
                id=card_id(*key, rank),
                category=category(item),
                kind=item.kind,
                status=item.status,
                outcome=item.outcome,
                front=item.text,
                back=item.answer,
                original=item.original,
                numbers=numbers.get(item.position, ()),
                position=item.position,
                note=name,
                uri=obsidian_uri(vault.name, path),
                tags=tags,
                updated=_mtime(vault, item),
                words=words,
            )
        )
    paths = {card.position.path for card in cards}
    return ReviewSheet(
        vault=vault.name,
        deck=deck or vault.name,
        cards=keep_previous_ids(cards, previous),
        updated=max((card.updated for card in cards), default=0),
        generated=generated,
        targets=link_targets(links, paths),
        previous=tuple(previous),
    )


def keep_previous_ids(cards: Sequence[Card], previous: Sequence[PreviousCard]) -> tuple[Card, ...]:
    """Each card whose id the previous deck lacks takes the id of the most similar previous card
    left unclaimed (normalised texts with a difflib ratio >= `SIMILAR`) from a note of the same
    file name or at the same path; ties go to the first."""
    ids = {card.id for card in cards}
    free: dict[str, list[PreviousCard]] = {}
    for old in previous:
        if old.id not in ids:
            free.setdefault(old.name, []).append(old)
            if old.path != old.name:
                free.setdefault(old.path, []).append(old)
    known = {old.id for old in previous}
    claimed: set[str] = set()
    kept = []
    for card in cards:
        if card.id not in known:
            candidates = free.get(card.note, []) + free.get(card.position.path, [])
            best, score = None, SIMILAR
            for old in candidates:
                if old.id in claimed:
                    continue
                matcher = SequenceMatcher(None, card.words, old.words, autojunk=False)
                if (
                    matcher.quick_ratio() >= score
                    and (ratio := matcher.ratio()) >= score
                    and (best is None or ratio > score)
                ):
                    best, score = old, ratio
            if best is not None:
                claimed.add(best.id)
                card = replace(card, id=best.id)
        kept.append(card)
    return tuple(kept)


def _mtime(vault: Vault, item: Item) -> int:
    """The modification time of the item's note, else midnight (UTC) of its date, else 0."""
    try:
        return int((vault.root / item.position.path).stat().st_mtime)
    except OSError:
        if item.since is None:
            return 0
        return int(dt.datetime.combine(item.since, dt.time(), dt.UTC).timestamp())
