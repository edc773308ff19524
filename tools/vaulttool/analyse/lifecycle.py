"""The hypothesis lifecycle: a note's tagged units, read in their block tree → `Item`s.

In a unit (a paragraph, a list item's own text, a heading, a table row) tags are read left to
right (the vocabulary is `Vocabulary`; a nested tag plays its parent's role):
- an opener starts an item: `#hypothesis` → hypothesis; `#wonder`/`#question` → question;
  `#to_verify` with no item open in the unit → a claim (the text before it is the claim);
- state tags: `#waiting` → waiting; `#to_verify` → to-verify; none → open;
- answer tags close it: `#explanation`/`#clarification` → answered; `#verifed`/`#verified` →
  verified; the text after the tag (and an optional `:`) is the answer;
- an answer tag with no item before it in its unit answers an item elsewhere: the one whose block
  it links (`[[#^id]]`, `[[Note#^id]]`), else the nearest still open in the block tree
  (`vaulttool.analyse.places`);
- a child bullet with no lifecycle tag that starts with an outcome word or an arrow answers the
  item above it (`implicit`); a ticked task closes the items it holds; front-matter tags make a
  note-level item.

Reading one note is a pure function (`read_note`); answers that link a block of another note are
applied across the vault afterwards (`link_notes`); `extract_vault` does both.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaulttool.analyse.item_text import (
    Span,
    UnitText,
    clean,
    close,
    sentence_start,
    struck,
)
from vaulttool.analyse.places import Places
from vaulttool.analyse.reading_records import NOTHING_OPEN, Answer, NoteAnswers, NoteReading, Orphan, Pending
from vaulttool.analyse.vocabulary import ANSWERS, OUTCOME_TAGS, Vocabulary
from vaulttool.model import Item, Kind, Link, Note, Outcome, Position, Rule, Status, Tag, Unit

if TYPE_CHECKING:
    from vaulttool.resolve import Resolver

__all__ = ["Answers", "Lifecycle", "Vocabulary", "extract", "extract_vault", "link_notes", "read_note"]


@dataclass(frozen=True, slots=True)
class Answers:
    """The answers of a set of notes that close nothing, in position order; `answering` holds the
    notes with an answer that links a block of another note, `answered` the notes those answers
    reach (the only ways one note's lifecycle depends on another's)."""

    orphans: tuple[Orphan, ...]
    answering: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """The items of a set of notes, in note and reading order, and their `Answers`' fields."""

    items: tuple[Item, ...]
    orphans: tuple[Orphan, ...]
    answering: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()

    @property
    def answers(self) -> Answers:
        return Answers(self.orphans, self.answering, self.answered)


def ordered_orphans(orphans: Iterable[Orphan]) -> tuple[Orphan, ...]:
    """Orphan answers in the order of their tags' positions."""
    return tuple(sorted(orphans, key=lambda orphan: orphan.tag.position))


def unlinked_answers(readings: Iterable[NoteReading | NoteAnswers]) -> Answers | None:
    """The `Answers` of these readings when none holds an answer that links a block of another
    note: each note's orphans, gathered (no item needed); None when one does (`link_notes`)."""
    orphans: list[Orphan] = []
    for reading in readings:
        if reading.pending:
            return None
        orphans.extend(reading.orphans)
    return Answers(ordered_orphans(orphans))


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class _Draft:
    """An item being read."""

    kind: Kind
    opener: Tag
    unit: int  # index in note.units; -1 for front matter
    span: Span | None
    start: int  # where its text may start in the unit
    end: int = 0  # where its segment of the unit ends
    status: Status = "open"
    answer: int | None = None  # index in the unit's spans of a same-unit answer tag
    before_answer: int = 0  # end of the last lifecycle tag before that answer tag
    explicit: Outcome | None = None
    closed: Answer | None = None  # an answer written elsewhere
    in_scope: bool = True
    mention: Link | None = None

    def __init__(
        self,
        kind: Kind,
        opener: Tag,
        unit: int,
        span: Span | None,
        start: int,
        end: int = 0,
        status: Status = "open",
        answer: int | None = None,
        before_answer: int = 0,
        explicit: Outcome | None = None,
        closed: Answer | None = None,
        in_scope: bool = True,
        mention: Link | None = None,
    ) -> None:
        self.kind = kind
        self.opener = opener
        self.unit = unit
        self.span = span
        self.start = start
        self.end = end
        self.status = status
        self.answer = answer
        self.before_answer = before_answer
        self.explicit = explicit
        self.closed = closed
        self.in_scope = in_scope
        self.mention = mention

    @property
    def is_open(self) -> bool:
        return self.answer is None and self.closed is None


@dataclass(slots=True)
class _Elsewhere:
    """An answer tag with no item before it in its unit, being read."""

    index: int  # in the unit's spans
    tag: Tag
    start: int  # where the text it may take from before its tag starts
    status: Status
    explicit: Outcome | None = None


_STATUS: dict[str, Status] = {
    "answered": "answered",
    "verified": "verified",
    "waiting": "waiting",
    "to_verify": "to-verify",
}


def _status(role: str) -> Status:
    return _STATUS[role]


class _Reader:
    """Reads one note's units in order, keeping the block tree's places up to date."""

    __deletable__ = ("places",)  # `read_note` deletes it; mypyc, compiling the class, must be told

    def __init__(self, note: Note, vocabulary: Vocabulary) -> None:
        self.note = note
        self.vocabulary = vocabulary
        self.units, self.containers = note.units, note.containers  # once: each `note.units` goes through `Note.content`
        self.drafts: list[_Draft] = []
        self.texts: dict[int, UnitText] = {}
        self.by_unit: dict[int, list[int]] = {}
        self.by_block: dict[int, list[int]] = {}
        self.orphans: list[Orphan] = []
        self.pending: list[Pending] = []
        self.ended: tuple[int, int] | None = None  # (heading unit, item) of the last open item a heading ended
        self.places = Places(note, self._available, lambda d: self.drafts[d].in_scope, self._end_scope)
        self.block_links: dict[int, list[Link]] = {}
        for link in note.links:
            if (link.subpath or "").startswith("^") and not link.in_frontmatter and link.kind in ("wiki", "markdown"):
                self.block_links.setdefault(link.position.line, []).append(link)
        self._unit_of_line: dict[int, int] | None = None
        self._block_lines: dict[str, int] | None = None

    def _available(self, draft: int) -> bool:
        found = self.drafts[draft]
        return found.in_scope and found.is_open

    def _end_scope(self, draft: int, heading: int) -> None:
        found = self.drafts[draft]
        if found.in_scope and found.is_open:
            self.ended = (heading, draft)
        found.in_scope = False

    def read(self) -> NoteReading:
        self._front_matter()
        for index, unit in enumerate(self.units):
            if unit.kind == "heading":
                self.places.heading(index, unit.level)
            tagged, opened = self._unit(index, unit) if unit.tags else (False, [])
            if not tagged and self.vocabulary.implicit_answers and unit.kind == "list_item":
                self._implicit(index, unit)
            for opener in opened:
                self.places.add(opener, index)
                self.by_unit.setdefault(index, []).append(opener)
                self.by_block.setdefault(unit.block, []).append(opener)
        self._ticked_tasks()
        items = [self._item(draft) for draft in self.drafts]
        for number, draft in enumerate(self.drafts):
            item = items[number]
            if draft.mention is not None and item.rule in ("same-unit", "continuation") and item.answer_position:
                tag = next(t for t in self.units[draft.unit].tags if t.position == item.answer_position)
                answer = Answer(
                    item.answer_position, item.status, item.answer, None, draft.explicit, item.tags, "block-ref"
                )
                self.pending.append(Pending(answer, tag, draft.mention, mention=number))
        return NoteReading(self.note.path, tuple(items), tuple(self.orphans), tuple(self.pending), self._blocks())

    # front matter, tasks and implicit answers

    def _front_matter(self) -> None:
        front: list[int] = []
        answer: Tag | None = None
        status: Status = "answered"
        explicit: Outcome | None = None
        for tag in self.note.tags:
            role = self.vocabulary.role_of(tag.name) if tag.source == "frontmatter" else None
            if role is None:
                continue
            if role in ("hypothesis", "question") or (role == "to_verify" and not front):
                kind: Kind = "claim" if role == "to_verify" else role  # type: ignore[assignment]
                front.append(len(self.drafts))
                self.drafts.append(_Draft(kind, tag, -1, None, 0, status="to-verify" if kind == "claim" else "open"))
                self.places.add_front(front[-1])
            elif role in ("waiting", "to_verify"):
                for draft in front:
                    self.drafts[draft].status = _status(role)
            elif role in ANSWERS:
                answer, status = answer or tag, _status(role)
            elif role in OUTCOME_TAGS:
                explicit = role  # type: ignore[assignment]
        if answer is not None:
            for draft in front:
                self.drafts[draft].closed = Answer(
                    answer.position, status, None, None, explicit, (answer.name,), "front-matter"
                )

    def _ticked_tasks(self) -> None:
        """A ticked task closes the items its own text holds that nothing else answered."""
        for draft in self.drafts:
            if draft.unit < 0 or not draft.is_open:
                continue
            unit = self.units[draft.unit]
            if unit.container is None or unit.paragraph != 0:
                continue
            container = self.containers[unit.container]
            if container.kind == "list_item" and container.ticked:
                status: Status = "verified" if draft.kind == "claim" else "answered"
                draft.closed = Answer(container.position, status, None, None, None, (), "task")

    def _implicit(self, index: int, unit: Unit) -> None:
        """A child bullet with no lifecycle tag that starts with an outcome word or an arrow
        answers the open item of its parent item."""
        draft = self.places.parent_item(index)
        if draft is None:
            return
        start = self.vocabulary.implicit_answer(unit.text)
        text = clean(unit.text[start:]) if start is not None else ""
        if start is not None and text:
            line, column = unit.lines[0]
            self.drafts[draft].closed = Answer(
                Position(unit.position.path, line, column + start),
                "answered",
                text,
                None,
                None,
                tuple(dict.fromkeys(t.name for t in unit.tags)),
                "implicit",
                True,
            )

    # one unit

    def _unit(self, index: int, unit: Unit) -> tuple[bool, list[int]]:
        """Read a unit's lifecycle tags: (whether it has any, the items it opens)."""
        roles = [(tag, role) for tag in unit.tags if (role := self.vocabulary.role_of(tag.name)) is not None]
        if not roles:
            return False, []
        text = UnitText(unit, roles)
        spans = text.spans
        self.texts[index] = text
        links = (
            [
                (text.offset(link.position), link)
                for line, column in unit.lines
                for link in self.block_links.get(line, ())
                if link.position.column >= column
            ]
            if self.block_links
            else []
        )
        current: int | None = None
        elsewhere: _Elsewhere | None = None
        opened: list[int] = []
        for i, ((tag, role), span) in enumerate(zip(roles, spans)):
            if role in ("hypothesis", "question") or (role == "to_verify" and current is None and elsewhere is None):
                boundary = sentence_start(unit.text, spans[i - 1].end, span.start) if i else 0
                if current is not None:
                    self.drafts[current].end = boundary
                if elsewhere is not None:
                    self._answer_elsewhere(index, unit, text, elsewhere, boundary, links)
                    elsewhere = None
                mention = _mention(spans, i, links)
                current = None
                if mention is not None and mention.target == "":
                    if self._block_items(mention) is not None:
                        continue  # it only names the linked item: the answer after it is that item's
                    mention = None
                kind: Kind = "claim" if role == "to_verify" else role  # type: ignore[assignment]
                current = len(self.drafts)
                self.drafts.append(
                    _Draft(
                        kind,
                        tag,
                        index,
                        span,
                        boundary,
                        status="to-verify" if kind == "claim" else "open",
                        mention=mention,
                    )
                )
                opened.append(current)
            elif current is not None:
                self._state(self.drafts[current], role, i, spans)
            elif elsewhere is not None:
                if role in ANSWERS:
                    elsewhere.status = _status(role)
                elif role in OUTCOME_TAGS:
                    elsewhere.explicit = role  # type: ignore[assignment]
            elif role in ANSWERS:
                elsewhere = _Elsewhere(i, tag, spans[i - 1].end if i else 0, _status(role))
        if current is not None:
            self.drafts[current].end = len(unit.text)
        if elsewhere is not None:
            self._answer_elsewhere(index, unit, text, elsewhere, len(unit.text), links)
        return True, opened

    @staticmethod
    def _state(draft: _Draft, role: str, i: int, spans: Sequence[Span]) -> None:
        if draft.answer is None and role in ("waiting", "to_verify"):
            draft.status = _status(role)
        elif role in ANSWERS:
            draft.status = _status(role)
            if draft.answer is None:
                draft.answer, draft.before_answer = i, spans[i - 1].end
        elif role in OUTCOME_TAGS:
            draft.explicit = role  # type: ignore[assignment]

    # answers written elsewhere

    def _answer_elsewhere(
        self, index: int, unit: Unit, text: UnitText, elsewhere: _Elsewhere, end: int, links: list[tuple[int, Link]]
    ) -> None:
        answer = self._elsewhere_answer(index, unit, text, elsewhere, end)
        other_note: Link | None = None
        for i in range(bisect_left(links, (elsewhere.start,), key=lambda pair: pair[:1]), len(links)):
            offset, link = links[i]
            if offset >= end:
                break
            if link.target:
                other_note = other_note or link
                continue
            held = self._block_items(link)
            if held is not None:
                still_open = [d for d in held if self.drafts[d].is_open]
                if still_open:
                    self.drafts[still_open[-1]].closed = answer.with_rule("block-ref")
                else:
                    self._orphan(elsewhere.tag, self._follow_up_hint(held[-1], "block-ref"))
                return
        found = self.places.search(index)
        if other_note is not None:
            hint = self._follow_up_hint(found.draft, found.rule) if found and not found.open else self._nothing_hint()
            self.pending.append(Pending(answer, elsewhere.tag, other_note, found, hint))
        elif found is None:
            self._orphan(elsewhere.tag, self._nothing_hint())
        elif found.open:
            self.drafts[found.draft].closed = answer.with_rule(found.rule)
        else:
            self._orphan(elsewhere.tag, self._follow_up_hint(found.draft, found.rule))

    def _elsewhere_answer(self, index: int, unit: Unit, text: UnitText, elsewhere: _Elsewhere, end: int) -> Answer:
        span = text.spans[elsewhere.index]
        answer = text.answer(span, end)
        original = struck(unit.text, elsewhere.start, span.start)
        if answer is None:
            correction = text.correction_before(elsewhere.start, span.start)
            if correction is not None:
                answer = clean(text.without_tags(correction, span.start)) or None
            else:
                answer = text.unstruck(elsewhere.start, span.start)
        tags = text.tags_between(elsewhere.start, end)
        return Answer(elsewhere.tag.position, elsewhere.status, answer, original, elsewhere.explicit, tags, "same-unit")

    def _block_items(self, link: Link) -> list[int] | None:
        """The items (read so far) of the block a link into this note names, or None."""
        if self._block_lines is None:
            self._block_lines = {}
            for block in self.note.blocks:
                self._block_lines.setdefault(block.id.casefold(), block.position.line)
        line = self._block_lines.get((link.subpath or "^")[1:].strip().casefold())
        if line is None:
            return None
        unit = self._unit_at(line)
        if unit is None:
            return None
        return self._items_of_block_unit(unit) or None

    def _items_of_block_unit(self, unit: int) -> list[int]:
        """A block id's items: those of its unit, or, for an id alone on its line after a table,
        a quote or a list, those of the block before it."""
        units = self.units
        if units[unit].text.strip().startswith("^") and " " not in units[unit].text.strip() and unit > 0:
            return self.by_block.get(units[unit - 1].block, [])
        return self.by_unit.get(unit, [])

    def _unit_at(self, line: int) -> int | None:
        if self._unit_of_line is None:
            self._unit_of_line = {row: index for index, unit in enumerate(self.units) for row, _ in unit.lines}
        return self._unit_of_line.get(line)

    def _orphan(self, tag: Tag, hint: str) -> None:
        self.orphans.append(Orphan(tag, hint))

    def _nothing_hint(self) -> str:
        if self.ended is not None and self.drafts[self.ended[1]].is_open:
            heading, draft = self.ended
            opener = self.drafts[draft].opener
            return (
                f"the heading on line {self.units[heading].position.line} ends the section of the "
                f"#{opener.name} on line {opener.position.line}: answer above that heading, or link the "
                f"item's block ([[#^id]])"
            )
        return NOTHING_OPEN

    def _follow_up_hint(self, draft: int, rule: str) -> str:
        found = self.drafts[draft]
        closing = found.closed.position.line if found.closed is not None else self._answer_line(found)
        return (
            f"the #{found.opener.name} on line {found.opener.position.line}, which it would answer (rule "
            f"{rule}), is already closed by the answer on line {closing}"
        )

    def _answer_line(self, draft: _Draft) -> int:
        text = self.texts[draft.unit]
        return text.position(text.spans[draft.answer or 0].start).line

    # items

    def _item(self, draft: _Draft) -> Item:
        if draft.unit < 0:
            item = Item(
                draft.opener.position, draft.kind, draft.status, None, self.note.name, None, None, (draft.opener.name,)
            )
            return close(item, draft.closed, self.vocabulary) if draft.closed is not None else item
        unit = self.units[draft.unit]
        text = self.texts[draft.unit]
        assert draft.span is not None
        answer_span = text.spans[draft.answer] if draft.answer is not None else None
        body_end = answer_span.start if answer_span is not None else draft.end
        answer: str | None = None
        if answer_span is not None:
            answer = text.answer(answer_span, draft.end)
            correction = text.correction_before(draft.before_answer, answer_span.start) if answer is None else None
            if correction is not None:
                answer, body_end = clean(text.without_tags(correction, answer_span.start)), correction
            elif answer is None and self._written_before_answer(draft, text):
                answer = text.unstruck(draft.before_answer, answer_span.start)
        read = (
            text.hypothesis if draft.kind == "hypothesis" else text.question if draft.kind == "question" else text.claim
        )
        item = Item(
            position=draft.opener.position,
            kind=draft.kind,
            status=draft.status,
            outcome=None,
            text=read(draft.start, draft.span, body_end),
            answer=None,
            original=struck(unit.text, draft.start, answer_span.start if answer_span is not None else draft.end),
            tags=text.tags_between(draft.start, draft.end),
        )
        if answer_span is not None:
            position = text.position(answer_span.start)
            rule: Rule = "same-unit" if position.line == draft.opener.position.line else "continuation"
            return close(item, Answer(position, draft.status, answer, None, draft.explicit, (), rule), self.vocabulary)
        if draft.closed is not None:
            return close(item, draft.closed, self.vocabulary)
        return item

    @staticmethod
    def _written_before_answer(draft: _Draft, text: UnitText) -> bool:
        """Is the text between the last tag before an answer tag and that tag the answer (not the
        item's own text)? Yes after a state tag (`#hypothesis: x #waiting y #explanation`), or after
        the `#to_verify` of a claim written before it (`x #to_verify y #verified`)."""
        assert draft.span is not None
        if draft.before_answer > draft.span.end:
            return True
        return draft.kind == "claim" and bool(clean(text.without_tags(draft.start, draft.span.start)))

    def _blocks(self) -> dict[str, tuple[int, ...]]:
        blocks: dict[str, tuple[int, ...]] = {}
        for block in self.note.blocks:
            unit = self._unit_at(block.position.line) if self.drafts else None
            held = self._items_of_block_unit(unit) if unit is not None else []
            if held:
                blocks.setdefault(block.id.casefold(), tuple(held))
        return blocks


def _mention(spans: Sequence[Span], i: int, links: list[tuple[int, Link]]) -> Link | None:
    """A block link between an opener and an answer tag right after it: the opener may only name
    the linked item ("re my #hypothesis on LTP [[#^h1]] #explanation: partly")."""
    if i + 1 >= len(spans) or spans[i + 1].role not in ANSWERS:
        return None
    first = bisect_left(links, (spans[i].end,), key=lambda pair: pair[:1])
    return links[first][1] if first < len(links) and links[first][0] < spans[i + 1].start else None


def read_note(note: Note, vocabulary: Vocabulary | None = None) -> NoteReading:
    """One note's items, orphan answers and answers that link other notes' blocks (a pure function).
    A note without a lifecycle tag (most notes of most vaults) has none: its units are not read."""
    vocabulary = vocabulary or Vocabulary()
    if not any(vocabulary.role_of(tag.name) is not None for tag in note.tags):
        return NoteReading(note.path, ())
    reader = _Reader(note, vocabulary)
    try:
        return reader.read()
    finally:  # the reader and its places refer to each other: freed now, not by the cyclic collector
        del reader.places


def link_notes(
    notes: Sequence[Note],
    readings: Sequence[NoteReading],
    vocabulary: Vocabulary | None = None,
    resolver: Callable[[], Resolver] | None = None,
) -> Lifecycle:
    """Apply the answers that link a block of another note (rule `block-ref`), then gather the
    items of all notes. `resolver` builds the link resolver, when one is needed."""
    vocabulary = vocabulary or Vocabulary()
    items = {reading.path: list(reading.items) for reading in readings}
    orphans = [orphan for reading in readings for orphan in reading.orphans]
    dropped: set[tuple[str, int]] = set()
    answering: set[str] = set()
    answered: set[str] = set()
    if any(reading.pending for reading in readings):
        from vaulttool.resolve import Resolver

        resolve = (resolver or (lambda: Resolver.of(notes)))()
        by_path = {reading.path: reading for reading in readings}
        notes_by_path = {note.path: note for note in notes}
        for reading in readings:
            for pending in reading.pending:
                resolution = resolve.resolve(notes_by_path[reading.path], pending.link)
                answering.add(reading.path)
                if resolution.target is not None:
                    answered.add(resolution.target)
                target = by_path.get(resolution.target or "")
                held = target.blocks.get(resolution.block.id.casefold()) if target and resolution.block else None
                if target is not None and held:
                    if pending.mention is not None:
                        dropped.add((reading.path, pending.mention))
                    found = items[target.path]
                    still_open = [i for i in held if found[i].is_open]
                    if still_open:
                        found[still_open[-1]] = close(
                            found[still_open[-1]], pending.answer.with_rule("block-ref"), vocabulary
                        )
                    else:
                        closed = found[held[-1]]
                        orphans.append(
                            Orphan(
                                pending.tag,
                                f"the #{closed.tags[0] if closed.tags else closed.kind} "
                                f"that {pending.link.raw} links ({target.path} line "
                                f"{closed.position.line}) is already closed",
                            )
                        )
                elif pending.mention is not None:
                    continue
                elif (
                    pending.fallback is not None
                    and pending.fallback.open
                    and items[reading.path][pending.fallback.draft].is_open
                ):
                    index = pending.fallback.draft
                    items[reading.path][index] = close(
                        items[reading.path][index], pending.answer.with_rule(pending.fallback.rule), vocabulary
                    )
                else:
                    orphans.append(Orphan(pending.tag, f"{pending.link.raw} links no item; {pending.hint}"))
    gathered = tuple(
        item
        for reading in readings
        for index, item in enumerate(items[reading.path])
        if (reading.path, index) not in dropped
    )
    return Lifecycle(gathered, ordered_orphans(orphans), frozenset(answering), frozenset(answered))


def extract_vault(
    notes: Sequence[Note], vocabulary: Vocabulary | None = None, resolver: Callable[[], Resolver] | None = None
) -> Lifecycle:
    """Every lifecycle item of these notes, answers across notes applied (undated: see
    `vaulttool.analyse.history`)."""
    vocabulary = vocabulary or Vocabulary()
    return link_notes(notes, [read_note(note, vocabulary) for note in notes], vocabulary, resolver)


def extract(note: Note, vocabulary: Vocabulary | None = None) -> list[Item]:
    """Every lifecycle item of one note, in reading order."""
    return list(extract_vault([note], vocabulary).items)
