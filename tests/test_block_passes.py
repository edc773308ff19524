"""The faster block passes give the notes markdown-it-py gives: a differential test, each note
read with markdown-it-py's block pass alone and with the faster pass before it, and its records
compared byte for byte, on every note of the real vaults, a generated vault and seeded random
Markdown. The line pass (`line_blocks`) reads plain notes line by line; the compiled pass
(`fast_blocks`, markdown-it-pyrs, `vaulttool[fast]`) reads most others."""

from __future__ import annotations

import random

import pytest

from conftest import MARKDOWN_PIECES, VAULT, bench_generator, corpus, records_both_ways
from vaulttool.parse import fast_blocks, source
from vaulttool.parse.source import decode_text

PASSES = [
    "line_blocks",
    pytest.param(
        "fast_blocks",
        marks=pytest.mark.skipif(not fast_blocks.available(), reason="markdown-it-pyrs is not installed"),
    ),
]
# The share of a real vault's notes a pass reads at least (the line pass leaves HTML, lists in
# quotes, tables without their end pipes and the like to a parser), so that the notes are compared
# with its reading
LEAST = {"line_blocks": 0.6, "fast_blocks": 0.8}


@pytest.mark.parametrize("faster", PASSES)
@pytest.mark.parametrize("root", [VAULT, "obsidian-help-en", "kepano-obsidian", "obsidian-export", "obsidiantools"])
def test_every_note_of_the_vaults_is_parsed_alike(root, faster, monkeypatch):
    folder = root if root == VAULT else corpus(root)
    taken = 0
    notes = sorted(folder.rglob("*.md"))
    for file in notes:
        path = file.relative_to(folder).as_posix()
        slow, quick, read = records_both_ways(path, decode_text(path, file.read_bytes())[0], faster, monkeypatch)
        assert quick == slow, path
        taken += read
    assert taken >= LEAST[faster] * len(notes)


@pytest.mark.parametrize("faster", PASSES)
def test_a_generated_vault_is_read_by_the_faster_pass_alike(faster, tmp_path, monkeypatch):
    bench_generator().generate(tmp_path / "v", 300, seed=3)
    for file in sorted((tmp_path / "v").rglob("*.md")):
        slow, quick, read = records_both_ways(file.name, file.read_text(encoding="utf-8"), faster, monkeypatch)
        assert quick == slow and read, file.name


@pytest.mark.parametrize("faster", PASSES)
def test_random_markdown_is_parsed_alike(faster, monkeypatch):
    rng = random.Random(20261130)
    for _ in range(1500):
        text = "".join(rng.choice(MARKDOWN_PIECES) for _ in range(rng.randint(1, 80)))
        slow, quick, _ = records_both_ways("n.md", text, faster, monkeypatch)
        assert quick == slow, repr(text)


def test_the_white_space_spelled_out_is_all_but_spaces_tabs_and_line_ends():
    """`ODD_SPACE` spells out the class `[^\\S \\t\\n]` (Python's `str.isspace`), for speed."""
    every = "".join(map(chr, range(0x110000)))
    spaces = [character for character in every if character.isspace() and character not in " \t\n"]
    assert source.ODD_SPACE.findall(every) == spaces == list(source.ODD_SPACES)
    assert set(source.ASCII_ODD_SPACES) == {space for space in spaces if space.isascii()}
    assert source.holds_odd_space("a\u3000b") and source.holds_odd_space("a\rb") and source.holds_odd_space("é\x0b")
    assert not source.holds_odd_space("a \t\nb") and not source.holds_odd_space("é ’ b\n")
