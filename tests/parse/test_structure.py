"""Headings, block ids, fenced code blocks, code spans, front matter, units and positions."""

from __future__ import annotations

from vaulttool.parse import parse_note


def test_headings_atx_and_setext_with_positions():
    """CommonMark headings (ATX and setext), also inside list items as the seed note writes them."""
    note = parse_note("n.md", "# Title\n\n- ### In list\n\nSetext\n===\n\n#notheading\n")
    assert [(h.level, h.text, h.position.line, h.position.column) for h in note.headings] == [
        (1, "Title", 1, 1),
        (3, "In list", 3, 3),
        (1, "Setext", 5, 1),
    ]


def test_block_ids():
    """Rule 21 (HELP Internal links): `^id` at the end of a paragraph/list item, or alone on the next line."""
    text = "A paragraph. ^para-1\n\n- item ^item2\n\n> quote\n\n^alone\n\nnot^anid and ^bad_id\n"
    note = parse_note("n.md", text)
    assert [(b.id, b.position.line) for b in note.blocks] == [("para-1", 1), ("item2", 3), ("alone", 7)]


def test_fenced_code_blocks_keep_language_body_and_position():
    """The calculators read ```nernst blocks: language, body and the opening fence's position."""
    text = "intro\n\n> ```nernst\n> ion: K+\n> ```\n\n~~~ghk extra\nions: {}\n~~~\n"
    note = parse_note("n.md", text)
    assert [
        (c.language, c.info, c.body, c.position.line, c.position.column, c.body_line) for c in note.code_blocks
    ] == [("nernst", "nernst", "ion: K+\n", 3, 3, 4), ("ghk", "ghk extra", "ions: {}\n", 7, 1, 8)]


def test_code_spans():
    """CommonMark code spans: a run of n backticks closes at the next run of exactly n."""
    text = "E is `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV` and ``a ` b``"
    note = parse_note("n.md", text)
    assert [(s.text, s.position.column) for s in note.code_spans] == [
        ("nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV", 6),
        ("a ` b", text.index("``") + 1),
    ]


def test_aliases_and_data():
    """Rule 25 (HELP Properties): YAML front matter; `aliases` is a list."""
    note = parse_note("n.md", "---\naliases: [RMP, resting potential]\ncreated: 2025-06-17\n---\n")
    assert [a.name for a in note.aliases] == ["RMP", "resting potential"]
    assert str(note.frontmatter["created"]) == "2025-06-17"
    old_form = parse_note("n.md", "---\naliases: RMP, resting potential\n---\n")
    assert [(a.name, a.position.column) for a in old_form.aliases] == [("RMP", 10), ("resting potential", 15)]


def test_malformed_frontmatter_is_a_positioned_problem_and_body_still_parses():
    """Rule 25: malformed YAML is a diagnostic, and the body is still parsed."""
    note = parse_note("n.md", "---\ntags: [a, b\ntitle: x\n---\nbody #tag [[Link]]\n")
    (problem,) = note.problems
    assert problem.code == "bad-front-matter" and problem.position.line >= 2
    assert [t.name for t in note.tags] == ["tag"] and [l.target for l in note.links] == ["Link"]


def test_unclosed_frontmatter_is_not_frontmatter():
    """Front matter needs its closing `---` (obsidiantools' not-frontmatter cases)."""
    note = parse_note("n.md", "---\ntags: [a]\n\nbody #tag\n")
    assert note.frontmatter == {} and [t.name for t in note.tags] == ["tag"]


def test_units_are_paragraphs_and_list_items_own_text():
    """A unit is a paragraph or a list item's own text, not its children."""
    text = "Para one\ncontinues #a\n\n- item #b\n  lazy line\n  - child #c\n"
    note = parse_note("n.md", text)
    assert [(u.kind, u.text, u.position.line, [t.name for t in u.tags]) for u in note.units] == [
        ("paragraph", "Para one\ncontinues #a", 1, ["a"]),
        ("list_item", "item #b\nlazy line", 4, ["b"]),
        ("list_item", "child #c", 6, ["c"]),
    ]


def test_crlf_and_bom_give_the_same_positions_as_lf():
    """CRLF line ends and a UTF-8 BOM must not shift lines or columns."""
    lf = "# T\n\n- a #x [[L]]\n\tb ^id\n"
    variants = [lf, lf.replace("\n", "\r\n"), "\ufeff" + lf, "\ufeff" + lf.replace("\n", "\r\n")]
    facts = []
    for text in variants:
        note = parse_note("n.md", text)
        facts.append(
            (
                [(t.name, t.position) for t in note.tags],
                [(l.target, l.position, l.end_column) for l in note.links],
                [(h.text, h.position) for h in note.headings],
                [(b.id, b.position) for b in note.blocks],
                [(u.text, u.position) for u in note.units],
            )
        )
    assert all(f == facts[0] for f in facts)
    assert facts[0][0][0][1].column == 5


def _tree(text: str):
    note = parse_note("n.md", text)
    return note, [
        (u.kind, u.text, u.position.line, u.position.column, u.container, u.paragraph, u.block, u.section)
        for u in note.units
    ]


def test_list_items_know_their_parent_their_previous_sibling_and_their_paragraphs():
    """CommonMark list items: a child list is nested in its item; a paragraph indented under an item
    after a blank line is that item's second paragraph (paragraph index 1); siblings share a list."""
    note, units = _tree("- a\n    - b\n        - c\n\n  second of a\n- d\n")
    assert units == [
        ("list_item", "a", 1, 3, 0, 0, 0, None),
        ("list_item", "b", 2, 7, 1, 0, 0, None),
        ("list_item", "c", 3, 11, 2, 0, 0, None),
        ("paragraph", "second of a", 5, 3, 0, 1, 0, None),
        ("list_item", "d", 6, 3, 3, 0, 0, None),
    ]
    assert [(c.kind, c.parent, c.previous, c.depth, c.position.line, c.position.column) for c in note.containers] == [
        ("list_item", None, None, 1, 1, 1),
        ("list_item", 0, None, 2, 2, 5),
        ("list_item", 1, None, 3, 3, 9),
        ("list_item", None, 0, 1, 6, 1),
    ]


def test_headings_are_units_and_each_unit_knows_its_section():
    """A heading is a unit (its text without the `#` marks); every unit after it, also inside list
    items as the seed note writes them, is in its section until the next heading."""
    note, units = _tree("intro\n\n## A #hypothesis x\n- ### B\n\t- in B\n\nSetext\n---\n")
    assert units == [
        ("paragraph", "intro", 1, 1, None, 0, 0, None),
        ("heading", "A #hypothesis x", 3, 4, None, 0, 1, 1),
        ("heading", "B", 4, 7, 0, 0, 2, 2),
        ("list_item", "in B", 5, 4, 1, 0, 2, 2),
        ("heading", "Setext", 7, 1, None, 0, 3, 4),
    ]
    assert [u.level for u in note.units] == [0, 2, 3, 0, 2]
    assert [note.units[u.section].level if u.section is not None else 0 for u in note.units] == [0, 2, 3, 3, 2]
    assert [t.name for t in note.units[1].tags] == ["hypothesis"]


def test_table_rows_are_units():
    """GFM tables: each row (header and body, not the delimiter row) is a unit holding its cells."""
    note, units = _tree("| a | b |\n|---|---|\n| #hypothesis x | #explanation y |\n")
    assert units == [
        ("table_row", "| a | b |", 1, 1, None, 0, 0, None),
        ("table_row", "| #hypothesis x | #explanation y |", 3, 1, None, 0, 0, None),
    ]
    assert [t.name for t in note.units[1].tags] == ["hypothesis", "explanation"]


def test_callout_marker_is_not_text_and_the_type_is_kept():
    """HELP Callouts: `> [!type]` starts a callout, `+`/`-` after the type makes it foldable; the
    title follows on the same line. The marker is not part of the unit's text."""
    note, units = _tree("> [!faq]- Are callouts foldable? #wonder\n> Yes!\n>\n> second\n\n> plain quote\n")
    assert units == [
        ("paragraph", "Are callouts foldable? #wonder\nYes!", 1, 11, 0, 0, 0, None),
        ("paragraph", "second", 4, 3, 0, 1, 0, None),
        ("paragraph", "plain quote", 6, 3, 1, 0, 1, None),
    ]
    assert [(c.kind, c.callout) for c in note.containers] == [("quote", "faq"), ("quote", None)]
    only_marker = parse_note("n.md", "> [!note]\n> body #tag\n")
    assert [(u.text, u.position.line, u.position.column) for u in only_marker.units] == [("body #tag", 2, 3)]


def test_task_items_keep_their_checkbox_state_and_lose_the_box():
    """HELP Basic formatting syntax, Task lists: `- [ ]` is open, `- [x]` done, and any character
    inside the brackets marks a task complete. A box is only a box at the start of an item."""
    note, units = _tree("- [ ] open #hypothesis a\n- [x] done\n- [?] also done\n- not [x] a task\n1. [X] numbered\n")
    assert [u[1] for u in units] == ["open #hypothesis a", "done", "also done", "not [x] a task", "numbered"]
    assert [u.position.column for u in note.units] == [7, 7, 7, 3, 8]
    assert [(c.task, c.ticked) for c in note.containers] == [
        (" ", False),
        ("x", True),
        ("?", True),
        (None, False),
        ("X", True),
    ]
