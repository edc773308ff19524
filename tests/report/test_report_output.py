"""`-o PATH`: atomic writes, a missing folder is an input error (exit 2), and the vault is never
written to unless the user names a path inside it (then only that file appears)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import VAULT, tree_fingerprint
from vaulttool.cli import main
from vaulttool.output import OutputError, write_atomic


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaulttool", *args], capture_output=True, text=True)


def test_write_atomic_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert os.listdir(tmp_path) == ["out.md"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")

    def broken(path):
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.md"]


def test_write_atomic_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.md", "x")


@pytest.mark.parametrize(
    "command", [["report", "--format", "html"], ["review", "--format", "markdown"], ["review", "--format", "anki"]]
)
def test_missing_parent_folder_is_exit_2_with_one_line(tmp_path, command):
    done = run(command[0], str(VAULT), *command[1:], "-o", str(tmp_path / "missing" / "out"))
    assert done.returncode == 2
    assert done.stderr.startswith("vaulttool: error: ") and done.stderr.count("\n") == 1
    assert "does not exist" in done.stderr
    assert not (tmp_path / "missing").exists()


def test_anki_needs_an_output_path():
    done = run("review", str(VAULT), "--format", "anki")
    assert done.returncode == 2 and "-o" in done.stderr and done.stdout == ""


def test_bad_include_and_as_of_are_usage_errors():
    assert run("review", str(VAULT), "--include", "corrected,bogus").returncode == 2
    assert run("report", str(VAULT), "--as-of", "yesterday").returncode == 2


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--format", "text"],
        ["report", "--format", "json"],
        ["report", "--format", "markdown"],
        ["report", "--format", "html"],
        ["review", "--format", "markdown"],
        ["review", "--format", "html"],
    ],
)
def test_writing_to_stdout_or_elsewhere_leaves_the_vault_untouched(untouched_vault, tmp_path, command):
    result = CliRunner().invoke(main, [command[0], str(untouched_vault), *command[1:]])
    assert result.exit_code == 0 and result.output
    result = CliRunner().invoke(main, [command[0], str(untouched_vault), *command[1:], "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "out").stat().st_size > 0


def test_anki_elsewhere_leaves_the_vault_untouched(untouched_vault, tmp_path):
    pytest.importorskip("genanki")
    result = CliRunner().invoke(
        main, ["review", str(untouched_vault), "--format", "anki", "-o", str(tmp_path / "r.apkg")]
    )
    assert result.exit_code == 0, result.output


def test_a_path_inside_the_vault_is_written_and_nothing_else(make_vault):
    root = make_vault({"n.md": "- #hypothesis : x #explanation : no, y\n", "sub/m.md": "text\n"})
    before = tree_fingerprint(root)
    result = CliRunner().invoke(main, ["review", str(root), "-o", str(root / "sub" / "Review.md")])
    assert result.exit_code == 0, result.output
    after = tree_fingerprint(root)
    assert set(after) - set(before) == {os.path.join("sub", "Review.md")}
    assert {k: v for k, v in after.items() if k in before} == before
