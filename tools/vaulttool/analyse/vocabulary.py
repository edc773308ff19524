"""The lifecycle's vocabulary: which tags open, hold and close an item, and which words give an
answer's outcome. The lists live in `settings.LifecycleSettings`, which `.vaulttool.toml`'s
`[lifecycle]` table overrides.

A nested tag plays its parent's role, as Obsidian's tag pane counts it under its parent:
`#hypothesis/strong` opens a hypothesis. An outcome phrase may hold `…`: any words in between
("true for … but …").
"""

from __future__ import annotations

import re

from vaulttool.model import Outcome
from vaulttool.settings import LifecycleSettings

ROLES = ("hypothesis", "question", "to_verify", "waiting", "answered", "verified", "confirmed", "corrected", "partial")
ANSWERS = frozenset({"answered", "verified"})
OUTCOME_TAGS = frozenset({"confirmed", "corrected", "partial"})

_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")
_CLAUSE_END = re.compile(r"[.!?;,]")
_ARROW = re.compile(r"(?:→|->|=>)[ \t]*(?=\S)")
_AFTER_WORD = re.compile(r"\s*(?:[,.!:;?)]|[—–-](?:\s|$)|$)")
_LEADING = ": \t\n,-–—"
_READ = 600  # an answer's verdict is in its first words: longer text is not read for it
_RANKING = {"corrected": 2, "partial": 1, "confirmed": 0}
_Phrases = dict[str, tuple[re.Pattern[str], list[tuple[Outcome, bool]]]]


class Vocabulary:
    """The lifecycle's tag roles and outcome patterns, built once from `LifecycleSettings` (whose
    lists `.vaulttool.toml`'s `[lifecycle]` table overrides). Its attributes are set once, here or
    on first use (`_patterns`): no `cached_property`, so that mypyc compiles the class."""

    def __init__(self, settings: LifecycleSettings | None = None) -> None:
        self.settings = settings or LifecycleSettings()
        self.roles: dict[str, str] = {}  # tag name (casefolded) → its role in the lifecycle
        for role in ROLES:
            for name in getattr(self.settings, role):
                self.roles.setdefault(name.casefold(), role)
        # the most levels a role's tag name has (`hypothesis/strong`: 2)
        self._deepest = max((name.count("/") + 1 for name in self.roles), default=1)
        self._nested: dict[str, str | None] = {}
        self._outcomes: tuple[_Phrases, re.Pattern[str]] | None = None  # made on first use (`_patterns`)

    @property
    def implicit_answers(self) -> bool:
        return self.settings.implicit_answers

    def role_of(self, name: str) -> str | None:
        """The role of a tag: its own, else its nearest parent's (`hypothesis/strong` → hypothesis)."""
        key = name.casefold()
        role = self.roles.get(key)
        if role is not None or "/" not in key:
            return role
        cache = self._nested
        if key not in cache:
            parts = key.split("/", self._deepest)  # a deeper parent cannot be a role's name
            cache[key] = next(
                (self.roles[p] for p in ("/".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)) if p in self.roles),
                None,
            )
        return cache[key]

    def _patterns(self) -> tuple[_Phrases, re.Pattern[str]]:
        """The outcome phrases' patterns (`_phrases`), and where a phrase may start: one of their
        first characters, after no word character. Made on first use."""
        if self._outcomes is None:
            phrases = _phrases(self.settings)
            firsts = "".join(map(re.escape, phrases))
            self._outcomes = phrases, re.compile(r"(?<!\w)[" + firsts + "]" if firsts else "(?!)")
        return self._outcomes

    def _phrase_at(self, text: str, at: int) -> tuple[re.Match[str], Outcome, bool] | None:
        """The longest outcome phrase at `at`: its match, outcome and whether it holds a `…`."""
        found = self._patterns()[0].get(text[at : at + 1])
        if found is None:
            return None
        pattern, outcomes = found
        match = pattern.match(text, at)
        if match is None or match.lastindex is None:
            return None
        outcome, open_ended = outcomes[match.lastindex - 1]
        return match, outcome, open_ended

    def outcome_of_answer(self, answer: str, at_start_only: bool = False) -> Outcome | None:
        """What an answer says: the longest outcome phrase at its start wins (read over its first
        sentence, so "right idea, wrong ion" is partial), else, unless `at_start_only`, the
        longest in its first clause (so "you almost got it" is partial); a short word such as "no" or
        "true" counts only at the start ("there is no net flux" says nothing)."""
        text = _normal(answer[:_READ]).lstrip(_LEADING + "!?.'\"")
        at_start = self._phrase_at(_before(_SENTENCE_END, text), 0)
        if at_start:
            return at_start[1]
        if at_start_only:
            return None
        clause = _before(_CLAUSE_END, text)
        found = []
        cursor = 0
        for start in self._patterns()[1].finditer(clause):  # as `finditer` of every phrase would
            if start.start() < cursor or (phrase := self._phrase_at(clause, start.start())) is None:
                continue
            match, outcome, _ = phrase
            cursor = match.end()
            if match.end() - match.start() > 4:
                found.append((match.end() - match.start(), outcome))
        return max(found, key=lambda c: (c[0], _RANKING[c[1]]))[1] if found else None

    def implicit_answer(self, text: str) -> int | None:
        """Where an untagged answer starts in a child bullet's text, or None if it is none. It begins
        with an outcome phrase followed by punctuation or its end ("yes, …", "nope", "partly: …",
        "true for K+ but …"), or with an arrow followed by text ("→ …", "->", "=>")."""
        arrow = _ARROW.match(text)
        if arrow:
            return arrow.end()
        lowered = _normal(text[:_READ])
        phrase = self._phrase_at(lowered, 0)
        if phrase and (phrase[2] or _AFTER_WORD.match(lowered, phrase[0].end())):
            return 0
        return None


def _phrases(settings: LifecycleSettings) -> _Phrases:
    """By their first character, patterns each holding the outcome phrases that start with it as
    groups, longest phrase first (so the first alternative that matches is the longest), and per
    group: (outcome, has a `…`). A phrase is tried only where its first character is: one pattern
    of every phrase tried at each character cost about 0.3 µs a character."""
    entries: list[tuple[int, str, str, Outcome, bool]] = []
    lists: tuple[tuple[Outcome, tuple[str, ...]], ...] = (
        ("corrected", settings.corrected_words),
        ("partial", settings.partial_words),
        ("confirmed", settings.confirmed_words),
    )
    for outcome, words in lists:
        for phrase in words:
            pieces = [_normal(piece).strip() for piece in phrase.split("…")]
            pieces = [piece for piece in pieces if piece]
            body = r"\b.{1,80}?\b".join(r"\s+".join(map(re.escape, p.split())) for p in pieces)
            if body:
                end = r"(?!\w)" if phrase[-1:].isalnum() else ""
                entries.append((len(phrase), pieces[0][0], body + end, outcome, "…" in phrase))
    entries.sort(key=lambda entry: (-entry[0], -_RANKING[entry[3]]))
    by_first: dict[str, list[tuple[str, Outcome, bool]]] = {}
    for _, first, body, outcome, open_ended in entries:
        by_first.setdefault(first, []).append((body, outcome, open_ended))
    return {
        first: (
            re.compile(r"(?<!\w)(?:" + "|".join(f"({body})" for body, _, _ in group) + ")"),
            [(outcome, open_ended) for _, outcome, open_ended in group],
        )
        for first, group in by_first.items()
    }


def _before(end: re.Pattern[str], text: str) -> str:
    """The text before the first match of `end` (all of it if none): `end.split(text, 1)[0]`,
    without splitting off the rest."""
    found = end.search(text)
    return text if found is None else text[: found.start()]


def _normal(text: str) -> str:
    """Case-folded, curly apostrophes straightened, each run of white space one space (at the
    ends too)."""
    folded = text.casefold().replace("’", "'")
    words = " ".join(folded.split())
    if not words:
        return " " if folded else ""
    return (" " if folded[0].isspace() else "") + words + (" " if folded[-1].isspace() else "")
