"""The hypothesis lifecycle: tagged text units → `Item`s with a status and an outcome.

In a unit (a paragraph or a list item's own text) tags are read left to right:
- an opener starts an item: `#hypothesis` → hypothesis; `#wonder`/`#question` → question;
  `#to_verify` with no item open in the unit → a claim (the text before it is the claim);
- state tags: `#waiting` → waiting; `#to_verify` → to-verify; none → open;
- answer tags close it: `#explanation`/`#clarification` → answered; `#verifed`/`#verified` →
  verified; the text after the tag (and an optional `:`) is the answer;
- the outcome: explicit `#corrected`/`#partial`/`#confirmed` tags win; else ~~struck text~~
  before the answer means corrected; else the answer's first clause decides by its words.

The word lists live in `settings.LifecycleSettings` (`.vaulttool.toml`'s `[lifecycle]` table
overrides them); `Vocabulary` turns them into tag roles and outcome patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from vaulttool.model import Item, Kind, Note, Outcome, Tag, Unit
from vaulttool.settings import LifecycleSettings

_STRUCK = re.compile(r"~~(.+?)~~", re.DOTALL)
_SPACES = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[.!?;,]")
_LEADING_SEPARATORS = ": \t\n,-–—"


class Vocabulary:
    """The lifecycle's tag roles and outcome-word patterns, built once from `LifecycleSettings`."""

    def __init__(self, settings: LifecycleSettings | None = None) -> None:
        self.settings = settings or LifecycleSettings()

    @cached_property
    def roles(self) -> dict[str, str]:
        """Tag name (casefolded) → its role in the lifecycle."""
        roles: dict[str, str] = {}
        for role in ("hypothesis", "question", "to_verify", "waiting", "answered", "verified",
                     "confirmed", "corrected", "partial"):
            for name in getattr(self.settings, role):
                roles.setdefault(name.casefold(), role)
        return roles

    @cached_property
    def _word_patterns(self) -> list[tuple[re.Pattern[str], Outcome]]:
        patterns: list[tuple[re.Pattern[str], Outcome]] = []
        settings = self.settings
        lists: tuple[tuple[Outcome, tuple[str, ...]], ...] = (
            ("corrected", settings.corrected_words), ("partial", settings.partial_words),
            ("confirmed", settings.confirmed_words))
        for outcome, words in lists:
            for word in words:
                patterns.append((re.compile(r"(?<!\w)" + re.escape(word.casefold()) + r"(?!\w)"), outcome))
        return patterns

    def outcome_of_answer(self, answer: str) -> Outcome | None:
        """What the answer's first clause says: the longest outcome phrase at its start wins,
        else the longest anywhere in that clause (so "not quite right" is corrected)."""
        clause = _CLAUSE_END.split(answer.casefold().lstrip(_LEADING_SEPARATORS + "!?.'\""), 1)[0]
        clause = _SPACES.sub(" ", clause).strip()
        at_start: list[tuple[int, Outcome]] = []
        anywhere: list[tuple[int, Outcome]] = []
        for pattern, outcome in self._word_patterns:
            match = pattern.search(clause)
            if match:
                found = (match.end() - match.start(), outcome)
                (at_start if match.start() == 0 else anywhere).append(found)
        ranking = {"corrected": 2, "partial": 1, "confirmed": 0}
        for candidates in (at_start, anywhere):
            if candidates:
                return max(candidates, key=lambda c: (c[0], ranking[c[1]]))[1]
        return None


@dataclass
class _Draft:
    """An item being read; becomes an `Item` when the unit ends or the next opener starts."""

    kind: Kind
    opener: Tag
    start: int  # offset in the unit where the item's text begins
    opener_end: int
    status: str = "open"
    answer_tag: Tag | None = None
    answer_start: int | None = None
    explicit_outcome: Outcome | None = None
    end: int | None = None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(_LEADING_SEPARATORS + " ").strip()


def _tag_span(unit: Unit, tag: Tag) -> tuple[int, int]:
    start = unit.offset_of(tag.position.line, tag.position.column)
    return start, start + 1 + len(tag.name)


_LEADS_INTO_CLAUSE = frozenset({"if", "whether", "why", "how", "what", "when", "where", "who", "which",
                               "about", "that"})
_WORD = re.compile(r"\w+")


def _reads_as_word(before: str, after: str) -> bool:
    """Is a tag part of the sentence ("I #wonder if", "a #question about") or only a marker?"""
    previous = _WORD.findall(before[-20:])
    following = _WORD.match(after.lstrip())
    return bool(previous) and before.rstrip()[-1:].isalnum() and following is not None \
        and following.group().casefold() in _LEADS_INTO_CLAUSE


def _without_tags(text: str, offset: int, spans: list[tuple[int, int, str]]) -> str:
    """The text with lifecycle tags removed; a tag that is part of its sentence keeps its word."""
    pieces, cursor = [], offset
    for start, end, word in spans:
        if end <= offset or start >= offset + len(text):
            continue
        pieces.append(text[cursor - offset : start - offset])
        keep = word and _reads_as_word(text[: start - offset], text[end - offset :])
        pieces.append(word if keep else "")
        cursor = end
    pieces.append(text[cursor - offset :])
    return "".join(pieces)


def _finish(draft: _Draft, unit: Unit, end: int, spans: list[tuple[int, int, str]],
            vocabulary: Vocabulary) -> Item:
    text = unit.text
    body_end = _tag_span(unit, draft.answer_tag)[0] if draft.answer_tag is not None else end
    if draft.kind == "hypothesis":
        body_start = draft.opener_end
        stops = [s for s, _, _ in spans if body_start <= s < body_end]
        body = text[body_start : min(stops, default=body_end)]
        if not _clean(body):  # the tag closes its sentence: "the pump is electrogenic #hypothesis"
            opener_start = _tag_span(unit, draft.opener)[0]
            body = _without_tags(text[draft.start : opener_start], draft.start, spans)
    elif draft.kind == "question":
        stops = [s for s, _, _ in spans if draft.opener_end <= s < body_end]
        body = _without_tags(text[draft.start : min(stops, default=body_end)], draft.start, spans)
    else:
        before = text[draft.start : _tag_span(unit, draft.opener)[0]]
        body = before if before.strip() else text[draft.opener_end : body_end]
        body = _without_tags(body, draft.start if before.strip() else draft.opener_end, spans)
    struck = [m.group(1).strip() for m in _STRUCK.finditer(text, draft.start, body_end)]
    original = " / ".join(struck) if struck else None
    answer = None
    if draft.answer_start is not None:
        answer = _clean(_without_tags(text[draft.answer_start : end], draft.answer_start, spans)) or None
    outcome: Outcome | None = draft.explicit_outcome
    if outcome is None and draft.answer_tag is not None:
        if original:
            outcome = "corrected"
        elif answer:
            outcome = vocabulary.outcome_of_answer(answer)
    item_tags = tuple(dict.fromkeys(t.name for t in unit.tags if draft.start <= unit.offset_of(t.position.line, t.position.column) < end))
    return Item(
        position=draft.opener.position,
        kind=draft.kind,
        status=draft.status,  # type: ignore[arg-type]
        outcome=outcome,
        text=_clean(body),
        answer=answer,
        original=original,
        tags=item_tags,
    )


def unit_items(unit: Unit, vocabulary: Vocabulary) -> Iterator[Item]:
    """The lifecycle items of one unit, left to right."""
    roles = vocabulary.roles
    lifecycle_tags = [(tag, roles[tag.key]) for tag in unit.tags if tag.key in roles]
    if not lifecycle_tags:
        return
    spans = []
    for tag, role in lifecycle_tags:
        start, end = _tag_span(unit, tag)
        spans.append((start, end, tag.name if role in ("hypothesis", "question") else ""))
    draft: _Draft | None = None
    segment_start = 0
    for (tag, role), (start, end, _) in zip(lifecycle_tags, spans):
        opens = role in ("hypothesis", "question") or (role == "to_verify" and draft is None)
        if opens:
            if draft is not None:
                yield _finish(draft, unit, start, spans, vocabulary)
                segment_start = start
            kind: Kind = "claim" if role == "to_verify" else role  # type: ignore[assignment]
            draft = _Draft(kind, tag, segment_start, end, status="to-verify" if kind == "claim" else "open")
            continue
        if draft is None:
            continue
        if role in ("waiting", "to_verify") and draft.answer_tag is None:
            draft.status = "waiting" if role == "waiting" else "to-verify"
        elif role in ("answered", "verified"):
            draft.status = "answered" if role == "answered" else "verified"
            if draft.answer_tag is None:
                draft.answer_tag, draft.answer_start = tag, end
        elif role in ("confirmed", "corrected", "partial"):
            draft.explicit_outcome = role  # type: ignore[assignment]
    if draft is not None:
        yield _finish(draft, unit, len(unit.text), spans, vocabulary)


def orphan_answers(note: Note, vocabulary: Vocabulary) -> list[Tag]:
    """Answer tags with no opener before them in their unit: they answer nothing (an answer
    written in a child bullet is a unit of its own, so it cannot close its parent's item)."""
    orphans = []
    for unit in note.units:
        opened = False
        for tag in unit.tags:
            role = vocabulary.roles.get(tag.key)
            if role in ("hypothesis", "question", "to_verify"):
                opened = True
            elif role in ("answered", "verified") and not opened:
                orphans.append(tag)
    return orphans


def extract(note: Note, vocabulary: Vocabulary | None = None) -> list[Item]:
    """Every lifecycle item of a note, in reading order (undated: see `vaulttool.analyse.history`)."""
    vocabulary = vocabulary or Vocabulary()
    return [item for unit in note.units if unit.tags for item in unit_items(unit, vocabulary)]
