"""HTML in notes (issue 11, item 3): an HTML block holds no Markdown, an inline tag's attributes
are not text. Source: HELP `Editing and formatting/HTML content.md` ("Obsidian does not render
Markdown syntax inside HTML elements"; "HTML blocks must be self-contained … Blank lines will
break the HTML block"), which is CommonMark's HTML block (spec 4.6) and raw HTML (spec 6.6)."""

from __future__ import annotations

from vaulttool.analyse.lifecycle import extract
from vaulttool.parse import parse_note


def test_nothing_inside_an_html_block_is_a_link_tag_or_item():
    """HELP HTML content: `<div>This **will not** be bold …</div>`; the same for a link, a tag and
    a lifecycle item; `<details>` too. After the block's blank line, Markdown is read again."""
    text = (
        "<div>\n#notag [[NoLink]] #hypothesis inside a div\n</div>\n\n"
        "<details><summary>More</summary>\n#hidden [x](Hidden.md)\n</details>\n\n"
        "after #real [[Real]] #hypothesis outside\n"
    )
    parsed = parse_note("n.md", text)
    assert [t.name for t in parsed.tags] == ["real", "hypothesis"]
    assert [l.target for l in parsed.links] == ["Real"]
    assert [(i.position.line, i.kind) for i in extract(parsed)] == [(9, "hypothesis")]


def test_a_blank_line_ends_the_html_block():
    """HELP HTML content: blank lines break an HTML block, so what follows one is Markdown."""
    parsed = parse_note("n.md", "<div>\n#hidden\n\n#shown [[Shown]]\n</div>\n")
    assert [t.name for t in parsed.tags] == ["shown"]
    assert [l.target for l in parsed.links] == ["Shown"]


def test_inline_html_attributes_are_not_text():
    """A Highlightr colour `<mark style="background: #FFF3A3A6;">` (a `#` after a space, inside
    the attribute) is no tag; the text between the tags is text, so a tag there counts; a
    `title="[[x]]"` attribute is no link."""
    text = (
        '<mark style="background: #FFF3A3A6;">Highlighted #real</mark> and '
        '<span title="[[NoLink]] #no">text [[Yes]]</span>\n'
    )
    parsed = parse_note("n.md", text)
    assert [t.name for t in parsed.tags] == ["real"]
    assert [l.target for l in parsed.links] == ["Yes"]


def test_an_attribute_may_span_lines_but_not_a_blank_one():
    """CommonMark 6.6: white space in a tag may hold one line ending, not a blank line."""
    spans_lines = parse_note("n.md", 'a <span\nstyle="color: #FF0000">x</span>\n')
    assert spans_lines.tags == ()
    broken = parse_note("n.md", 'a <span\n\nstyle="x" #tag>\n')
    assert [t.name for t in broken.tags] == ["tag"]


def test_autolinks_and_link_destinations_are_not_html():
    """CommonMark: `<https://…>` is an autolink and `[t](<Note x.md>)` a link destination, not
    tags (rule 8 of OBSIDIAN_RULES.md: the second is a link to `Note x.md`)."""
    parsed = parse_note("n.md", "[t](<Note x.md>) <obsidian://open?vault=V&file=A> #tag\n")
    assert [(l.kind, l.target) for l in parsed.links] == [("markdown", "Note x.md"), ("uri", "A")]
    assert [t.name for t in parsed.tags] == ["tag"]
