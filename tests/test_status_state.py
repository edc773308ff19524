"""`status` after a few notes were edited patches the last run's items (issue 15): it reads and
dates the edited notes alone, and says exactly what a run without any cache says.

Expected output is that of a full run without the cache (`--no-cache`), whose lifecycle rules
are the README's (tests/test_lifecycle_rules.py): an answer under an open item closes it, an
answer that links a block of another note closes the item there, and outside git an item is
dated by its note's `created` property, else by the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from click.testing import CliRunner

from conftest import git_in, patches_taken
from vaulttool.analyse import status_state
from vaulttool.cli import main

NOTES = {
    "Neuro/LTP.md": "# LTP\n\n- #hypothesis : LTP needs NMDA receptors ^h1\n- #wonder why calcium\n",
    "Review.md": "# Review\n\n- [[LTP#^h1]] #explanation : yes, APV blocks it\n",
    "Broken.md": "---\ncreated: 2025-02-30\n---\n- #wonder what this date is\n",
    **{
        f"Notes/Topic {n:02}.md": f"---\ncreated: 2025-03-{n + 1:02}\n---\n# Topic {n}\n\n- #hypothesis : {n} holds\n"
        f"- #wonder why {n}\n"
        for n in range(25)
    },
}


def status(root, *args: str) -> tuple[list[tuple], str]:
    result = CliRunner().invoke(main, [*args, "status", str(root), "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = [(i["path"], i["line"], i["kind"], i["status"], i["since"]) for i in json.loads(result.stdout)["items"]]
    return items, result.stderr


def same_as_without_cache(root) -> list[tuple]:
    fresh = status(root, "--no-cache")
    assert status(root) == fresh
    return fresh[0]


def write(root, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")


def test_edits_without_answers_across_notes_are_patched_and_shown_as_a_full_run_shows(
    make_vault, cache_dir, monkeypatch
):
    vault, patched = make_vault(NOTES), patches_taken(monkeypatch, status_state)
    first = same_as_without_cache(vault)
    assert ("Neuro/LTP.md", 3, "hypothesis", "answered", None) in [(*i[:4], None) for i in first]
    assert ("Broken.md", 4, "question", "open") in [i[:4] for i in first]
    assert status(vault)[1].count("bad-front-matter") == 1  # said on stderr each time
    assert patched == [False]  # then the kept output, printed again

    topic = vault / "Notes/Topic 04.md"
    write(vault, "Notes/Topic 04.md", "A new first line.\n\n" + topic.read_text(encoding="utf-8"))  # items move
    moved = same_as_without_cache(vault)
    assert patched[-1] and {i[1] for i in moved if i[0] == "Notes/Topic 04.md"} == {8, 9}

    with open(topic, "a", encoding="utf-8") as note:  # an answer closes the open question above it
        note.write("  - #explanation : because it does\n")
    answered = same_as_without_cache(vault)
    assert patched[-1] and ("Notes/Topic 04.md", 9, "question", "answered") in [i[:4] for i in answered]

    write(vault, "Notes/Topic 05.md", "---\ncreated: [oops\n---\n- #wonder a new one\n")  # bad front matter
    items, said = status(vault)
    assert patched[-1] and (items, said) == status(vault, "--no-cache")
    assert said.count("bad-front-matter") == 2

    os.utime(vault / "Broken.md", (1_600_000_000, 1_600_000_000))  # touched: dated by its new mtime
    touched = same_as_without_cache(vault)
    assert patched[-1] and ("Broken.md", 4, "question", "open", "2020-09-13") in touched


def test_a_symlinked_note_is_dated_by_its_target_each_time(make_vault, cache_dir, monkeypatch):
    """Outside git, an item is dated by its note's modification time: a symlinked note's is its
    target's, which the scan does not see (it takes the link's own status)."""
    vault, patched = make_vault(NOTES), patches_taken(monkeypatch, status_state)
    os.makedirs(vault / "real")
    write(vault, "real/Target.md", "- #wonder through a link\n")
    os.utime(vault / "real/Target.md", (1_700_000_000, 1_700_000_000))
    os.symlink("real/Target.md", vault / "Linked.md")
    assert ("Linked.md", 1, "question", "open", "2023-11-14") in same_as_without_cache(vault)
    os.utime(vault / "real/Target.md", (1_600_000_000, 1_600_000_000))  # the link's own status unchanged
    assert ("Linked.md", 1, "question", "open", "2020-09-13") in same_as_without_cache(vault)
    assert patched == [False, True]


@pytest.mark.parametrize("change", ["the note with a cross-note answer", "the note it answers into", "a new note"])
def test_what_the_kept_items_depend_on_makes_a_full_run(make_vault, cache_dir, monkeypatch, change):
    vault, patched = make_vault(NOTES), patches_taken(monkeypatch, status_state)
    same_as_without_cache(vault)
    if change == "the note with a cross-note answer":
        write(vault, "Review.md", "# Review\n\nNothing here any more.\n")  # the hypothesis in LTP reopens
    elif change == "the note it answers into":
        write(vault, "Neuro/LTP.md", "# LTP\n\n- #hypothesis : LTP needs NMDA receptors ^h1\n")
    else:
        write(vault, "New.md", "- #wonder something new\n")
    items = same_as_without_cache(vault)
    assert patched == [False, False]
    if change == "the note with a cross-note answer":
        assert ("Neuro/LTP.md", 3, "hypothesis", "open") in [i[:4] for i in items]


def test_a_commit_re_dates_only_the_notes_it_changed(make_vault, cache_dir, monkeypatch):
    """In git an item is dated by `git blame` (the commit that last changed its line): a commit
    that adds an item to one note dates that item, and every other item keeps its date."""
    vault, patched = make_vault(NOTES), patches_taken(monkeypatch, status_state)
    git_in(vault, "init", "-q")
    git_in(vault, "add", "-A")
    git_in(vault, "commit", "-qm", "m", stamp="2024-01-10T12:00:00+00:00")
    first = same_as_without_cache(vault)
    assert {i[4] for i in first} == {"2024-01-10"}
    write(vault, "Notes/Topic 03.md", NOTES["Notes/Topic 03.md"] + "- #wonder what changed\n")
    today = dt.date.today().isoformat()  # a line not committed yet is dated now (git blame)
    assert [i for i in same_as_without_cache(vault) if i not in first] == [
        ("Notes/Topic 03.md", 8, "question", "open", today)
    ]
    git_in(vault, "commit", "-qam", "more", stamp="2024-02-20T12:00:00+00:00")  # the same bytes
    third = same_as_without_cache(vault)
    assert [i for i in third if i not in first] == [("Notes/Topic 03.md", 8, "question", "open", "2024-02-20")]
    assert len(third) == len(first) + 1
    assert patched == [False, True, True]  # the later runs patched the first's items


def test_a_new_commit_dates_every_item_afresh(make_vault, cache_dir, monkeypatch):
    vault, patched = make_vault(NOTES), patches_taken(monkeypatch, status_state)
    """In git an item is dated by `git blame`: HEAD is part of what the kept items depend on."""

    git_in(vault, "init", "-q")
    git_in(vault, "add", "-A")
    git_in(vault, "commit", "-qm", "m", stamp="2024-01-10T12:00:00+00:00")
    assert {i[4] for i in same_as_without_cache(vault) if i[0] == "Neuro/LTP.md"} == {"2024-01-10"}
    git_in(vault, "commit", "--amend", "-qm", "m", stamp="2024-02-20T12:00:00+00:00")
    assert {i[4] for i in same_as_without_cache(vault) if i[0] == "Neuro/LTP.md"} == {"2024-02-20"}
    assert patched == [False, False]
