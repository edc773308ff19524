"""Tag scanner: each test names the rule of OBSIDIAN_RULES.md (and Obsidian's help) it checks."""

from __future__ import annotations

import pytest

from vaulttool.parse import parse_note


def body_tags(text: str) -> list[str]:
    return [t.name for t in parse_note("n.md", text).tags if t.source == "body"]


def test_tag_ends_at_punctuation():
    """Rule 1 (HELP Tags): a tag ends at the first character outside letters, digits, _ - /."""
    assert body_tags("see #review, then #to_verify: and #a-b/c.") == ["review", "to_verify", "a-b/c"]


def test_tag_allows_any_script_and_emoji():
    """Rule 1: letters of any script and emoji are tag characters."""
    assert body_tags("#neurobiologie #нейрон #ニューロン #🧠brain") == [
        "neurobiologie",
        "нейрон",
        "ニューロン",
        "🧠brain",
    ]


@pytest.mark.parametrize(
    ("text", "expected"), [("#1984", []), ("#y1984", ["y1984"]), ("#123a", ["123a"]), ("#2025/06", [])]
)
def test_tag_needs_a_non_digit(text, expected):
    """Rule 2 (HELP Tags): at least one non-numerical character: #1984 is no tag, #y1984 is."""
    assert body_tags(text) == expected


@pytest.mark.parametrize("text", ["a#b", "https://x.org/#frag", "(#x)", "/#x", "\\#escaped", "word#tag"])
def test_hash_after_non_space_is_no_tag(text):
    """Rule 5: a `#` preceded by a non-space character is no tag; `\\#x` is escaped."""
    assert body_tags(text) == []


def test_nested_tags_keep_their_path():
    """Rule 4 (HELP Tags): nested tags use `/`."""
    assert body_tags("#neuro/synapse/chemical") == ["neuro/synapse/chemical"]


def test_nothing_inside_code_math_or_comments_is_a_tag():
    """Rule 6 (decision): code spans, fenced and indented code, math and comments hide tags."""
    text = (
        "`#inline` and $#math$ and %%#comment%% and <!-- #html -->\n\n"
        "```python\n#fenced\n```\n\n"
        "    #indented code\n\n"
        "$$\n#display\n$$\n\n"
        "%%\n#multi-line comment\n%%\n\n"
        "real #tag\n"
    )
    assert body_tags(text) == ["tag"]


def test_fence_info_and_heading_marks_are_no_tags():
    """Rule 6: a fence's info string is no tag; a heading's `#` marks are no tag, a tag in it is."""
    text = "# Heading #intitle\n\n## Second\n\n```#notag\nx\n```\n"
    assert body_tags(text) == ["intitle"]


def test_tag_position_is_the_hash():
    """Positions are 1-based line and column of the `#`, in characters."""
    note = parse_note("d/n.md", "first\n\tcafé #tag\n")
    tag = note.tags[0]
    assert (tag.position.path, tag.position.line, tag.position.column) == ("d/n.md", 2, 7)


def test_tag_right_after_code_span_is_no_tag():
    """Rule 5: the character before `#` is read in the original text (a backtick is not a space)."""
    assert body_tags("`code`#tag and `code` #real") == ["real"]


def test_frontmatter_tags_list_and_string():
    """Rule 7 (HELP Properties): `tags:` as a YAML list or an old comma/space string, `#` optional.
    The singular `tag:` is no longer read (tests/parse/test_frontmatter_fidelity.py)."""
    as_list = parse_note("n.md", "---\ntags:\n  - neuro\n  - '#physio/ions'\n---\nbody\n")
    assert [(t.name, t.source) for t in as_list.tags] == [("neuro", "frontmatter"), ("physio/ions", "frontmatter")]
    as_string = parse_note("n.md", "---\ntags: neuro, physio exam\n---\n")
    assert [t.name for t in as_string.tags] == ["neuro", "physio", "exam"]


def test_frontmatter_tag_positions_point_at_the_value():
    note = parse_note("n.md", "---\ntitle: x\ntags: [alpha, beta]\n---\n")
    lines = "---\ntitle: x\ntags: [alpha, beta]\n---\n".split("\n")
    for tag in note.tags:
        line = lines[tag.position.line - 1]
        assert line[tag.position.column - 1 :].startswith(tag.name)


def test_hashtags_in_other_properties_are_not_tags():
    """Rule 7: hashtags inside other text properties are not tags."""
    note = parse_note("n.md", "---\ntitle: 'about #notatag'\n---\n")
    assert note.tags == ()


# Where a tag can start (issue 11, item 5). Sources: Obsidian's tag pattern, copied from the
# shipped app.js of Obsidian 1.13.7 into an Obsidian MCP plugin's record guard ("`#` then one or
# more characters outside U+2000–U+206F, U+2E00–U+2E7F, whitespace and
# '!"#$%&()*+,.:;<=>?@^`{|}~[]\\` …; Obsidian's locator accepts a `#` after whitespace or at the
# start of an inline chunk, which is also right inside an emphasis, strike or highlight delimiter
# (`**#record**`, `_#record_`, `~~#record~~`, `==#record==`)"; a `#` after `a_` opens no emphasis
# and is no tag); issue 11's measurements of Obsidian 1.13: `#a#b` is two tags, a table cell's
# `|` starts a chunk.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#a#b", ["a", "b"]),
        ("#neuro#synapse/chemical", ["neuro", "synapse/chemical"]),
        ("| #idea | x|#other |", ["idea", "other"]),
        ("_#idea_ and __#bold__", ["idea", "bold"]),
        ("**#idea** *#em*", ["idea", "em"]),
        ("~~#struck~~ ==#marked==", ["struck", "marked"]),
    ],
)
def test_tag_starts_after_a_chunk_boundary(text, expected):
    """A tag starts where an inline chunk starts: after a table pipe, inside emphasis, strike and
    highlight delimiters (whose closing `_` is no part of the tag), or where another tag ends."""
    assert body_tags(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a#b",
        "x_#no",
        "https://x.org/page#frag",
        "https://x.org/_#frag",
        "[[Note#Heading]]",
        "[t](Note.md#Heading)",
        "#1984#a",
        "\\|#x",
    ],
)
def test_tag_never_starts_after_a_letter_digit_url_or_link_target(text):
    """Rule 5 still holds: after a letter or digit (`a#b`), in a URL, inside a link target, after
    a delimiter that opens no emphasis (`x_#no`) or after an escaped pipe, a `#` is no tag.
    Decision: the end of `#1984`, which is no tag, is no place a tag starts either."""
    assert body_tags(text) == []
