"""Front matter as current Obsidian reads it (issue 11, items 2, 4, 8) and as hostile input
(issue 16): links from parsed YAML values, template placeholders, recovery from broken YAML,
deprecated keys, and YAML that tries to hang or crash the reader."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaulttool.parse import normalize, parse_note


def note(yaml: str):
    return parse_note("n.md", f"---\n{yaml}---\nbody\n")


def problems(parsed) -> list[tuple[int, str]]:
    return [(p.position.line, p.code) for p in parsed.problems]


def property_links(parsed) -> list[tuple[str, int, int]]:
    return [(l.target, l.position.line, l.position.column) for l in parsed.links if l.in_frontmatter]


# Links in properties (issue 11, item 2)


def test_a_property_link_is_a_quoted_string_value_that_is_a_whole_link():
    """HELP `Editing and formatting/Properties.md`, Text and List: "Internal links in text
    properties must be surrounded with quotes" (`link: "[[Episode IV]]"`, list items
    `- "[[Link]]"`). A value that is a link gives the link, positioned at its `[[`; text around a
    link, a YAML comment, and a key are no property link."""
    parsed = note(
        'link: "[[Episode IV]]"\n'
        "links:\n"
        '  - "[[Link]]"\n'
        "  - '[[Link2#Heading|shown]]'\n"
        'note: "see [[Not a link]] here"\n'
        '# up: "[[Commented]]"\n'
        'cover: "![[cover.png]]"\n'
    )
    assert property_links(parsed) == [("Episode IV", 2, 8), ("Link", 4, 6), ("Link2", 5, 6), ("cover.png", 8, 9)]
    heading = next(l for l in parsed.links if l.target == "Link2")
    assert (heading.subpath, heading.display, heading.raw) == ("Heading", "shown", "[[Link2#Heading|shown]]")
    assert parsed.problems == ()


def test_an_unquoted_link_is_a_nested_yaml_list_and_a_warning():
    """HELP Properties: links in properties must be quoted, because unquoted `[[Note]]` is YAML
    for a list inside a list (the YAML 1.1 flow sequence; silverbullet #1000: "values without
    those quotes are parsed by YAML as doubly nested links"). No link, an
    `unquoted-property-link` warning at the `[[`, and the value stays what YAML says it is."""
    parsed = note('related: [[Note]]\nlist:\n  - [[Other]]\n  - "[[Fine]]"\n')
    assert property_links(parsed) == [("Fine", 5, 6)]
    assert [(p.position.line, p.position.column, p.code, p.severity.value) for p in parsed.problems] == [
        (2, 10, "unquoted-property-link", "warning"),
        (4, 5, "unquoted-property-link", "warning"),
    ]
    assert parsed.problems[0].hint == 'write it in quotes: "[[Note]]"'
    assert parsed.frontmatter["related"] == [["Note"]]


def test_unquoted_links_separated_by_commas_are_a_yaml_error_with_a_hint():
    """`related: [[A]], [[B]]` is not YAML at all (a flow sequence followed by more text): the
    property is left out, the problem says so at that line, with the fix as hint."""
    parsed = note("title: x\nrelated: [[A]], [[B]]\n")
    (problem,) = parsed.problems
    assert (problem.position.line, problem.code) == (3, "bad-front-matter")
    assert problem.hint == 'put each link in quotes: "[[Note]]"'
    assert parsed.frontmatter == {"title": "x"}


# Template placeholders (issue 11, item 4)


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        ("created: {{date}}\n", {"created": "{{date}}"}),
        ("created: {{date:YYYY-MM-DD}}\n", {"created": "{{date:YYYY-MM-DD}}"}),
        ("tags:\n  - {{citekey}}\n  - paper\n", {"tags": ["{{citekey}}", "paper"]}),
        ("aliases: [<% tp.file.title %>]\n", {"aliases": ["<% tp.file.title %>"]}),
        ("title: {{title}} notes\n", {"title": "{{title}} notes"}),
        ('quoted: "x {{y}}"\n', {"quoted": "x {{y}}"}),
        ("{{ foo }}: bar\n", {"{{ foo }}": "bar"}),
        ('day: <% tp.date.now("YYYY-MM-DD") %>\n', {"day": '<% tp.date.now("YYYY-MM-DD") %>'}),
    ],
)
def test_template_placeholders_are_text_anywhere(yaml, expected):
    """Templates are notes too: the core Templates plugin writes `{{date}}`, `{{title}}` (HELP
    `Plugins/Templates.md`), Templater `<% tp.file.title %>`, citation plugins `{{citekey}}`;
    kepano-obsidian's templates have `created: {{date}}`. Unquoted, `{{date}}` would be a YAML
    flow mapping with an unhashable key; vaulttool reads every placeholder as the text it is,
    in values, list items and keys, and reports nothing."""
    parsed = note(yaml)
    assert parsed.frontmatter == expected
    assert parsed.problems == ()


def test_a_placeholder_in_a_tag_list_is_no_tag():
    """HELP Tags: a tag holds letters, digits, `_`, `-`, `/` only, so `{{citekey}}` is no tag."""
    parsed = note("tags:\n  - {{citekey}}\n  - paper\n")
    assert [t.name for t in parsed.tags] == ["paper"]


# Broken YAML keeps what it can (issue 11, item 4)


def test_broken_yaml_keeps_every_other_property_and_says_which_line_broke():
    """Issue 11, item 4 (a decision: Obsidian itself then shows no properties at all): a property
    whose YAML is broken is left out with a `bad-front-matter` error at its line; every other
    property, tag, alias and link is kept, so `created` still dates the note's items."""
    parsed = note('created: 2025-06-17\ntags: [a, b\naliases: [RMP]\nup: "[[Index]]"\n')
    assert problems(parsed) == [(3, "bad-front-matter")]
    assert parsed.frontmatter["created"].isoformat() == "2025-06-17"
    assert "tags" not in parsed.frontmatter
    assert [a.name for a in parsed.aliases] == ["RMP"]
    assert property_links(parsed) == [("Index", 5, 6)]


def test_a_line_that_is_no_property_is_named():
    """obsidiantools' invalid-frontmatter_1.md: `test: 'a'` then a bare `___` line."""
    parsed = note("test: 'a'\n\n___\n")
    assert parsed.frontmatter == {"test": "a"}
    assert problems(parsed) == [(4, "bad-front-matter")]
    assert "not a property" in parsed.problems[0].message


# Deprecated keys (issue 11, item 8)


def test_tag_alias_and_cssclass_are_no_longer_read():
    """Obsidian 1.9.0's changelog, "Breaking changes": "We have officially removed support for the
    properties `tag`, `alias`, `cssclass` in favor of `tags`, `aliases` and `cssclasses`" (quoted
    in quartz issue #1987 and obsidian-tasks' "Missing tags, aliases and cssclasses" page, which
    also observes that `TAGS` is still read); HELP Properties, Deprecated properties. So `tag:` and
    `alias:` give no tag and no alias, each a `deprecated-property` warning at its key."""
    parsed = note("tag: old\nalias: Old name\ncssclass: wide\nTAGS: [kept]\n")
    assert [t.name for t in parsed.tags] == ["kept"]
    assert parsed.aliases == ()
    assert [(p.position.line, p.position.column, p.code, p.severity.value) for p in parsed.problems] == [
        (2, 1, "deprecated-property", "warning"),
        (3, 1, "deprecated-property", "warning"),
        (4, 1, "deprecated-property", "warning"),
    ]
    assert parsed.problems[0].hint == 'rename it "tags" and make its value a list'


# Hostile YAML (issue 16): each a positioned one-line problem, never an exception or a hang

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "kept: yes\n"
)


@pytest.mark.parametrize(
    ("yaml", "line", "words"),
    [
        ("loop: &x [*x]\nkept: yes\n", 2, "recursive alias"),
        ("loop: &x {self: *x}\nkept: yes\n", 2, "recursive alias"),
        ("day: 2024-02-30\nkept: yes\n", 2, "day is out of range for month"),
        ("at: 2024-01-01 25:00:00\nkept: yes\n", 2, "hour must be in 0..23"),
        ("list:\n  - 2024-13-01\nkept: yes\n", 3, "month must be in 1..12"),
        ("n: !!int abc\nkept: yes\n", 2, "cannot be read"),
        ("n: !!int\nkept: yes\n", 2, "cannot be read"),
        ("t: !!timestamp abc\nkept: yes\n", 2, "cannot be read"),
        ("obj: !!python/object:os.system x\nkept: yes\n", 2, "could not determine a constructor"),
        ("huge: " + "9" * 5000 + "\nkept: yes\n", 2, "cannot be read"),
        ("control: x\x01y\nkept: yes\n", 2, "unacceptable character"),
        ("deep: " + "[" * 200 + "]" * 200 + "\nkept: yes\n", 2, "nests deeper than"),
        # PyYAML >= 6.0.4's C parser stops this one first ("maximum nesting depth"); older releases
        # (the declared minimum, 6.0) parse it and our own limit leaves it out ("nests deeper than")
        ("deeper: " + "[" * 5000 + "]" * 5000 + "\nkept: yes\n", 2, ("maximum nesting depth", "nests deeper than")),
    ],
)
def test_hostile_yaml_is_one_positioned_problem_and_the_rest_is_kept(yaml, line, words):
    """Issue 16: a recursive alias, a date or time that does not exist (the Gregorian calendar has
    no 30 February, a day no hour 25, a year no month 13), an odd-typed value (`!!int abc`, a
    Python object tag, an integer past Python's 4300-digit limit) or deep nesting: one
    `bad-front-matter` error at the value's line, the other properties kept, and the note still
    pickles (the parse cache and worker processes pickle it)."""
    parsed = note(yaml)
    assert problems(parsed) == [(line, "bad-front-matter")]
    wordings = (words,) if isinstance(words, str) else words
    assert any(wording in parsed.problems[0].message for wording in wordings)
    assert parsed.frontmatter["kept"] is True
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def test_yaml_1_1_line_breaks_are_text():
    """U+0085, U+2028 and U+2029 break lines in YAML 1.1 only (YAML 1.2, section 5.4, made them
    ordinary characters); a note's lines end at a newline, so positions after them stay right."""
    parsed = note('title: a\x85b\u2028c\nup: "[[Index]]"\n')
    assert parsed.frontmatter["title"] == "a\x85b\u2028c" and parsed.problems == ()
    assert property_links(parsed) == [("Index", 3, 6)]


def test_an_alias_bomb_is_bounded():
    """Issue 16, "billion laughs": nine aliases of nine aliases … expand to 9^9 values. Values
    that would expand past the bound are left out, one problem each at their key; the ones below
    it, and the rest of the note, are kept."""
    parsed = note(BOMB)
    assert parsed.frontmatter["kept"] is True
    assert {"a", "b", "c", "d"} <= set(parsed.frontmatter)
    assert problems(parsed) == [(line, "bad-front-matter") for line in range(6, 11)]
    assert all("alias bomb" in p.message for p in parsed.problems)


def test_a_long_flat_list_is_bounded_as_any_value():
    """A list of plain values is kept without a walk of its nodes, up to the same bound: a list and
    its values count as one value each, so 9,999 values are kept and 10,000 are one too many."""
    from vaulttool.parse.yaml_reader import MAX_VALUES

    kept = note("tags: [" + ", ".join(["a"] * (MAX_VALUES - 1)) + "]\nx: 1\n")
    assert kept.problems == () and len(kept.frontmatter["tags"]) == MAX_VALUES - 1
    over = note("tags: [" + ", ".join(["a"] * MAX_VALUES) + "]\nx: 1\n")
    assert problems(over) == [(2, "bad-front-matter")] and "alias bomb" in over.problems[0].message
    assert "tags" not in over.frontmatter and over.frontmatter["x"] == 1


def test_a_root_that_is_no_mapping_is_one_problem():
    """HELP Properties: front matter is a set of `key: value` properties."""
    for yaml in ("just text\n", "- a\n- b\n"):
        parsed = note(yaml)
        assert problems(parsed) == [(2, "bad-front-matter")] and parsed.frontmatter == {}


YAML_PIECES = st.sampled_from(
    [
        "a: ",
        "tags: ",
        "aliases: ",
        "tag: ",
        "related: ",
        "- ",
        "  ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        "[[",
        "]]",
        ",",
        ":",
        '"',
        "'",
        "&x ",
        "*x",
        "!!int ",
        "!!float ",
        "!!timestamp ",
        "!!binary ",
        "!!set ",
        "!!omap ",
        "!!bool ",
        "!!python/object ",
        "2024-02-30",
        "25:00:00",
        "{{date}}",
        "<% tp.file.title %>",
        "#",
        "|",
        ">",
        "? ",
        "x",
        "é",
        "🧠",
        "---",
        "...",
        "\t",
        "%YAML 1.1",
        "<<: ",
        "9" * 50,
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_any_front_matter_parses_and_its_findings_point_inside_it(yaml):
    """Issue 16: whatever the YAML, parsing never raises; every problem and every property link
    is positioned on a line of the front matter, and a link's text is there as written."""
    text = f"---\n{yaml}\n---\nbody\n"
    parsed = parse_note("n.md", text)
    lines = normalize(text).split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i] == "---"), None)
    if closing is None:
        return
    for problem in parsed.problems:
        assert 2 <= problem.position.line <= closing
    for link in parsed.links:
        if link.in_frontmatter:
            assert 2 <= link.position.line <= closing
            assert lines[link.position.line - 1][link.position.column - 1 :].startswith(link.raw.split("\n")[0])


@pytest.mark.parametrize(
    "first", ["- a--b #wonder why", "- 5--10 mV #wonder why", "* x--- #wonder why", "> q--- #wonder why"]
)
@pytest.mark.parametrize("block_pass", ["markdown-it-py", "default"])
def test_dashes_in_a_first_list_item_or_quote_open_no_front_matter(first, block_pass, monkeypatch):
    """Obsidian reads front matter only from `---` alone on a note's first line (HELP `Editing and
    formatting/Properties.md`: "at the top of the file", between lines of three dashes). A first
    list item or quote whose text starts with a character and two dashes is text, tags and all:
    markdown-it-py's front matter plugin took `- a--b` for the start of front matter, and the item
    and its `#wonder` were lost."""
    import vaulttool.parse as parse_module

    if block_pass == "markdown-it-py":
        monkeypatch.setattr(parse_module, "line_layout", lambda text, index: None)
        monkeypatch.setattr(parse_module, "fast_layout", lambda text, index: None)
    parsed = parse_note("n.md", f"{first}\n- #hypothesis x\n")
    assert parsed.frontmatter == {}
    assert [(tag.name, tag.position.line) for tag in parsed.tags] == [("wonder", 1), ("hypothesis", 2)]
    assert [unit.text for unit in parsed.units] == [first[2:], "#hypothesis x"]
