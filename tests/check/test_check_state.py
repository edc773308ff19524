"""`check` after a few notes were edited patches the last check (issue 15): it parses and checks
the edited notes alone, and its findings are exactly those of a check without any cache.

Expected findings are those of a full check without the cache (`--no-cache`), whose rules are
Obsidian's (tests/check/test_resolve_rules.py); here a missing note, heading or block is an
error, an answer tag that closes nothing is `orphan-answer`, and `%% vaulttool: ignore[...] %%`
opts a line out.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import corpus, patches_taken
from vaulttool.analyse import check_state
from vaulttool.cache import note_key
from vaulttool.cli import main

NOTES = {
    "Neuro/LTP.md": "# LTP\n\n## Mechanism\n\n- #hypothesis : LTP needs NMDA receptors ^h1\n- see [[Glia#Roles]]\n",
    "Review.md": "# Review\n\n- [[LTP#^h1]] #explanation : yes, APV blocks it\n",
    "Glia.md": "# Glia\n\n## Roles\n\nAstrocytes buffer K+. ^k1\n\n[[LTP#Nowhere]] and [[Missing note]]\n",
    "Pump.md": "# Pump\n\n- #hypothesis : the pump is electrogenic\n- #explanation : yes, 3 Na+ out for 2 K+ in\n"
    "\n#clarification nothing asked here\n\n[[Glia#^k1]] [[Glia#^nope]]\n",
    **{
        f"Notes/Topic {n:02}.md": f"# Topic {n}\n\n## Part {n}\n\nText {n} links [[Topic {(n + 1) % 30:02}#Part {(n + 1) % 30}]]"
        f" and [[Pump]] and [[Gone {n % 3}]].\n\n- #wonder why {n} ^w{n}\n"
        for n in range(30)
    },
}


@pytest.fixture
def vault(make_vault, cache_dir):
    return make_vault(NOTES)


@pytest.fixture
def patched(monkeypatch):
    return patches_taken(monkeypatch, check_state)


def check(root, *args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, [*args[:1], "check", str(root), "--format", "json", *args[1:]])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def same_as_without_cache(root) -> list[dict]:
    found = check(root, "--no-cache")
    assert check(root) == found
    return found[1]


def edit(root, path: str, old: str, new: str) -> None:
    note = root / path
    text = note.read_text(encoding="utf-8")
    assert old in text
    note.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(root, path: str, line: str) -> None:
    with open(root / path, "a", encoding="utf-8") as note:
        note.write(line)


def test_edits_that_keep_every_target_are_patched_and_found_as_a_full_check_finds(vault, patched):
    first = same_as_without_cache(vault)
    codes = {(d["code"], d["path"]) for d in first}
    assert {
        ("missing-heading", "Glia.md"),
        ("missing-note", "Glia.md"),
        ("missing-block", "Pump.md"),
        ("orphan-answer", "Pump.md"),
    } <= codes
    assert patched == [False]  # nothing kept yet

    append(vault, "Notes/Topic 03.md", "\nA plain line.\n")
    assert same_as_without_cache(vault) == first and patched[-1]

    edit(vault, "Glia.md", "# Glia\n", "# Glia\n\nTwo lines\nabove.\n")  # every finding below moves
    moved = same_as_without_cache(vault)
    assert patched[-1] and [d["line"] for d in moved if d["path"] == "Glia.md"] == [
        d["line"] + 3 for d in first if d["path"] == "Glia.md"
    ]

    append(vault, "Notes/Topic 07.md", "\nSee [[Topc 08]].\n")  # a new broken link, with its hint
    found = same_as_without_cache(vault)
    assert patched[-1]
    (new,) = [d for d in found if d["path"] == "Notes/Topic 07.md" and "Topc" in d["message"]]
    assert new["code"] == "missing-note" and "Topic 08" in new["hint"]

    append(vault, "Glia.md", "\n#explanation answering nothing\n")  # a new orphan answer: Glia asks nothing
    found = same_as_without_cache(vault)
    assert patched[-1] and ("orphan-answer", "Glia.md") in {(d["code"], d["path"]) for d in found}

    edit(vault, "Glia.md", "[[Missing note]]\n", "[[Missing note]] %% vaulttool: ignore[missing-note] %%\n")
    found = same_as_without_cache(vault)
    assert patched[-1] and ("missing-note", "Glia.md") not in {(d["code"], d["path"]) for d in found}


@pytest.mark.parametrize(
    "change",
    [
        "a heading others link to",
        "a block id",
        "a new note",
        "a deleted note",
        "an attachment",
        "the note with a cross-note answer",
        "the note it answers into",
        "more than a tenth of the notes",
    ],
)
def test_what_the_kept_findings_depend_on_makes_a_full_check(vault, patched, change):
    same_as_without_cache(vault)
    if change == "a heading others link to":
        edit(vault, "Notes/Topic 05.md", "## Part 5", "## Part five")
    elif change == "a block id":
        edit(vault, "Notes/Topic 05.md", "^w5", "^w55")
    elif change == "a new note":
        (vault / "Gone 1.md").write_text("now here\n", encoding="utf-8")
    elif change == "a deleted note":
        (vault / "Pump.md").unlink()
    elif change == "an attachment":
        (vault / "pic.png").write_bytes(b"\x89PNG")
    elif change == "the note with a cross-note answer":  # a second answer to a closed item: an orphan there
        append(vault, "Review.md", "- [[LTP#^h1]] #clarification : again\n")
    elif change == "the note it answers into":  # answered in LTP itself: Review's answer is an orphan now
        edit(vault, "Neuro/LTP.md", "- see [[Glia#Roles]]\n", "- #explanation : yes, in LTP itself\n")
    else:
        for n in range(5):
            append(vault, f"Notes/Topic {n:02}.md", "\nmore\n")
    found = same_as_without_cache(vault)
    assert patched == [False, False]
    if change.startswith("the note"):
        (orphan,) = [d for d in found if d["code"] == "orphan-answer" and d["path"] == "Review.md"]
        assert "already closed" in orphan["hint"]


def test_a_note_gone_from_the_parse_cache_makes_a_full_check(vault, patched, tmp_path):
    first = same_as_without_cache(vault)
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as db:
        db.execute("DELETE FROM notes")  # the notes the edited one links to are no longer kept
    append(vault, "Notes/Topic 03.md", "\nA plain line.\n")
    assert same_as_without_cache(vault) == first
    assert patched == [False, False]
    append(vault, "Notes/Topic 04.md", "\nA plain line.\n")
    assert same_as_without_cache(vault) == first and patched[-1]  # the full check kept them again


def test_a_note_its_links_name_alone_is_not_read_for_the_patch(vault, patched, tmp_path):
    """Only the notes whose headings or blocks an edited note's links name are read from the parse
    cache: with the parse of `Pump.md` gone (each topic links it by its name alone), editing a
    topic is still patched, and says what a full check says."""
    first = same_as_without_cache(vault)
    pump = note_key("Pump.md", (vault / "Pump.md").read_bytes())
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as db:
        assert db.execute("DELETE FROM notes WHERE key = ?", (pump,)).rowcount == 1
    append(vault, "Notes/Topic 03.md", "\nA plain line.\n")
    assert same_as_without_cache(vault) == first
    assert patched == [False, True]


@pytest.mark.parametrize("name", ["obsidian-help-en", "kepano-obsidian"])
def test_patched_runs_on_real_vaults_say_what_a_full_run_says(name, tmp_path, cache_dir, monkeypatch):
    """On vaults nobody here wrote (a copy of a ../shared/corpora vault), with two notes edited
    (one gets a broken link and a stray answer, the other a line above all its text), a patched
    `check` and `status` say exactly what a run without the cache says."""
    from vaulttool.analyse import status_state

    root = tmp_path / name
    shutil.copytree(corpus(name), root, symlinks=True)
    checked, listed = patches_taken(monkeypatch, check_state), patches_taken(monkeypatch, status_state)
    runs = [["check", str(root), "--format", "json"], ["status", str(root), "--all", "--format", "json"]]
    for args in runs:
        CliRunner().invoke(main, args)
    notes = sorted(root.rglob("*.md"))
    with open(notes[9], "a", encoding="utf-8") as note:
        note.write("\nSee [[Nowhere at all]] and #explanation stray\n")
    text = notes[19].read_text(encoding="utf-8")
    close = text.find("\n---\n", 3) if text.startswith("---\n") else -1
    body = close + 5 if close != -1 else 0  # after the front matter, which stays front matter
    notes[19].write_text(text[:body] + "An added line.\n\n" + text[body:], encoding="utf-8")
    said = [CliRunner().invoke(main, args).stdout for args in runs]
    assert said == [CliRunner().invoke(main, ["--no-cache", *args]).stdout for args in runs]
    assert "Nowhere at all" in said[0]
    assert checked == [False, True] and listed == [False, True]


def test_what_links_can_reach_in_a_note_is_hashed_apart_from_its_text():
    """A note's targets (`kept_checks.note_targets`) change with an alias, a heading's level or
    text, or a block id, the only parts of a note another note's links can name, and not with
    the rest of its text."""
    from vaulttool.analyse.kept_checks import note_targets
    from vaulttool.parse import parse_note

    base = "---\naliases: [Pump]\n---\n# Title\n\ntext ^b1\n"
    kept = note_targets(parse_note("n.md", base))
    assert note_targets(parse_note("n.md", base.replace("text", "other words"))) == kept
    for changed in ("[Pump]", "[Pumps]"), ("# Title", "## Title"), ("# Title", "# Titles"), ("^b1", "^b2"):
        assert note_targets(parse_note("n.md", base.replace(*changed))) != kept, changed
