"""`check` on an unchanged vault reuses its last result (issue 15): the same findings without
parsing a note, and a fresh answer after any change the result depends on.

Expected findings are Obsidian's: a wiki-link to a note that does not exist is unresolved
(`missing-note`, an error); an embed of a file that exists resolves.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from click.testing import CliRunner

from conftest import git_in
from vaulttool import vault as vault_module
from vaulttool.cli import main


def codes(root, *args: str) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return [(d["code"], d["path"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]]


def count_parsing(monkeypatch) -> list[int]:
    """A list that grows by one each time a scanned vault is parsed."""
    calls: list[int] = []
    parse = vault_module.parse

    def counted(*args, **kwargs):
        calls.append(1)
        return parse(*args, **kwargs)

    monkeypatch.setattr(vault_module, "parse", counted)
    return calls


def test_an_unchanged_vault_is_answered_without_parsing(make_vault, cache_dir, monkeypatch):
    root = make_vault({"a.md": "[[b]] [[gone]]\n", "b.md": "![[pic.png]]\n", "pic.png": b"\x89PNG"})
    parsed = count_parsing(monkeypatch)
    first = codes(root)
    assert first == [("missing-note", "a.md", 1)] and len(parsed) == 1
    assert codes(root) == first and len(parsed) == 1


def test_any_change_the_result_depends_on_is_checked_afresh(make_vault, cache_dir, monkeypatch):
    root = make_vault({"a.md": "[[b]]\n", "b.md": "![[pic.png]]\n"})
    assert codes(root) == [("missing-attachment", "b.md", 1)]
    (root / "pic.png").write_bytes(b"\x89PNG")  # another file appears: the embed resolves
    assert codes(root) == []
    (root / "a.md").write_text("[[b]]\n[[gone]]\n", encoding="utf-8")  # a note is edited
    assert codes(root) == [("missing-note", "a.md", 2)]
    (root / "b.md").rename(root / "c.md")  # a rename
    assert codes(root) == [("missing-note", "a.md", 1), ("missing-note", "a.md", 2)]
    (root / ".vaulttool.toml").write_text('[check]\nignore = ["missing-note"]\n', encoding="utf-8")  # settings
    assert codes(root) == []
    (root / ".vaulttool.toml").unlink()
    assert codes(root, "--select", "missing-note") == [("missing-note", "a.md", 1), ("missing-note", "a.md", 2)]


def test_a_damaged_row_is_a_miss_and_no_cache_never_reuses(make_vault, cache_dir, monkeypatch):
    root = make_vault({"a.md": "[[gone]]\n"})
    expected = [("missing-note", "a.md", 1)]
    assert codes(root) == expected
    with sqlite3.connect(cache_dir / "cache.sqlite3") as db:
        rows = db.execute("SELECT key, value FROM results").fetchall()  # the findings, the output, the state
        assert len(rows) == 3
        for key, value in rows:
            db.execute("UPDATE results SET value = ? WHERE key = ?", (value[:20] + b"\xc1garbage", key))
    parsed = count_parsing(monkeypatch)
    assert codes(root) == expected and len(parsed) == 1
    assert codes(root) == expected and len(parsed) == 1
    assert CliRunner().invoke(main, ["--no-cache", "check", str(root)]).exit_code == 1
    assert len(parsed) == 2  # --no-cache parses: nothing reused


def test_reused_and_fresh_answers_are_the_same_on_the_sample_vault(cache_dir):
    from conftest import VAULT

    args = ["check", str(VAULT), "--format", "json", "--orphans"]
    fresh = CliRunner().invoke(main, ["--no-cache", *args]).stdout
    CliRunner().invoke(main, args)
    assert CliRunner().invoke(main, args).stdout == fresh


def test_a_kept_output_is_printed_again_for_the_same_question_and_look(make_vault, cache_dir, monkeypatch):
    """What `check` and `status` printed is printed again, with the same exit status, without
    rendering; colour, format or exit options make another output (a missing note is an error)."""
    import vaulttool.render

    root = make_vault({"a.md": "- #wonder why [[gone]]\n"})
    runner = CliRunner()
    first = runner.invoke(main, ["--no-color", "check", str(root)])
    check_text = first.stdout
    assert first.exit_code == 1 and "a.md:1:15" in check_text
    status_text = runner.invoke(main, ["--no-color", "status", str(root)]).stdout
    assert "why" in status_text

    def refuse(*_args, **_kwargs):
        raise AssertionError("rendered again")

    with monkeypatch.context() as patched:
        patched.setattr(vaulttool.render, "render", refuse)
        again = runner.invoke(main, ["--no-color", "check", str(root)])
        assert (again.exit_code, again.stdout) == (1, check_text)
        assert runner.invoke(main, ["--no-color", "status", str(root)]).stdout == status_text
        assert runner.invoke(main, ["--color", "check", str(root)]).exit_code == 2  # another look: rendered
    coloured = runner.invoke(main, ["--color", "check", str(root)])
    assert "\x1b[" in coloured.stdout and "\x1b[" in runner.invoke(main, ["--color", "status", str(root)]).stdout
    assert runner.invoke(main, ["--no-color", "check", str(root)]).stdout == check_text
    lenient = runner.invoke(main, ["--no-color", "check", str(root), "--exit-zero"])
    assert (lenient.exit_code, lenient.stdout) == (0, check_text)
    assert json.loads(runner.invoke(main, ["status", str(root), "--format", "json"]).stdout)["items"][0]["line"] == 1


def test_a_kept_report_is_given_again_until_the_history_the_date_or_the_look_changes(
    make_vault, cache_dir, monkeypatch, tmp_path
):
    """`report` on an unchanged vault and history writes its last output again without rendering;
    a commit (the timeline gains a week), another `--as-of` (ages), another output file or format,
    and `--timestamp` (the time it is made) each make it afresh. An item's age counts the days from
    its line's commit to `--as-of` (README, `report`)."""
    import vaulttool.render

    root = make_vault({"a.md": "- #wonder why x\n", "b.md": "---\ncreated: 2025-02-30\n---\n"})
    git_in(root, "init", "-q")
    git_in(root, "add", "-A")
    git_in(root, "commit", "-qm", "first", stamp="2025-01-06T10:00:00+00:00")
    runner = CliRunner()

    def report(*args: str) -> tuple[dict, str]:
        result = runner.invoke(main, ["report", str(root), "--format", "json", "--as-of", "2025-02-01", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout), result.stderr

    first, said = report()
    assert first["unresolved"][0]["age_days"] == 26 and len(first["summary"]["timeline"]) == 1
    assert "b.md:2:10: error[bad-front-matter]" in said
    sheet = tmp_path / "report.html"
    html = runner.invoke(main, ["report", str(root), "--format", "html", "-o", str(sheet)])
    assert html.exit_code == 0, html.output
    written = sheet.read_text(encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise AssertionError("rendered again")

    with monkeypatch.context() as patched:
        patched.setattr(vaulttool.render, "render", refuse)
        assert report() == (first, said)  # the same output, the same problem said again
        sheet.unlink()
        assert runner.invoke(main, ["report", str(root), "--format", "html", "-o", str(sheet)]).exit_code == 0
        assert sheet.read_text(encoding="utf-8") == written
        for other in (["--as-of", "2025-03-01"], ["--timestamp"], ["-o", str(tmp_path / "other.json")]):
            assert runner.invoke(main, ["report", str(root), "--format", "json", *other]).exit_code == 2, other
    assert report("--as-of", "2025-03-01")[0]["unresolved"][0]["age_days"] == 54
    stamped = runner.invoke(main, ["report", str(root), "--format", "json", "--timestamp"]).stdout
    assert json.loads(stamped)["generated"] is not None
    (root / "a.md").write_text("- #wonder why x\n- #wonder why y\n", encoding="utf-8")
    assert len(report()[0]["summary"]["timeline"]) == 1  # not committed yet
    git_in(root, "commit", "-qam", "second", stamp="2025-01-20T10:00:00+00:00")  # the same bytes
    second, _ = report()
    assert [week["week"] for week in second["summary"]["timeline"]] == ["2025-01-06", "2025-01-20"]
    assert [item["age_days"] for item in second["unresolved"]] == [26, 12]


def status_json(root) -> tuple[list[tuple[str, int, str | None]], str]:
    result = CliRunner().invoke(main, ["status", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    items = [(i["path"], i["line"], i["since"]) for i in json.loads(result.stdout)["items"]]
    return items, result.stderr


def test_status_reuses_its_dated_items_and_says_the_same_problems(make_vault, cache_dir, monkeypatch):
    """Outside git an item is dated by its note's `created` property, else the file's mtime (README)."""
    root = make_vault(
        {
            "a.md": "---\ncreated: 2025-03-04\n---\n- #hypothesis : x\n",
            "b.md": "---\ncreated: 2025-02-30\n---\n- #wonder why\n",
        }
    )
    os.utime(root / "b.md", (1_700_000_000, 1_700_000_000))  # 2023-11-14 (UTC and most zones)
    parsed = count_parsing(monkeypatch)
    first = status_json(root)
    assert first[0] == [("a.md", 4, "2025-03-04"), ("b.md", 4, "2023-11-14")]
    assert "b.md:2:10: error[bad-front-matter]" in first[1]
    assert status_json(root) == first and len(parsed) == 1  # kept: not parsed again, same stderr


def test_status_dates_afresh_when_a_modification_time_changes(make_vault, cache_dir, monkeypatch):
    root = make_vault({"a.md": "- #hypothesis : x\n"})
    os.utime(root / "a.md", (1_700_000_000, 1_700_000_000))
    assert status_json(root)[0] == [("a.md", 1, "2023-11-14")]
    os.utime(root / "a.md", (1_600_000_000, 1_600_000_000))  # same bytes, another mtime: 2020-09-13
    assert status_json(root)[0] == [("a.md", 1, "2020-09-13")]


def test_status_dates_afresh_after_a_commit(make_vault, cache_dir, monkeypatch):
    """In git an item is dated by `git blame`: a new HEAD is a new answer, even with the same bytes."""
    root = make_vault({"a.md": "- #hypothesis : x\n"})

    git_in(root, "init", "-q")
    git_in(root, "add", "-A")
    git_in(root, "commit", "-qm", "m", stamp="2024-01-10T12:00:00+00:00")
    assert status_json(root)[0] == [("a.md", 1, "2024-01-10")]
    git_in(root, "commit", "--amend", "-qm", "m", stamp="2024-02-20T12:00:00+00:00")  # same tree, new HEAD
    assert status_json(root)[0] == [("a.md", 1, "2024-02-20")]


def test_lifecycle_readings_are_kept_per_note_and_follow_the_vocabulary(make_vault, cache_dir, monkeypatch):
    """A note's reading is kept by its bytes and the `[lifecycle]` words: an unchanged note is not
    read again, an edited one is, and new words read every note again."""
    from vaulttool import load
    from vaulttool.analyse import Analysis, readings

    root = make_vault({"a.md": "- #hypothesis : x\n", "b.md": "- #guess : y\n"})
    read = readings.read_note
    calls: list[str] = []
    monkeypatch.setattr(
        readings, "read_note", lambda note, vocabulary: calls.append(note.path) or read(note, vocabulary)
    )

    def texts() -> list[str]:
        return [item.text for item in Analysis(load(root)).lifecycle.items]

    assert texts() == ["x"] and sorted(calls) == ["a.md", "b.md"]
    calls.clear()
    assert texts() == ["x"] and calls == []
    (root / "a.md").write_text("- #hypothesis : z\n", encoding="utf-8")
    assert texts() == ["z"] and calls == ["a.md"]
    calls.clear()
    (root / ".vaulttool.toml").write_text('[lifecycle]\nhypothesis = ["hypothesis", "guess"]\n', encoding="utf-8")
    assert texts() == ["z", "y"] and sorted(calls) == ["a.md", "b.md"]


def test_ten_concurrent_runs_sharing_one_cache_agree_with_a_run_without_it(make_vault, tmp_path):
    """Issue 16: runs that fill, read and replace the same cache rows at once (SQLite locks, a
    writer waiting or giving up) all print what a run without any cache prints, cold and warm."""
    from concurrent.futures import ThreadPoolExecutor

    files: dict[str, str | bytes] = {
        f"n/{n:03}.md": f"# N{n}\n\n- #hypothesis : {n} [[n/{(n + 1) % 220:03}]] [[gone {n % 7}]]\n"
        f"- #wonder why {n} ^b{n}\n\n[[n/{(n + 3) % 220:03}#^b{(n + 3) % 220}]] [[n/{n:03}#Nope]]\n"
        for n in range(200)
    }
    root = make_vault(files)
    env = {key: value for key, value in os.environ.items() if key != "VAULTTOOL_CACHE_DIR"}
    runs = [("check", "--format", "json"), ("status", "--all", "--format", "json")]

    def run(args: tuple[str, ...], cache: str | None) -> tuple[int, bytes]:
        extra = {"VAULTTOOL_CACHE_DIR": cache} if cache else {"VAULTTOOL_NO_CACHE": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "vaulttool", args[0], str(root), *args[1:]],
            capture_output=True,
            env={**env, **extra},
            check=False,
        )
        return done.returncode, done.stdout

    expected = {args: run(args, None) for args in runs}
    assert expected[runs[0]][0] == 1 and b"missing-heading" in expected[runs[0]][1]
    shared = str(tmp_path / "shared-cache")
    for _ in range(2):  # cold, then warm (kept answers)
        with ThreadPoolExecutor(max_workers=10) as pool:
            results = list(pool.map(lambda args: (args, run(args, shared)), runs * 5))
        assert all(result == expected[args] for args, result in results)


def test_kept_note_findings_follow_what_links_reach(make_vault, cache_dir, monkeypatch):
    """A note's findings are kept while its bytes and every name, heading and block id of the
    vault stay; Obsidian resolves `[[b#New]]` once b has that heading, `[[b#^k]]` once b has that
    block id, and `[[c]]` once c.md exists."""
    from vaulttool.analyse import checks

    root = make_vault(
        {
            "a.md": "[[b#New]] [[b#^k]] [[c]]\n",
            "b.md": "# Old\n\ntext\n",
            "d.md": "plain [[b]]\n",
        }
    )
    check_note = checks.check_note
    checked: list[str] = []
    monkeypatch.setattr(checks, "check_note", lambda note, *args: checked.append(note.path) or check_note(note, *args))

    def step() -> list[tuple[str, int]]:
        checked.clear()
        return [(code, line) for code, _, line in codes(root)]

    assert step() == [("missing-heading", 1), ("missing-block", 1), ("missing-note", 1)]
    assert sorted(set(checked)) == ["a.md", "b.md", "d.md"]  # a.md twice: again once its hint was searched
    (root / "d.md").write_text("plain [[b]] edited\n", encoding="utf-8")  # no name, heading or id changes
    assert step() == [("missing-heading", 1), ("missing-block", 1), ("missing-note", 1)]
    assert checked == ["d.md"]
    (root / "b.md").write_text("# Old\n\n## New\n\ntext\n", encoding="utf-8")  # a heading appears
    assert step() == [("missing-block", 1), ("missing-note", 1)]
    (root / "b.md").write_text("# Old\n\n## New\n\ntext ^k\n", encoding="utf-8")  # a block id appears
    assert step() == [("missing-note", 1)]
    (root / "c.md").write_text("", encoding="utf-8")  # a file appears
    assert step() == []


def test_each_note_s_findings_are_stored_as_they_come_a_batch_at_a_time(make_vault, cache_dir, monkeypatch):
    """Issue 15: the new findings are stored in batches while the other notes are checked, each
    note's kept; a later check of a vault whose names changed reuses every unchanged note's."""
    from vaulttool.analyse import check_state, checks, kept_checks

    monkeypatch.setattr(kept_checks, "_SAVE_EVERY", 2)
    stored_while_checking: list[int] = []
    put = kept_checks.NoteChecks.put

    def counted(self, note, check):
        put(self, note, check)
        with sqlite3.connect(cache_dir / "cache.sqlite3") as db:
            stored_while_checking.append(db.execute("SELECT count(*) FROM checks").fetchone()[0])

    monkeypatch.setattr(kept_checks.NoteChecks, "put", counted)
    root = make_vault({f"n{i}.md": f"[[n{i + 1}]] [[gone{i}]]\n" for i in range(5)})
    assert sorted(codes(root)) == sorted(
        [*(("missing-note", f"n{i}.md", 1) for i in range(5)), ("missing-note", "n4.md", 1)]
    )
    assert stored_while_checking == [0, 2, 2, 4, 4]  # the fifth is stored once every note is checked
    with sqlite3.connect(cache_dir / "cache.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == 5
    check_note = checks.check_note
    checked: list[str] = []
    monkeypatch.setattr(checks, "check_note", lambda note, *args: checked.append(note.path) or check_note(note, *args))
    monkeypatch.setattr(check_state, "patched", lambda *args: None)  # the whole vault checked, not patched
    (root / "n0.md").write_text("[[n1]] [[gone0]] edited\n", encoding="utf-8")
    codes(root)
    assert checked == ["n0.md"]  # the four others' findings were kept


def test_link_resolutions_are_kept_per_note_and_follow_what_links_reach(make_vault, cache_dir, monkeypatch):
    """A note's link resolutions are kept while its bytes and every name, heading and block id of
    the vault stay (the graph, the sheets' link targets and `--orphans` read them); Obsidian
    resolves `[[b#New]]` once b has that heading."""
    from vaulttool import load
    from vaulttool.analyse import Analysis
    from vaulttool.resolve import Resolver

    root = make_vault({"a.md": "[[b#New]]\n", "b.md": "# Old\n", "c.md": "[[b]]\n"})
    resolve = Resolver.resolve
    resolved: list[str] = []
    monkeypatch.setattr(
        Resolver, "resolve", lambda self, note, link: resolved.append(note.path) or resolve(self, note, link)
    )

    def problems() -> list[tuple[str, str | None]]:
        resolved.clear()
        return [(r.source, r.problem) for r in Analysis(load(root)).links.resolutions]

    assert problems() == [("a.md", "missing-heading"), ("c.md", None)] and sorted(resolved) == ["a.md", "c.md"]
    assert problems() == [("a.md", "missing-heading"), ("c.md", None)] and resolved == []
    (root / "c.md").write_text("[[b]] edited\n", encoding="utf-8")  # no name, heading or id changes
    assert problems() == [("a.md", "missing-heading"), ("c.md", None)] and resolved == ["c.md"]
    (root / "b.md").write_text("# Old\n\n## New\n", encoding="utf-8")  # a heading appears
    assert problems() == [("a.md", None), ("c.md", None)] and sorted(resolved) == ["a.md", "c.md"]


def test_claims_are_kept_per_note_and_follow_the_verify_settings(make_vault, cache_dir, monkeypatch):
    """A note's evaluated claims are kept by its bytes and the `[verify]` tolerances. Purves et al.,
    Neuroscience, ch. 2: K⁺ 140 mM inside, 5 mM outside at 37 °C gives E_K = −89 mV."""
    from vaulttool import load
    from vaulttool.analyse import Analysis, claims

    block = "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: -89 mV\n```\n"
    root = make_vault({"a.md": block, "b.md": "no claims\n"})
    evaluate = claims.evaluate_note
    evaluated: list[str] = []
    monkeypatch.setattr(
        claims, "evaluate_note", lambda note, verify: evaluated.append(note.path) or evaluate(note, verify)
    )

    def results() -> list[tuple[str, str]]:
        evaluated.clear()
        return [(c.position.path, c.result) for c in Analysis(load(root)).claims]

    assert results() == [("a.md", "pass")] and sorted(evaluated) == ["a.md", "b.md"]
    assert results() == [("a.md", "pass")] and evaluated == []
    (root / "b.md").write_text("still no claims\n", encoding="utf-8")
    assert results() == [("a.md", "pass")] and evaluated == ["b.md"]
    (root / ".vaulttool.toml").write_text("[verify]\nexact_tolerance_mV = 0.01\n", encoding="utf-8")
    assert results() == [("a.md", "pass")] and sorted(evaluated) == ["a.md", "b.md"]
