"""The study review sheet: one card per corrected, partial or verified item (and, if asked, open).

A card's front is the item as the student wrote it, its back the answer or correction; it carries
the first guess that was struck through, the calculator claims that belong to it, and its source
(an `obsidian://open` URI and `path:line`). Card ids hash the vault name, the note's path and the
item's text, never the line, so moving an item keeps its id and re-importing updates the card.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, unquote

from vaulttool.analyse.claims import ClaimResult, claims_of_item
from vaulttool.analyse.lifecycle import Vocabulary
from vaulttool.model import Item, Kind, Note, Outcome, Position, Status

if TYPE_CHECKING:
    from vaulttool.vault import Vault

Category = Literal["corrected", "partial", "verified", "open"]
CATEGORIES: tuple[Category, ...] = ("corrected", "partial", "verified", "open")
DEFAULT_CATEGORIES: tuple[Category, ...] = ("corrected", "partial", "verified")


@dataclass(frozen=True, slots=True)
class Card:
    id: str  # stable: vault name, path, item text (and its rank among equal texts in the note)
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


@dataclass(frozen=True, slots=True)
class ReviewSheet:
    vault: str
    deck: str
    cards: tuple[Card, ...]
    updated: int  # newest modification time (Unix seconds) of the notes behind the cards
    generated: str | None = None


def category(item: Item) -> Category:
    if item.is_open:
        return "open"
    if item.outcome in ("corrected", "partial"):
        return item.outcome
    return "verified"


def card_id(vault_name: str, path: str, text: str, rank: int = 0) -> str:
    key = "\0".join((vault_name, path, text, str(rank)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def obsidian_uri(vault_name: str, path: str) -> str:
    """`obsidian://open?vault=…&file=…`, values percent-encoded with `/` as `%2F` and `.md` dropped
    (Obsidian help, "Obsidian URI": `file` may omit the `md` extension)."""
    file = path[:-3] if path.lower().endswith(".md") else path
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(file, safe='')}"


_RELATIVE_DESTINATION = re.compile(r"(\]\(\s*)(\.\.?/[^)\s]*)")


def rooted_links(text: str | None, folder: str) -> str | None:
    """Markdown link destinations written relative to the note (`./images/a.png`) rewritten from
    the vault root (`Neuro/images/a.png`), so they still work on a sheet saved in another folder
    (rule 9: a path without `./` starts at the vault root). Paths that would leave the vault stay."""
    if not text or "](" not in text:
        return text

    def root(match: re.Match[str]) -> str:
        path, hash_sign, fragment = match.group(2).partition("#")
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target == ".." or target.startswith("../"):
            return match.group(0)
        return match.group(1) + quote(target) + hash_sign + fragment

    return _RELATIVE_DESTINATION.sub(root, text)


def _note_tags(note: Note | None, vocabulary: Vocabulary) -> tuple[str, ...]:
    if note is None:
        return ()
    seen: dict[str, str] = {}
    for tag in note.tags:
        if tag.key not in vocabulary.roles:
            seen.setdefault(tag.key, tag.name)
    return tuple(sorted(seen.values(), key=str.casefold))


def build_review(vault: Vault, items: Sequence[Item], claims: Sequence[ClaimResult], vocabulary: Vocabulary,
                 include: Collection[Category] = DEFAULT_CATEGORIES, deck: str | None = None,
                 generated: str | None = None) -> ReviewSheet:
    """The cards of the items in the `include` categories, in path and line order."""
    items = sorted(items, key=lambda i: i.position)
    ranks: dict[tuple[str, str], int] = {}
    cards = []
    for item in items:
        path = item.position.path
        rank = ranks[(path, item.text)] = ranks.get((path, item.text), -1) + 1
        if category(item) not in include:
            continue
        note = vault.note(path)
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        cards.append(Card(
            id=card_id(vault.name, path, item.text, rank),
            category=category(item),
            kind=item.kind,
            status=item.status,
            outcome=item.outcome,
            front=rooted_links(item.text, folder) or "",
            back=rooted_links(item.answer, folder),
            original=rooted_links(item.original, folder),
            numbers=claims_of_item(item, note, claims),
            position=item.position,
            note=note.name if note else path,
            uri=obsidian_uri(vault.name, path),
            tags=_note_tags(note, vocabulary),
        ))
    return ReviewSheet(
        vault=vault.name,
        deck=deck or vault.name,
        cards=tuple(cards),
        updated=_newest_mtime(vault, {card.position.path for card in cards}),
        generated=generated,
    )


def _newest_mtime(vault: Vault, paths: Collection[str]) -> int:
    times = []
    for path in paths:
        try:
            times.append(int((vault.root / path).stat().st_mtime))
        except OSError:
            continue
    return max(times, default=0)
