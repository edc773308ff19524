"""Open and closed items per week, from the git history of a vault that is a sub-folder of a work tree.

Commits carry fixed dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE); weeks are ISO weeks named by
their Monday (UTC). 2025-01-06 and 2025-01-13 are Mondays.
"""

from __future__ import annotations

from report_support import git

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.lifecycle import Vocabulary
from vaulttool.analyse.timeline import vault_timeline

TWO_OPEN = "# Pumps\n\n- #hypothesis : the pump is electrogenic #waiting\n- I #wonder why\n"
THREE_OPEN = TWO_OPEN + "- #hypothesis : channels and pumps are one protein\n"
ONE_CLOSED = (
    TWO_OPEN.replace("#waiting", "#explanation : yes, a little")
    + "- #hypothesis : channels and pumps are one protein\n"
)


def commit(repo, message, date):
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message, date=date)


def build_history(tmp_path):
    repo = tmp_path / "repo"
    vault = repo / "notes"
    (vault / ".trash").mkdir(parents=True)
    git(repo, "init", "-q")
    (vault / "pumps.md").write_text(TWO_OPEN, encoding="utf-8")
    (vault / ".trash" / "old.md").write_text("- #hypothesis : deleted, not counted\n", encoding="utf-8")
    (repo / "outside.md").write_text("- #hypothesis : outside the vault\n", encoding="utf-8")
    commit(repo, "monday", "2025-01-06T09:00:00+00:00")
    (vault / "pumps.md").write_text(THREE_OPEN, encoding="utf-8")
    commit(repo, "friday", "2025-01-10T18:00:00+00:00")
    (vault / "pumps.md").write_text(ONE_CLOSED, encoding="utf-8")
    (vault / "image.png").write_bytes(b"\x89PNG")
    commit(repo, "next week", "2025-01-14T10:00:00+00:00")
    (repo / "outside.md").write_text("- #hypothesis : a\n- #hypothesis : b\n", encoding="utf-8")
    commit(repo, "outside only", "2025-02-03T10:00:00+00:00")
    return repo, vault


def test_weekly_counts_take_each_weeks_last_commit(tmp_path):
    _, vault = build_history(tmp_path)
    weeks = [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline]
    assert weeks == [("2025-01-06", 3, 0), ("2025-01-13", 2, 1)]


def test_history_of_the_vault_at_the_root_of_the_repository(tmp_path):
    repo, _ = build_history(tmp_path)
    weeks = [(w.week, w.open, w.closed) for w in Analysis(load(repo)).timeline]
    # the whole repository is the vault: outside.md counts, .trash does not
    assert weeks == [("2025-01-06", 4, 0), ("2025-01-13", 3, 1), ("2025-02-03", 4, 1)]


def test_weeks_are_capped_to_the_most_recent(tmp_path):
    _, vault = build_history(tmp_path)
    assert [w.week for w in vault_timeline(load(vault), Vocabulary(), max_weeks=1)] == ["2025-01-13"]


def test_no_history_outside_git(make_vault):
    assert Analysis(load(make_vault({"a.md": TWO_OPEN}))).timeline == ()


def test_no_history_before_the_first_commit(tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text(TWO_OPEN, encoding="utf-8")
    git(vault, "init", "-q")
    assert Analysis(load(vault)).timeline == ()


def test_excluded_files_are_left_out(tmp_path):
    """Obsidian's "Excluded files" (`userIgnoreFilters`) are left out of the counts, as in `status`."""
    _, vault = build_history(tmp_path)
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "app.json").write_text('{"userIgnoreFilters": ["pumps.md"]}', encoding="utf-8")
    assert [(w.open, w.closed) for w in Analysis(load(vault)).timeline] == [(0, 0), (0, 0)]


def test_an_answer_by_block_reference_in_another_note_counts_in_its_week(tmp_path):
    """Issue 10, rule 2: a block reference closes an item of another note; the timeline applies it
    per commit, so the week the answer was written is the week the item closes."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "LTP.md").write_text("- #hypothesis : LTP needs NMDA receptors ^h1\n", encoding="utf-8")
    commit(repo, "hypothesis", "2025-01-06T09:00:00+00:00")
    (repo / "Review.md").write_text("- [[LTP#^h1]] #explanation : yes, APV blocks it\n", encoding="utf-8")
    commit(repo, "answer", "2025-01-14T10:00:00+00:00")
    weeks = [(w.week, w.open, w.closed) for w in Analysis(load(repo)).timeline]
    assert weeks == [("2025-01-06", 1, 0), ("2025-01-13", 0, 1)]


def test_weeks_counted_once_are_kept_and_a_new_week_is_read_alone(tmp_path, monkeypatch):
    """A week's counts are kept by its commit: the next report reads only the weeks it has not
    counted, and the counts are those of a run without the cache."""
    from vaulttool.analyse import timeline

    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    repo, vault = build_history(tmp_path)
    count_commits = timeline._count_commits
    read: list[list[str]] = []

    def counted(repository, prefix, commits, *args):
        read.append(list(commits))
        return count_commits(repository, prefix, commits, *args)

    monkeypatch.setattr(timeline, "_count_commits", counted)
    first = [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline]
    assert first == [("2025-01-06", 3, 0), ("2025-01-13", 2, 1)] and len(read[0]) == 2
    assert [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline] == first and len(read) == 1
    (vault / "pumps.md").write_text(ONE_CLOSED.replace("#wonder why", "#wonder why #clarification : no"), "utf-8")
    commit(repo, "a week later", "2025-01-21T10:00:00+00:00")
    third = [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline]
    assert third == [*first, ("2025-01-20", 1, 2)] and len(read) == 2 and len(read[1]) == 1
    assert [(w.week, w.open, w.closed) for w in Analysis(load(vault, cache=False)).timeline] == third


def test_a_new_week_reads_only_the_notes_its_commit_changed(tmp_path, monkeypatch):
    """The notes of a new week's commit that are as they were (the same bytes) take their lifecycle
    reading from the cache: only the changed note is read again, and the counts are a run's
    without the cache."""
    from vaulttool.analyse import readings

    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    repo, vault = build_history(tmp_path)
    (vault / "other.md").write_text("- #hypothesis : a second note\n", encoding="utf-8")
    commit(repo, "another note", "2025-01-15T10:00:00+00:00")
    first = [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline]
    assert first == [("2025-01-06", 3, 0), ("2025-01-13", 3, 1)]
    read_note = readings.read_note
    read: list[str] = []

    def counted(note, vocabulary):
        read.append(note.path)
        return read_note(note, vocabulary)

    monkeypatch.setattr(readings, "read_note", counted)
    (vault / "pumps.md").write_text(ONE_CLOSED.replace("#wonder why", "#wonder why #clarification : no"), "utf-8")
    commit(repo, "a week later", "2025-01-21T10:00:00+00:00")
    later = [(w.week, w.open, w.closed) for w in Analysis(load(vault)).timeline]
    assert later == [*first, ("2025-01-20", 2, 2)] and read == ["pumps.md"]
    assert [(w.week, w.open, w.closed) for w in Analysis(load(vault, cache=False)).timeline] == later
