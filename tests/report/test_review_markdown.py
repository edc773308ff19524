"""The Markdown review sheet: Obsidian callouts, the source as a wiki-link, and nothing from a note
that Obsidian would run or follow (raw HTML shows as text; `javascript:` links are no links).

Callout syntax: Obsidian help, "Callouts" (`> [!type]- Title` folds the callout); wiki-links:
"Internal links" (`[[path|display]]`)."""

from __future__ import annotations

import re

from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_support import HOSTILE_NOTE, hostile_vault  # noqa: F401 - a fixture

from conftest import SEED_IN_VAULT, VAULT
from vaulttool.cli import main


def review(*args: str) -> str:
    result = CliRunner().invoke(main, ["review", *args])
    assert result.exit_code == 0, result.output
    return result.output


def callouts(text: str) -> list[str]:
    """Each callout: its consecutive `>` lines."""
    return re.findall(r"^> \[!.*?(?=\n(?!>)|\Z)", text, re.DOTALL | re.MULTILINE)


def test_seed_corrected_claim_as_a_folded_callout(untouched_vault):
    text = review(str(VAULT))
    (card,) = [c for c in callouts(text) if f"`{SEED_IN_VAULT}:5`" in c]
    lines = card.split("\n")
    assert lines[0] == "> [!failure]- Corrected claim: A membrane potential is measured as follows : ~~V_out - V_in~~"
    assert "> **First guess:** ~~V_out - V_in~~" in lines
    assert "> **Correction:** V_in-V_out" in lines
    wiki = "[[" + SEED_IN_VAULT[:-3] + "|Ionic Basis of the Resting Membrane Potential, part 1]]"
    assert lines[-1].startswith(
        f"> Source: {wiki} · `{SEED_IN_VAULT}:5` · [open in Obsidian](obsidian://open?vault=Obsidian%20Vault&file="
    )


def test_categories_and_headings():
    text = review(str(VAULT), "--include", "corrected,partial,verified,open")
    assert text.startswith("---\nvaulttool: generated\n---\n# Review: Obsidian Vault\n")
    kinds = {re.match(r"> \[!(\w+)\]-", c).group(1) for c in callouts(text)}
    assert kinds == {"failure", "warning", "success", "question"}
    assert "## Ionic Basis of the Resting Membrane Potential, part 1\n" in text
    only_open = review(str(VAULT), "--include", "open")
    assert {re.match(r"> \[!(\w+)\]-", c).group(1) for c in callouts(only_open)} == {"question"}


def test_deck_names_the_sheet():
    assert "\n# Review: Neuro exam\n" in review(str(VAULT), "--deck", "Neuro exam")


def test_hostile_note_is_inert_text(hostile_vault):  # noqa: F811
    text = review(str(hostile_vault), "--include", "corrected,partial,verified,open")
    assert "<script" not in text and "<img" not in text and "<iframe" not in text and "<b " not in text
    assert '&lt;script&gt;document.title = "pwned"&lt;/script&gt;' in text
    assert "javascript:" not in text  # the link shows as its text only
    assert "a link is clickable" in text
    assert len(callouts(text)) == HOSTILE_NOTE.count("- ") + 1  # three items + the note named like a tag


def test_deterministic():
    assert review(str(VAULT)) == review(str(VAULT))
    assert "generated" in review(str(VAULT), "--timestamp")


def test_relative_image_links_are_rooted_at_the_vault(make_vault):
    """Rule 9: `./images/a b.png` is relative to the note's folder; on a sheet printed to standard
    output it must name the file from the vault root, where Obsidian resolves a path without `./`."""
    root = make_vault(
        {
            "Neuro/Pumps.md": "- #hypothesis : pumps #explanation : no, see ![d](./images/a%20b.png) and [up](../Index.md#Top)\n",
            "Neuro/images/a b.png": b"\x89PNG\r\n\x1a\n",
            "Index.md": "# Top\n",
        }
    )
    text = review(str(root))
    assert "![d](Neuro/images/a%20b.png)" in text and "[up](Index.md#Top)" in text


def test_a_file_name_cannot_break_out_of_the_source_line(make_vault):
    """Issue 16: a backtick or bracket in a file name stays inside the Source line's code span and
    link (CommonMark 6.1: a code span closes only at a backtick run of its own length)."""
    root = make_vault({"a`b] [[x]].md": "- #hypothesis : x #explanation : no, y\n"})
    (source,) = [line for line in review(str(root)).splitlines() if line.startswith("> Source:")]
    tokens = MarkdownIt("commonmark").parseInline(source[2:])[0].children
    assert [t.content for t in tokens if t.type == "code_inline"] == ["a`b] [[x]].md:1"]
    assert [t.attrs["href"] for t in tokens if t.type == "link_open"] == [
        "a%60b%5D%20%5B%5Bx%5D%5D.md",
        "obsidian://open?vault=vault&file=a%60b%5D%20%5B%5Bx%5D%5D",
    ]


def test_status_markdown_is_inert(hostile_vault):  # noqa: F811
    result = CliRunner().invoke(main, ["status", str(hostile_vault), "--all", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    for raw in ("<script", "<img", "<iframe", "<b ", "javascript:"):
        assert raw not in result.output
    assert "&lt;script&gt;" in result.output
