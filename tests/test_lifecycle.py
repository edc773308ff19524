"""The hypothesis lifecycle: openers, states, answers and outcomes (issue #3, part 4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import CORPORA, VAULT
from vaulttool.analyse.lifecycle import Vocabulary, extract
from vaulttool.parse import parse_note
from vaulttool.settings import LifecycleSettings


def items(text: str, vocabulary: Vocabulary | None = None):
    return extract(parse_note("n.md", text), vocabulary)


def test_openers_give_kinds():
    found = items(
        "- #hypothesis: ions leak\n- I #wonder why\n- #question how?\n- the pump is electrogenic #to_verify\n"
    )
    assert [(i.kind, i.status) for i in found] == [
        ("hypothesis", "open"),
        ("question", "open"),
        ("question", "open"),
        ("claim", "to-verify"),
    ]


def test_state_tags():
    found = items("- #hypothesis a #waiting\n- #hypothesis b #to_verify\n")
    assert [i.status for i in found] == ["waiting", "to-verify"]


def test_answer_tags_close_and_carry_the_answer():
    (answered,) = items("#hypothesis: x #explanation: yes, exactly that")
    assert (answered.status, answered.answer, answered.outcome) == ("answered", "yes, exactly that", "confirmed")
    (verified,) = items("the pump moves 3 Na+ out #to_verify #verified 3 Na+ out, 2 K+ in")
    assert (verified.kind, verified.status, verified.answer) == ("claim", "verified", "3 Na+ out, 2 K+ in")


def test_struck_text_before_the_answer_is_the_original():
    (item,) = items("E_K is ~~+90 mV~~ #to_verify #verifed : about -90 mV")
    assert (item.outcome, item.original, item.answer) == ("corrected", "+90 mV", "about -90 mV")


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        ("no, it is the other way round", "corrected"),
        ("not quite right, it is passive", "corrected"),
        ("not really", "corrected"),
        ("wrong: the pump is electrogenic", "corrected"),
        ("you almost got it!", "partial"),
        ("partly, but only for K+", "partial"),
        ("not exactly, it also depends on Cl-", "partial"),
        ("yes, exactly", "confirmed"),
        ("that's correct", "confirmed"),
        ("indeed it is", "confirmed"),
        ("it depends on the cell type", None),
    ],
)
def test_outcome_from_the_answer_words(answer, outcome):
    (item,) = items(f"#hypothesis: something #explanation: {answer}")
    assert item.outcome == outcome


def test_explicit_outcome_tags_win():
    (item,) = items("#hypothesis: x #explanation: yes, mostly #partial")
    assert item.outcome == "partial"


def test_open_items_have_no_outcome():
    (item,) = items("#hypothesis: yes it is")
    assert (item.status, item.outcome, item.answer) == ("open", None, None)


def test_two_items_in_one_unit():
    found = items("#hypothesis: a #explanation: no. #wonder about b")
    assert [(i.kind, i.status, i.outcome) for i in found] == [
        ("hypothesis", "answered", "corrected"),
        ("question", "open", None),
    ]


def test_vocabulary_is_configurable():
    vocabulary = Vocabulary(replace(LifecycleSettings(), hypothesis=("hypothese",), corrected_words=("nein",)))
    (item,) = items("#hypothese: x #explanation: nein", vocabulary)
    assert (item.kind, item.outcome) == ("hypothesis", "corrected")


def test_answer_without_opener_is_no_item():
    assert items("#explanation: nothing asked") == []


def test_item_positions_are_the_opener():
    text = "intro\n\n- so #hypothesis: x\n"
    (item,) = items(text)
    assert (item.position.line, item.position.column) == (3, 6)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("- I #wonder if ions leak", "I wonder if ions leak"),
        ("- i have a #question about the pump", "i have a question about the pump"),
        (
            "- Na+ and Cl- get through #wonder so how do you weigh the ions",
            "Na+ and Cl- get through so how do you weigh the ions",
        ),
        ("- #wonder why the inside is negative", "why the inside is negative"),
    ],
)
def test_question_text_keeps_the_tag_word_only_inside_a_sentence(text, question):
    (item,) = items(text)
    assert item.text == question


@pytest.mark.parametrize(
    ("text", "hypothesis"),
    [
        ("- the pump is electrogenic #hypothesis #waiting", "the pump is electrogenic"),
        ("- K+ leaks out #hypothesis #explanation : yes", "K+ leaks out"),
        ("- #hypothesis : K+ leaks out #waiting", "K+ leaks out"),
    ],
)
def test_hypothesis_text_before_or_after_its_tag(text, hypothesis):
    """The hypothesis is what follows `#hypothesis`, or, when the tag ends its sentence, what precedes it."""
    (item,) = items(text)
    assert item.text == hypothesis


def test_reading_a_note_leaves_no_cycle_for_the_collector():
    """Issue 15: the parse workers read each note they parse, 25,000 of them each on a large vault;
    a reading that left a cycle (the reader and its places refer to each other) is freed only by
    the cyclic collector, which the parse turns off while it makes its notes."""
    import gc

    from vaulttool.analyse.lifecycle import read_note

    note = parse_note(
        "n.md",
        "# Gates\n\n- #hypothesis: Na+ channels open first?\n  - #explanation: yes, then K+\n\n"
        "- #wonder why ~~Cl-~~ [[other#^abc]]\n\nAnswer. #verifed ^abc\n",
    )
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        reading = read_note(note)
        gc.collect()
        assert [type(garbage).__name__ for garbage in gc.garbage] == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert len(reading.items) == 2


def _read_in_full(note, vocabulary):
    """What `read_note` gives without its shortcut for a note without a lifecycle tag: every
    unit read."""
    from vaulttool.analyse.lifecycle import _Reader

    reader = _Reader(note, vocabulary)
    try:
        return reader.read()
    finally:
        del reader.places


NO_LIFECYCLE_TAG = [
    "# Plain\n\nA paragraph with #biology and [[other#^abc]].\n\n- [x] a ticked task\n  - yes, a reply\n",
    "---\ntags: [biology, hypothesis]\n---\nProperty tags count: the note opens an item.\n",
    "Nested: #hypothesis/strong is a hypothesis too.\n",
    "#Wonder, in capitals, is a question.\n",
    "#explanation alone answers nothing: an orphan. ^abc\n",
    "- parent bullet\n  - → an arrow reply under no item\n",
    "A table:\n\n| #to_verify 2 + 2 = 4 | #verifed |\n|---|---|\n",
]


@pytest.mark.parametrize("text", NO_LIFECYCLE_TAG)
@pytest.mark.parametrize("renamed", [False, True])
def test_a_notes_reading_is_the_full_readers(text, renamed):
    """Issue 15: a note without a lifecycle tag is not read unit by unit; every note reads as the
    full reader reads it (the tags as written, in the body or the properties, nested or not; with
    the vocabulary's own names, where `#hypothesis` is no lifecycle tag and `#biology` is one)."""
    from vaulttool.analyse.lifecycle import read_note

    settings = replace(LifecycleSettings(), hypothesis=("biology",)) if renamed else LifecycleSettings()
    vocabulary = Vocabulary(settings)
    note = parse_note("n.md", text)
    assert read_note(note, vocabulary) == _read_in_full(note, vocabulary)


def test_the_vaults_notes_read_as_the_full_reader_reads_them():
    """The sample vault and every corpus: each note's reading is the full reader's; most of the
    corpora's notes hold no lifecycle tag (their readings are empty), the sample vault's do."""
    from vaulttool.analyse.lifecycle import read_note
    from vaulttool.analyse.vocabulary import Vocabulary
    from vaulttool.parse import parse_note_bytes

    vocabulary = Vocabulary()
    roots = [VAULT, *(CORPORA / name for name in ("obsidian-help-en", "kepano-obsidian", "obsidiantools"))]
    read = 0
    for root in (root for root in roots if root.is_dir()):
        for path in sorted(root.rglob("*.md")):
            note = parse_note_bytes(path.relative_to(root).as_posix(), path.read_bytes())
            assert read_note(note, vocabulary) == _read_in_full(note, vocabulary), path
            read += 1
    assert read >= 11
