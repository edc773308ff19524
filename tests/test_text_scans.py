"""Scans written with string operations where a regex cost more give what the regex gave: the
regexes are written here as the definition, and both read random texts of the characters that
matter (Unicode white space included: `\\s` and `str.split` agree on it)."""

from __future__ import annotations

import random
import re
from collections import defaultdict

from vaulttool.analyse.item_text import clean
from vaulttool.analyse.vocabulary import _normal
from vaulttool.parse.inline import _Closers, _next_opener

_SPACES = ["\u00a0", "\u2028", "\x1c", "\u3000", "\r", "\x0b", "\t", "\n"]


def _texts(alphabet: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_an_answers_words_are_normalised_as_by_the_regex():
    spaces = re.compile(r"\s+")
    for text in _texts([*"aB ’'", "ß", "İ", *_SPACES], 50_000, 10, 1):
        assert _normal(text) == spaces.sub(" ", text.casefold().replace("’", "'")), repr(text)


def test_an_items_text_is_cleaned_as_by_the_regex():
    """White space collapsed, separators and block ids cut at the ends."""
    spaces, block_id = re.compile(r"\s+"), re.compile(r"(?:^|(?<=\s))\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
    separators = ": \t\n,-–—| "

    def by_regex(text: str) -> str:
        if "^" in text:
            text = block_id.sub("", text)
        return spaces.sub(" ", text).strip(separators).strip()

    for text in _texts([*"ab ^-:,|–—x1", " ^id", "^a-1 ", *_SPACES], 50_000, 12, 2):
        assert clean(text) == by_regex(text), repr(text)


def test_backtick_runs_are_the_runs_the_regex_finds():
    runs = re.compile(r"`+")
    for text in _texts(list("`a\n "), 20_000, 14, 3):
        expected: dict[int, list[int]] = defaultdict(list)
        for match in runs.finditer(text):
            expected[match.end() - match.start()].append(match.start())
        assert dict(_Closers(text).backtick_runs()) == dict(expected), repr(text)


def test_the_next_opener_is_the_one_the_regex_finds():
    """Each step of the inline masking starts at the first character that may open a span (its
    cursor only moves on)."""
    opener = re.compile(r"[\\`$%<]")
    for text in _texts(list("\\`$%<ab \n"), 5_000, 16, 4):
        ahead = [text.find(character) for character in "\\`$%<"]
        for cursor in range(len(text) + 1):
            match = opener.search(text, cursor)
            assert _next_opener(text, cursor, ahead) == (match.start() if match else -1), (text, cursor)


def test_wiki_links_are_the_ones_the_pattern_finds():
    """`links.wiki_spans` reads with `str.find` the links `links.WIKI` finds (rule 11: a single `]`
    does not end the target; no `[[` or line end inside), embeds' `!` included."""
    from vaulttool.parse.links import WIKI, wiki_spans

    found = 0
    for text in _texts(list("[[]]!a|#^\n ") + ["[[", "]]", "![["], 30_000, 14, 5):
        expected = [(m.start(), m.end(), bool(m.group(1))) for m in WIKI.finditer(text)]
        assert wiki_spans(text) == expected, repr(text)
        found += len(expected)
    assert found > 5_000
