"""Link scanners: wiki-links, embeds, Markdown links, obsidian:// URIs (rules 8-11, 16-19, 22-23)."""

from __future__ import annotations

from vaulttool.parse import parse_note


def links(text: str):
    return parse_note("Folder/n.md", text).links


def test_wiki_link_parts():
    """Rule 11 / 19 (HELP Internal links): `[[Note#H|display]]`; the subpath starts at the first `#`."""
    (link,) = links("see [[Membrane Potential#Resting#Ions|the potential]]")
    assert (link.kind, link.target, link.subpath, link.display, link.embed) == (
        "wiki",
        "Membrane Potential",
        "Resting#Ions",
        "the potential",
        False,
    )


def test_wiki_link_escaped_pipe_in_table():
    """Rule 11: inside a table the pipe is escaped: `[[Note\\|display]]`."""
    (link,) = links("| a | [[Note\\|shown]] |\n|---|---|\n")
    assert (link.target, link.display) == ("Note", "shown")


def test_single_bracket_does_not_end_target():
    """Rule 11 (OBS #1358): `[[Sq]uare]]` links to `Sq]uare`."""
    (link,) = links("[[Sq]uare]]")
    assert link.target == "Sq]uare"


def test_padded_and_same_note_links():
    """obsidian-export's `[[ foo ]]` is `foo`; rule 17: `[[#Heading]]` and `[[#^id]]` are in the same note."""
    found = links("[[ foo ]] [[#Heading]] [[#^abc-1]]")
    assert [(l.target, l.subpath) for l in found] == [("foo", None), ("", "Heading"), ("", "^abc-1")]


def test_embeds():
    """Rule 22 (HELP Embed files): `![[…]]` with size or page, and `![alt](path)`."""
    found = links("![[img.png|100x145]] ![[doc.pdf#page=3]] ![alt](pics/a%20b.png)")
    assert [(l.embed, l.target, l.subpath, l.display) for l in found] == [
        (True, "img.png", None, "100x145"),
        (True, "doc.pdf", "page=3", None),
        (True, "pics/a b.png", None, "alt"),
    ]


def test_markdown_links_are_percent_decoded():
    """Rule 8: `[t](Note%20x.md)` and `[t](<Note x.md>)` are the same link."""
    found = links("[a](Note%20x.md) [b](<Note x.md>) [c](Note%20x.md#Some%20Heading)")
    assert [(l.kind, l.target, l.subpath) for l in found] == [
        ("markdown", "Note x.md", None),
        ("markdown", "Note x.md", None),
        ("markdown", "Note x.md", "Some Heading"),
    ]


def test_external_and_uri_links():
    """Rule 23: obsidian:// URIs carry a vault and a file; other schemes are external."""
    found = links(
        "[web](https://example.org/a#b) [m](mailto:a@b.c) "
        "[o](obsidian://open?vault=My%20Vault&file=Neuro%2FNote%20A%23Heading) "
        "obsidian://vault/My%20Vault/Neuro/Note%20B"
    )
    assert [(l.kind, l.target, l.subpath, l.vault) for l in found] == [
        ("external", "https://example.org/a#b", None, None),
        ("external", "mailto:a@b.c", None, None),
        ("uri", "Neuro/Note A", "Heading", "My Vault"),
        ("uri", "Neuro/Note B", None, "My Vault"),
    ]


def test_uri_plus_is_not_a_space():
    """Obsidian encodes spaces as %20: a literal `+` in a file name stays a plus."""
    (link,) = links("[x](obsidian://open?vault=V&file=C%2B%2B+notes)")
    assert link.target == "C++ notes".replace(" ", "+")


def test_no_links_inside_code_math_or_comments():
    """Rule 6 (decision): nothing inside code, math or comments is a link."""
    text = "`[[a]]` $[[b]]$ %%[[c]]%% <!-- [[d]] -->\n\n```\n[[e]] [f](g.md)\n```\n\n    [[h]]\n\n[[real]]\n"
    assert [l.target for l in links(text)] == ["real"]


def test_frontmatter_links():
    """Rule 16 (HELP Properties): links inside front-matter properties are links too."""
    note = parse_note("n.md", '---\nup: "[[Index]]"\nrelated: ["[[A]]", "[[B#H]]"]\n---\n[[Body]]\n')
    assert [(l.target, l.in_frontmatter, l.position.line) for l in note.links] == [
        ("Index", True, 2),
        ("A", True, 3),
        ("B", True, 3),
        ("Body", False, 5),
    ]


def test_wiki_url_is_a_note_link():
    """Rule 18 (OBS #1358): `[[https://…]]` is an unresolved note link, not a URL."""
    (link,) = links("[[https://example.org]]")
    assert (link.kind, link.target) == ("wiki", "https://example.org")


def test_unclosed_wiki_link_is_no_link():
    """obsidian-export's unclosed `[[` case: text, not a link."""
    assert links("an [[unclosed link\nand text") == ()


def test_link_positions_and_end_columns():
    text = "é [[A]] and [b](B.md)"
    found = links(text)
    for link in found:
        start = link.position.column - 1
        assert text[start : link.end_column - 1] == link.raw
