"""The lifecycle's vocabulary: which tags open, hold and close an item, and which words give an
answer's outcome. The lists live in `settings.LifecycleSettings`, which `.vaulttool.toml`'s
`[lifecycle]` table overrides.

A nested tag plays its parent's role, as Obsidian's tag pane counts it under its parent:
`#hypothesis/strong` opens a hypothesis. An outcome phrase may hold `…`: any words in between
("true for … but …").
"""

from __future__ import annotations

import re
from functools import cached_property

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


class Vocabulary:
    """The lifecycle's tag roles and outcome patterns, built once from `LifecycleSettings` (whose
    lists `.vaulttool.toml`'s `[lifecycle]` table overrides)."""

    def __init__(self, settings: LifecycleSettings | None = None) -> None:
        self.settings = settings or LifecycleSettings()
        self._nested: dict[str, str | None] = {}

    @property
    def implicit_answers(self) -> bool:
        return self.settings.implicit_answers

    @cached_property
    def roles(self) -> dict[str, str]:
        """Tag name (casefolded) → its role in the lifecycle."""
        roles: dict[str, str] = {}
        for role in ROLES:
            for name in getattr(self.settings, role):
                roles.setdefault(name.casefold(), role)
        return roles

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

    @cached_property
    def _deepest(self) -> int:
        """The most levels a role's tag name has (`hypothesis/strong`: 2)."""
        return max((name.count("/") + 1 for name in self.roles), default=1)

    @cached_property
    def _phrases(self) -> tuple[re.Pattern[str], list[tuple[Outcome, bool]]]:
        """One pattern holding every outcome phrase as a group, longest phrase first (so the first
        alternative that matches is the longest), and per group: (outcome, has a `…`)."""
        entries = []
        settings = self.settings
        lists: tuple[tuple[Outcome, tuple[str, ...]], ...] = (
            ("corrected", settings.corrected_words),
            ("partial", settings.partial_words),
            ("confirmed", settings.confirmed_words),
        )
        for outcome, words in lists:
            for phrase in words:
                pieces = [_normal(piece).strip() for piece in phrase.split("…")]
                body = r"\b.{1,80}?\b".join(r"\s+".join(map(re.escape, p.split())) for p in pieces if p)
                if body:
                    entries.append(
                        (len(phrase), body + (r"(?!\w)" if phrase[-1:].isalnum() else ""), outcome, "…" in phrase)
                    )
        entries.sort(key=lambda entry: (-entry[0], -_RANKING[entry[2]]))
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"({body})" for _, body, _, _ in entries) + ")")
        return pattern, [(outcome, open_ended) for _, _, outcome, open_ended in entries]

    def outcome_of_answer(self, answer: str, at_start_only: bool = False) -> Outcome | None:
        """What an answer says: the longest outcome phrase at its start wins (read over its first
        sentence, so "right idea, wrong ion" is partial), else, unless `at_start_only`, the
        longest in its first clause (so "you almost got it" is partial); a short word such as "no" or
        "true" counts only at the start ("there is no net flux" says nothing)."""
        pattern, outcomes = self._phrases
        text = _normal(answer[:_READ]).lstrip(_LEADING + "!?.'\"")
        match = pattern.match(_SENTENCE_END.split(text, 1)[0])
        if match:
            return outcomes[match.lastindex - 1][0]  # type: ignore[operator]
        if at_start_only:
            return None
        found = [
            (m.end() - m.start(), outcomes[m.lastindex - 1][0])  # type: ignore[operator]
            for m in pattern.finditer(_CLAUSE_END.split(text, 1)[0])
            if m.end() - m.start() > 4
        ]
        return max(found, key=lambda c: (c[0], _RANKING[c[1]]))[1] if found else None

    def implicit_answer(self, text: str) -> int | None:
        """Where an untagged answer starts in a child bullet's text, or None if it is none. It begins
        with an outcome phrase followed by punctuation or its end ("yes, …", "nope", "partly: …",
        "true for K+ but …"), or with an arrow followed by text ("→ …", "->", "=>")."""
        arrow = _ARROW.match(text)
        if arrow:
            return arrow.end()
        pattern, outcomes = self._phrases
        lowered = _normal(text[:_READ])
        match = pattern.match(lowered)
        if match and (outcomes[match.lastindex - 1][1] or _AFTER_WORD.match(lowered, match.end())):  # type: ignore[operator]
            return 0
        return None


def _normal(text: str) -> str:
    """Case-folded, curly apostrophes straightened, each run of white space one space (at the
    ends too)."""
    folded = text.casefold().replace("’", "'")
    words = " ".join(folded.split())
    if not words:
        return " " if folded else ""
    return (" " if folded[0].isspace() else "") + words + (" " if folded[-1].isspace() else "")
