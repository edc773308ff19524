"""`check` on an unchanged vault reuses its last result (issue 15): the same findings without
parsing a note, and a fresh answer after any change the result depends on.

Expected findings are Obsidian's: a wiki-link to a note that does not exist is unresolved
(`missing-note`, an error); an embed of a file that exists resolves.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from vaulttool import vault as vault_module
from vaulttool.cli import main


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    return folder


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
        (row,) = db.execute("SELECT key, value FROM results").fetchall()
        db.execute("UPDATE results SET value = ? WHERE key = ?", (row[1][:20] + b"\xc1garbage", row[0]))
    assert codes(root) == expected
    parsed = count_parsing(monkeypatch)
    assert codes(root) == expected and len(parsed) == 0
    assert CliRunner().invoke(main, ["--no-cache", "check", str(root)]).exit_code == 1
    assert len(parsed) == 1  # --no-cache parses: nothing reused


def test_reused_and_fresh_answers_are_the_same_on_the_sample_vault(cache_dir):
    from conftest import VAULT

    args = ["check", str(VAULT), "--format", "json", "--orphans"]
    fresh = CliRunner().invoke(main, ["--no-cache", *args]).stdout
    CliRunner().invoke(main, args)
    assert CliRunner().invoke(main, args).stdout == fresh
