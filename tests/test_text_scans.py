"""Scans written with string operations where a regex cost more give what the regex gave: the
regexes are written here as the definition, and both read random texts of the characters that
matter (Unicode white space included: `\\s` and `str.split` agree on it)."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict

from vaulttool.analyse.item_text import _LEADS_INTO_CLAUSE, _reads_as_word, clean
from vaulttool.analyse.vocabulary import Vocabulary, _normal
from vaulttool.parse.inline import _Closers, _next_opener, opener_at
from vaulttool.parse.links import MARKDOWN, unquote_path
from vaulttool.parse.source import find_matches
from vaulttool.parse.tags import _BLOCK_ID
from vaulttool.resolve import heading_key

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


def test_a_markdown_link_is_matched_as_by_the_pattern_that_reads_a_character_at_a_time():
    """The link pattern reads runs of plain characters whole (`++`); the pattern it replaced read
    one alternation a character. Both give the same matches and groups at every offset."""
    destination = r"<[^<>\n]*>|(?>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    title = r"(?:\s++(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?"
    one_at_a_time = re.compile(
        r"(?=[!\[])(!?)\[((?:[^\[\]\n\\]|\n(?![ \t>]*\n)|\\.|\[[^\[\]\n]*\])*+)\]\(\s*+("
        + destination
        + r")"
        + title
        + r"\s*+\)"
    )
    alphabet = [*"[]()!\\<>\"' \t\nab#", "](", "[a](", "\n\n", "\n>"]
    for text in _texts(alphabet, 20_000, 14, 5):
        for at in range(len(text)):
            old, new = one_at_a_time.match(text, at), MARKDOWN.match(text, at)
            assert (old and (old.span(), old.groups())) == (new and (new.span(), new.groups())), (text, at)


def test_matches_found_from_their_opener_are_those_finditer_finds():
    """Block ids and Markdown links (a `!` before the `[` taken) are tried where their first
    character is, and found as `finditer` finds them."""
    cases = [
        (_BLOCK_ID, "^", False, [*"^a-1 \t\n", "^^"]),
        (MARKDOWN, "[", True, [*"[]()!a \n", "![", "](", "!!["]),
    ]
    for pattern, opener, bang, alphabet in cases:
        for text in _texts(alphabet, 20_000, 14, 6):
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            found = [(m.span(), m.groups()) for m in find_matches(pattern, opener, text, bang=bang)]
            assert found == expected, (pattern.pattern, text)


def test_a_plain_headings_key_is_the_one_its_words_give():
    """A heading of ASCII letters, digits and spaces is keyed with `split`; every heading gives
    the key the definition gives: its words (runs of letters, digits, `_`, `-` and emoji),
    NFC, joined by one space, lower-cased."""
    word = re.compile(r"[\w\-]+|[\u2600-\u27bf\U0001f000-\U0001faff]")

    def by_regex(text: str) -> str:
        return " ".join(word.findall(unicodedata.normalize("NFC", text))).lower()

    for text in _texts([*"aZ09 _-.?", "É", "e\u0301", "\u2705", *_SPACES], 50_000, 10, 7):
        assert heading_key(text) == by_regex(text), repr(text)


def test_an_answers_outcome_is_the_one_a_pattern_of_every_phrase_gives():
    """Outcome phrases are tried only where their first character is; the pattern of every phrase,
    tried at every character, is the definition. Both read random answers made of the phrases,
    their pieces and other words alike."""
    vocabulary = Vocabulary()
    settings = vocabulary.settings
    entries = []
    for outcome, words in (
        ("corrected", settings.corrected_words),
        ("partial", settings.partial_words),
        ("confirmed", settings.confirmed_words),
    ):
        for phrase in words:
            pieces = [_normal(piece).strip() for piece in phrase.split("…")]
            body = r"\b.{1,80}?\b".join(r"\s+".join(map(re.escape, p.split())) for p in pieces if p)
            entries.append((len(phrase), body + (r"(?!\w)" if phrase[-1:].isalnum() else ""), outcome, "…" in phrase))
    ranking = {"corrected": 2, "partial": 1, "confirmed": 0}
    entries.sort(key=lambda entry: (-entry[0], -ranking[entry[2]]))
    every = re.compile(r"(?<!\w)(?:" + "|".join(f"({body})" for _, body, _, _ in entries) + ")")
    outcomes = [(outcome, open_ended) for _, _, outcome, open_ended in entries]
    sentence_end, clause_end = re.compile(r"[.!?;](?=\s|$)|\n"), re.compile(r"[.!?;,]")
    after_word = re.compile(r"\s*(?:[,.!:;?)]|[—–-](?:\s|$)|$)")

    def outcome_by_regex(answer: str, at_start_only: bool) -> str | None:
        text = _normal(answer[:600]).lstrip(": \t\n,-–—" + "!?.'\"")
        match = every.match(sentence_end.split(text, 1)[0])
        if match:
            return outcomes[match.lastindex - 1][0]
        if at_start_only:
            return None
        found = [
            (m.end() - m.start(), outcomes[m.lastindex - 1][0])
            for m in every.finditer(clause_end.split(text, 1)[0])
            if m.end() - m.start() > 4
        ]
        return max(found, key=lambda c: (c[0], ranking[c[1]]))[1] if found else None

    def implicit_by_regex(text: str) -> bool:
        lowered = _normal(text[:600])
        match = every.match(lowered)
        return bool(match and (outcomes[match.lastindex - 1][1] or after_word.match(lowered, match.end())))

    words = [
        w
        for phrase in (*settings.corrected_words, *settings.partial_words, *settings.confirmed_words)
        for w in phrase.replace("…", " … ").split()
    ]
    words += ["sodium", "no", "Yes", "a", "x", "K+", "→", ".", ",", ";", "!", "?", "\n", "’"]
    rng = random.Random(8)
    for _ in range(20_000):
        answer = rng.choice(["", " ", ": "]) + " ".join(rng.choice(words) for _ in range(rng.randint(0, 9)))
        for at_start_only in (False, True):
            assert vocabulary.outcome_of_answer(answer, at_start_only) == outcome_by_regex(answer, at_start_only), (
                answer
            )
        if not answer.startswith(("→", "->", "=>")):
            assert (vocabulary.implicit_answer(answer) is not None) == implicit_by_regex(answer), answer


def test_the_opener_at_a_character_is_the_one_the_regex_matches():
    """Where an opener character is, the inline masking reads the opener with string tests; the
    regex it replaced is the definition."""
    opener = re.compile(r"\\[\\`$%<]|`+|%%|<!--|<(?=/?[A-Za-z])|\$\$?")
    for text in _texts([*"\\`$%<!-/aZé1 \n", "<!--", "</a", "``"], 20_000, 10, 9):
        for at, character in enumerate(text):
            if character in "\\`$%<":
                match = opener.match(text, at)
                assert opener_at(text, at) == (match.group() if match else ""), (text, at)


def test_a_tag_reads_as_a_word_as_by_the_words_before_it():
    """A tag reads as part of the sentence when a word ends right before it (within its last 20
    characters, as the regex of words read them) and a word that leads into a clause follows."""
    word = re.compile(r"\w+")

    def by_regex(before: str, after: str) -> bool:
        following = word.match(after.lstrip())
        return bool(
            word.findall(before[-20:])
            and before.rstrip()[-1:].isalnum()
            and following
            and following.group().casefold() in _LEADS_INTO_CLAUSE
        )

    befores = _texts([*"a_1 .", "é", *_SPACES], 5_000, 25, 10) + [f"{end}{' ' * n}" for end in "a_." for n in range(25)]
    for before in befores:
        for after in (" if it", "whether", " about x", "no", ""):
            assert _reads_as_word(before, after) == by_regex(before, after), (before, after)


def test_a_links_path_is_unquoted_as_by_urllib():
    """`%20` alone is read as a space without urllib; anything else with a `%` as urllib reads it."""
    from urllib.parse import unquote

    for text in _texts([*"%20 5aF", "%20", "%25", "%2", "é", "%C3%A9", "%zz"], 50_000, 8, 7):
        assert unquote_path(text) == unquote(text), repr(text)
