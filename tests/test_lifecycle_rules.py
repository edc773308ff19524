"""The lifecycle reads a note's block tree (issue 10): where an answer belongs, answers by block
reference, openers wherever Obsidian sees a tag, implicit answers, outcome wording, clean item
texts, which rule decided, one vocabulary. Expected values follow the rules as the issue states
them (and the README's lifecycle section repeats them); Obsidian's own behaviour is cited where a
rule rests on it."""

from __future__ import annotations

import pytest

from vaulttool.analyse.lifecycle import Vocabulary, extract, extract_vault
from vaulttool.parse import parse_note


def read(text: str, vocabulary: Vocabulary | None = None):
    return extract_vault([parse_note("n.md", text)], vocabulary)


def items(text: str, vocabulary: Vocabulary | None = None):
    return extract(parse_note("n.md", text), vocabulary)


def states(text: str) -> list[tuple[int, str, str | None, str | None]]:
    """(opener line, status, rule, answer) of each item."""
    return [(i.position.line, i.status, i.rule, i.answer) for i in items(text)]


# Rule 1: where an answer belongs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- #hypothesis : K+ leaks out\n\t- #explanation : yes, through leak channels\n",
            [(1, "answered", "child", "yes, through leak channels")],
        ),
        (
            "- #hypothesis : K+ leaks out\n\t- notes\n\t\t- more\n\t\t\t- #explanation : yes\n",
            [(1, "answered", "child", "yes")],
        ),
        ("- #hypothesis : K+ leaks out\n  #explanation : yes\n", [(1, "answered", "continuation", "yes")]),
        ("- #hypothesis : K+ leaks out\n\n  #explanation : yes\n", [(1, "answered", "continuation", "yes")]),
        ("- #hypothesis : K+ leaks out\n- #explanation : yes\n", [(1, "answered", "sibling", "yes")]),
        ("1. #hypothesis : K+ leaks out\n2. #explanation : yes\n", [(1, "answered", "sibling", "yes")]),
        ("K+ leaks out #hypothesis\n\n#explanation : yes\n", [(1, "answered", "next-paragraph", "yes")]),
        ("- #hypothesis : K+ leaks out\n\n#explanation : yes\n", [(1, "answered", "next-paragraph", "yes")]),
        ("K+ leaks out #hypothesis\n\n- #explanation : yes\n", [(1, "answered", "next-paragraph", "yes")]),
        (
            "## #hypothesis myelin makes ions faster\n\nsome notes\n\n#explanation : no, the signal jumps\n",
            [(1, "answered", "section", "no, the signal jumps")],
        ),
        ("- #hypothesis : K+ leaks out #explanation : yes\n", [(1, "answered", "same-unit", "yes")]),
    ],
)
def test_each_place_an_answer_is_written(text, expected):
    """Rule 1: the answer closes the nearest open item, looking in the item that holds it and its
    parents, the previous sibling, the previous paragraph or list, then the heading's section."""
    assert states(text) == expected


def test_two_items_in_one_bullet_the_child_answer_closes_the_last():
    """Rule 1: several open items in one parent: the answer closes the last one opened before it."""
    found = items("- #hypothesis : A is x #hypothesis : B is y\n\t- #explanation : no, B is z\n")
    assert [(i.text, i.status, i.outcome) for i in found] == [
        ("A is x", "open", None),
        ("B is y", "answered", "corrected"),
    ]


def test_a_second_answer_closes_the_next_item_still_open():
    """Rule 1: "closes the nearest item that is still open": with B answered, the next answer in
    the same parent closes A."""
    found = items("- #hypothesis : A #hypothesis : B\n\t- #explanation : b\n\t- #explanation : a\n")
    assert [(i.text, i.answer) for i in found] == [("A", "a"), ("B", "b")]


def test_an_answer_two_levels_down_skips_parents_without_items():
    assert states("- #hypothesis : the pump is electrogenic\n    - notes\n        - #explanation : yes\n") == [
        (1, "answered", "child", "yes")
    ]


def test_a_heading_of_the_same_level_ends_the_section():
    """Rule 1: the search stops at the first heading of the same or a higher level."""
    assert states("## A\n- #hypothesis : x\n## B\n#explanation : y\n") == [(2, "open", None, None)]
    assert states("### A\n- #hypothesis : x\n# B\n#explanation : y\n") == [(2, "open", None, None)]


def test_a_deeper_heading_does_not_end_the_section():
    assert states("## A\n- #hypothesis : x\n### A.1\n#explanation : y\n") == [(2, "answered", "next-paragraph", "y")]


def test_a_heading_item_whose_section_holds_its_own_bullet_items():
    """Rule 1: bullet items under a heading item answer each other first; an answer written later
    in the section, with every bullet item closed, closes the heading's item."""
    text = (
        "## #hypothesis myelin speeds conduction\n- #wonder how much?\n- #explanation : about 50 times\n\n"
        "Some reading notes.\n\n#explanation : yes, by saltatory conduction\n## Next\n#explanation : stray\n"
    )
    lifecycle = read(text)
    assert [(i.position.line, i.rule, i.answer) for i in lifecycle.items] == [
        (1, "section", "yes, by saltatory conduction"),
        (2, "sibling", "about 50 times"),
    ]
    assert [o.tag.position.line for o in lifecycle.orphans] == [9]


def test_items_before_the_first_heading_end_at_any_heading():
    assert states("#hypothesis x\n\n###### tiny\n\n#explanation : y\n") == [(1, "open", None, None)]


def test_the_previous_row_of_a_table_is_a_sibling():
    text = "| idea | answer |\n|---|---|\n| #hypothesis the pump is electrogenic | |\n| | #explanation yes |\n"
    assert states(text) == [(3, "answered", "sibling", "yes")]


def test_a_table_row_reads_its_cells_apart():
    (item,) = items(
        "| Kv | opens with depolarization #hypothesis | #explanation yes, with a delay | p. 12 |\n|---|---|---|---|\n"
    )
    assert (item.text, item.answer, item.outcome) == ("opens with depolarization", "yes, with a delay", "confirmed")


def test_an_answer_with_nothing_open_is_an_orphan_and_says_why():
    lifecycle = read("#explanation : nothing asked\n")
    assert lifecycle.items == () and "no #hypothesis, #wonder or #to_verify is open" in lifecycle.orphans[0].hint


# Rule 2: answers by reference


def test_a_block_reference_closes_the_item_of_that_block_in_this_note():
    """HELP Internal links: `[[#^id]]` links a block of the same note; the block's unit holds the item,
    and the reference reaches it across headings."""
    text = (
        "- #hypothesis : LTP needs NMDA ^h1\n- #wonder why\n\n## Later\n\n[[#^h1]] #explanation : partly, mGluR too\n"
    )
    found = items(text)
    assert [(i.position.line, i.status, i.rule, i.outcome) for i in found] == [
        (1, "answered", "block-ref", "partial"),
        (2, "open", None, None),
    ]


def test_a_block_reference_in_another_note_closes_the_item_there():
    """HELP Internal links: `[[Note#^id]]` links a block of another note."""
    first = parse_note("Neuro/LTP.md", "- #hypothesis : LTP needs NMDA receptors ^h1\n")
    later = parse_note("Review.md", "- [[LTP#^h1]] #explanation : yes, APV blocks it\n")
    (item,) = extract_vault([first, later]).items
    assert (item.position.path, item.status, item.rule, item.answer) == (
        "Neuro/LTP.md",
        "answered",
        "block-ref",
        "yes, APV blocks it",
    )
    assert (item.answer_position.path, item.answer_position.line) == ("Review.md", 1)


def test_an_opener_that_only_mentions_the_linked_item_is_no_new_item():
    """Rule 2: "re my #hypothesis on LTP [[#^h1]] #explanation: partly …" is a mention."""
    first = parse_note("LTP.md", "- #hypothesis : LTP needs NMDA receptors ^h1\n")
    later = parse_note("Review.md", "- re my #hypothesis on LTP [[LTP#^h1]] #explanation : partly, mGluR too\n")
    found = extract_vault([first, later]).items
    assert [(i.position.path, i.rule, i.outcome) for i in found] == [("LTP.md", "block-ref", "partial")]
    same_note = items("- #hypothesis : LTP needs NMDA ^h1\n- re my #hypothesis [[#^h1]] #explanation : no\n")
    assert [(i.position.line, i.rule) for i in same_note] == [(1, "block-ref")]


def test_a_linked_block_without_an_item_leaves_the_answer_to_the_tree():
    """The link is then only a "see also": the answer closes the item the block tree gives."""
    first = parse_note("Defs.md", "A definition. ^def\n")
    later = parse_note("Q.md", "- #hypothesis : the pump is electrogenic\n- see [[Defs#^def]] #explanation : yes\n")
    (item,) = extract_vault([first, later]).items
    assert (item.position.path, item.rule) == ("Q.md", "sibling")


def test_a_block_id_alone_after_a_table_names_the_table():
    """HELP Internal links: for lists, quotes, callouts and tables the id goes on its own line after them."""
    text = "| #hypothesis the pump is electrogenic |\n|---|\n\n^tbl\n\n## Later\n\n[[#^tbl]] #explanation yes\n"
    assert states(text) == [(1, "answered", "block-ref", "yes")]


# Rule 3: openers wherever Obsidian sees a tag


def test_openers_in_headings_callouts_quotes_and_numbered_lists():
    text = (
        "## The pump #hypothesis is electrogenic\n\n> [!question] Why is the inside negative? #wonder\n\n"
        "> I #wonder if glia have one too\n\n3. #hypothesis : Na+ enters first\n"
    )
    assert [(i.kind, i.text) for i in items(text)] == [
        ("hypothesis", "The pump is electrogenic"),
        ("question", "Why is the inside negative?"),
        ("question", "I wonder if glia have one too"),
        ("hypothesis", "Na+ enters first"),
    ]


def test_ticked_tasks_close_their_items():
    """HELP Basic formatting syntax, Task lists: any character in the box marks the task complete.
    A ticked task closes its open item as answered, a claim as verified; an answer under it wins."""
    text = (
        "- [x] #hypothesis : the pump is electrogenic\n- [ ] #hypothesis : the leak is K+\n"
        "- [-] E_K is -90 mV #to_verify\n- [x] #hypothesis : Na+ enters first\n\t- #explanation : yes\n"
    )
    assert [(i.kind, i.status, i.rule, i.text) for i in items(text)] == [
        ("hypothesis", "answered", "task", "the pump is electrogenic"),
        ("hypothesis", "open", None, "the leak is K+"),
        ("claim", "verified", "task", "E_K is -90 mV"),
        ("hypothesis", "answered", "child", "Na+ enters first"),
    ]


def test_front_matter_tags_make_a_note_level_item():
    """Rule 3: `tags: [hypothesis, waiting]` makes an item whose text is the note's title; an
    answer anywhere in the note with no other item to close closes it."""
    note = parse_note("Glia/Astrocytes buffer K+.md", "---\ntags: [hypothesis, waiting, glia]\n---\nnotes\n")
    (item,) = extract(note)
    assert (item.kind, item.status, item.text, item.position.line, item.position.column) == (
        "hypothesis",
        "waiting",
        "Astrocytes buffer K+",
        2,
        8,
    )
    answered = parse_note("n.md", "---\ntags: [question]\n---\n## Notes\n\n#explanation : yes, spatial buffering\n")
    assert [(i.status, i.rule, i.outcome) for i in extract(answered)] == [("answered", "front-matter", "confirmed")]


def test_nested_tags_play_their_parents_role():
    """HELP Tags, Nested tags: `#inbox/to-read` belongs to `#inbox`; the full tag stays in `tags`."""
    found = items(
        "- #hypothesis/strong : the pump is electrogenic #explanation : yes\n- #wonder/exam why\n"
        "- #neuro/hypothesis is not one\n"
    )
    assert [(i.kind, i.tags) for i in found] == [
        ("hypothesis", ("hypothesis/strong", "explanation")),
        ("question", ("wonder/exam",)),
    ]


def test_tags_in_code_math_and_comments_open_nothing():
    assert items("- `#hypothesis` in code, $#hypothesis$ in math, %% #hypothesis %% in a comment\n") == []


# Rule 4: implicit answers


@pytest.mark.parametrize(
    ("child", "outcome", "answer"),
    [
        ("yes, 3 Na+ out for 2 K+ in", "confirmed", "yes, 3 Na+ out for 2 K+ in"),
        ("nope.", "corrected", "nope."),
        ("Partly: only for K+", "partial", "Partly: only for K+"),
        ("→ it moves 3 Na+ out", None, "it moves 3 Na+ out"),
        ("-> no, it is the leak", "corrected", "no, it is the leak"),
        ("=> correct", "confirmed", "correct"),
    ],
)
def test_an_untagged_child_that_starts_with_a_verdict_answers_its_parent(child, outcome, answer):
    (item,) = items(f"- #hypothesis : the pump sets the resting potential\n\t- {child}\n")
    assert (item.status, item.rule, item.implicit, item.outcome, item.answer) == (
        "answered",
        "implicit",
        True,
        outcome,
        answer,
    )
    assert (item.answer_position.line, item.answer_position.column) == (2, 4 + (len(child) - len(answer)))


@pytest.mark.parametrize("child", ["no idea how to check", "notes on the pump", "yes #explanation : tagged"])
def test_other_children_are_no_implicit_answer(child):
    (item, *_) = items(f"- #hypothesis : the pump sets the resting potential\n\t- {child}\n")
    assert not item.implicit


def test_implicit_answers_can_be_turned_off(make_vault):
    """`[lifecycle] implicit_answers = false` in .vaulttool.toml."""
    import vaulttool

    root = make_vault(
        {"n.md": "- #hypothesis : x\n\t- yes, it is\n", ".vaulttool.toml": "[lifecycle]\nimplicit_answers = false\n"}
    )
    assert [i.status for i in vaulttool.Analysis(vaulttool.load(root)).items] == ["open"]
    bad = make_vault({".vaulttool.toml": '[lifecycle]\nimplicit_answers = "no"\n'})
    with pytest.raises(vaulttool.VaultError, match="implicit_answers must be true or false"):
        vaulttool.load(bad)


# Rule 5: outcome wording


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        ("actually it goes the other way", "corrected"),
        ("it's the reverse, they hyperpolarize", "corrected"),
        ("it's the opposite", "corrected"),
        ("close but no, it is Cl-", "corrected"),
        ("yes and no", "partial"),
        ("true for K+, but not for Na+", "partial"),
        ("right idea, wrong ion", "partial"),
        ("close but not quite", "partial"),
        ("not exactly", "partial"),
        ("partially", "partial"),
        ("confirmed by Hodgkin and Katz", "confirmed"),
        ("yes!", "confirmed"),
        ("yep", "confirmed"),
        ("exactly right", "confirmed"),
        ("there is no net flux at E_K", None),
    ],
)
def test_outcome_wording(answer, outcome):
    (item,) = items(f"- #hypothesis : something #explanation : {answer}")
    assert item.outcome == outcome


def test_the_answers_verdict_wins_over_struck_text():
    (item,) = items("- #hypothesis : ~~i think~~ i'm sure it's X #verified : yes!\n")
    assert (item.outcome, item.original, item.answer) == ("confirmed", "i think", "yes!")


def test_a_correction_written_before_the_answer_tag_is_the_answer():
    (child,) = items(
        "- the opsin is only for cones #to_verify\n\t- ~~only for cones~~ it is for all photopigments #verifed\n"
    )
    assert (child.status, child.outcome, child.original, child.answer, child.text) == (
        "verified",
        "corrected",
        "only for cones",
        "it is for all photopigments",
        "the opsin is only for cones",
    )
    (same,) = items("- #hypothesis : rods see ~~only in dim light~~ in any light #verifed\n")
    assert (same.text, same.original, same.answer) == (
        "rods see ~~only in dim light~~",
        "only in dim light",
        "in any light",
    )


# Rule 6: clean item text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- so E_K #hypothesis is exactly the resting potential", "so E_K is exactly the resting potential"),
        ("- the pump is electrogenic #hypothesis, at least a little", "the pump is electrogenic, at least a little"),
        ("- [ ] #hypothesis : the pump is electrogenic", "the pump is electrogenic"),
        ("> [!note]+ #hypothesis : the pump is electrogenic", "the pump is electrogenic"),
        ("- #hypothesis : the pump is electrogenic ^pump", "the pump is electrogenic"),
        ("- #hypothesis : the pump is electrogenic #explanation : no, it is the leak", "the pump is electrogenic"),
    ],
)
def test_item_text_is_what_the_student_claimed(text, expected):
    (item,) = items(text)
    assert item.text == expected


# Rule 7: say why


def test_answer_position_and_rule_are_the_answers():
    (item,) = items("- #hypothesis : x\n\t- notes\n\t\t- #explanation : yes\n")
    assert (item.rule, item.answer_position.line, item.answer_position.column) == ("child", 3, 5)
    (open_item,) = items("- #hypothesis : x\n")
    assert (open_item.rule, open_item.answer_position, open_item.implicit) == (None, None, False)


# Linearity: one unit with very many openers reads each once (timings live in tools/bench)


def test_many_openers_in_one_unit():
    found = items("- " + " ".join(f"#hypothesis h{i}" for i in range(2000)) + "\n\t- #explanation : the last\n")
    assert len(found) == 2000 and [i.answer for i in found if not i.is_open] == ["the last"]
    assert found[0].text == "h0" and found[-1].text == "h1999"
