"""Issue 12: the command-line conventions users know from ruff and lychee, run as a user runs them
(a real `vaulttool` process, real files, real git).

Sources: ruff's CLI (`--quiet`: "Print diagnostics, but nothing else"; `--exit-zero`;
`--statistics`: counts per rule; `-o/--output-file`), lychee's exit codes and `--config`,
no-color.org ("when present and not an empty string … prevents the addition of ANSI color";
"command-line arguments should override NO_COLOR"), POSIX shells' 128 + signal number for a
command killed by SIGINT (130), click's shell completion protocol (`_VAULTTOOL_COMPLETE`).
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
VAULTTOOL = [sys.executable, "-m", "vaulttool"]
BROKEN = {"a.md": "# A\nsee [[Missing one]] and [[Missing two]]\nand [[b#Nowhere]]\n", "b.md": "# B\nback to [[a]]\n"}


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VAULTTOOL, *args], cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120
    )


def run_on_tty(*args: str, env: dict[str, str]) -> str:
    """The command's stdout as a terminal shows it (stdout is a pseudo-terminal)."""
    main, child = pty.openpty()
    process = subprocess.Popen([*VAULTTOOL, *args], stdout=child, stderr=subprocess.DEVNULL, env={**os.environ, **env})
    os.close(child)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    process.wait(timeout=60)
    os.close(main)
    return out.decode("utf-8", errors="replace")


def test_bare_vaulttool_prints_the_help_and_exits_0():
    result = run()
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: ") and "Commands:" in result.stdout and "check" in result.stdout


def test_exit_codes(make_vault, tmp_path):
    broken = make_vault(BROKEN)
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "x.md").write_text("# X\n[[y]]\n", encoding="utf-8")
    (clean / "y.md").write_text("# Y\n", encoding="utf-8")
    assert run("check", str(clean)).returncode == 0
    assert run("check", str(broken)).returncode == 1
    assert run("check", str(broken), "--exit-zero").returncode == 0
    bad = run("check", str(tmp_path / "nowhere"), "--exit-zero")
    assert bad.returncode == 2 and bad.stderr.startswith("vaulttool: error: ")


def test_text_paths_are_relative_to_the_current_folder(make_vault, tmp_path):
    """From the folder above the vault, a finding is `vault/a.md:2:5`, as the github and sarif
    formats already name it; from inside the vault, `a.md:2:5`."""
    make_vault(
        {**BROKEN, "c.md": "#hypothesis is it open\n", "d.md": "`nernst: K+ in 140 mM, out 5 mM, 37 °C => -80 mV`\n"}
    )
    above = run("check", "vault", cwd=tmp_path).stdout
    assert "vault/a.md:2:5: error[missing-note]" in above and "\na.md:" not in above
    inside = run("check", ".", cwd=tmp_path / "vault").stdout
    assert inside.startswith("a.md:2:5: error[missing-note]")
    github = run("check", "vault", "--format", "github", cwd=tmp_path).stdout
    assert "file=vault/a.md,line=2,col=5" in github
    status = run("status", "vault", cwd=tmp_path).stdout
    assert "vault/c.md\n" in status and "vault/c.md:1:1" in status
    assert "vault/d.md\n" in run("verify", "vault", cwd=tmp_path).stdout
    assert "    vault/c.md:1:1" in run("tags", "vault", "--where", cwd=tmp_path).stdout


def test_quiet_prints_the_findings_and_nothing_else(make_vault):
    root = make_vault(BROKEN)
    lines = run("check", str(root), "--quiet", cwd=root.parent).stdout.splitlines()
    assert lines == [
        'vault/a.md:2:5: error[missing-note] link to "Missing one": no such note in the vault',
        'vault/a.md:2:25: error[missing-note] link to "Missing two": no such note in the vault',
        'vault/a.md:3:5: error[missing-heading] no heading "Nowhere" in "b"',
    ]


def test_statistics_count_findings_per_code(make_vault):
    root = make_vault(BROKEN)
    text = run("check", str(root), "--statistics").stdout.splitlines()
    assert [line.split() for line in text[:2]] == [["2", "missing-note", "error"], ["1", "missing-heading", "error"]]
    data = json.loads(run("check", str(root), "--statistics", "--format", "json").stdout)
    assert data["statistics"] == [
        {"code": "missing-note", "severity": "error", "count": 2},
        {"code": "missing-heading", "severity": "error", "count": 1},
    ]
    assert run("check", str(root), "--statistics", "--format", "sarif").returncode == 2


def test_output_file_and_the_info_count(make_vault, tmp_path):
    root = make_vault({**BROKEN, "lonely.md": "# Nobody links here\n"})
    target = tmp_path / "check.json"
    result = run("check", str(root), "--orphans", "--format", "json", "-o", str(target))
    assert result.returncode == 1 and result.stdout == ""
    summary = json.loads(target.read_text(encoding="utf-8"))["summary"]
    assert (summary["errors"], summary["warnings"], summary["info"]) == (3, 0, 1)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_settings_are_found_in_the_vault_else_the_repository_root(tmp_path):
    """A vault in a sub-folder of a repository takes the repository root's `.vaulttool.toml`; its
    own file wins; `--config` wins over both; `--verbose` says which one was used."""
    repo = tmp_path / "repo"
    vault = repo / "notes"
    vault.mkdir(parents=True)
    _git(repo, "init", "-q")
    for name, text in BROKEN.items():
        (vault / name).write_text(text, encoding="utf-8")
    (repo / ".vaulttool.toml").write_text('[check]\nignore = ["missing-note"]\n', encoding="utf-8")
    result = run("check", str(vault), "--verbose", "--format", "json")
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes == {"missing-heading"}
    assert f"vaulttool: settings from {repo / '.vaulttool.toml'}" in result.stderr
    (vault / ".vaulttool.toml").write_text('[check]\nignore = ["missing-heading"]\n', encoding="utf-8")
    result = run("check", str(vault), "-v", "--format", "json")
    assert {d["code"] for d in json.loads(result.stdout)["diagnostics"]} == {"missing-note"}
    assert f"settings from {vault / '.vaulttool.toml'}" in result.stderr
    other = tmp_path / "other.toml"
    other.write_text('[check]\nignore = ["missing-note", "missing-heading"]\n', encoding="utf-8")
    assert run("check", str(vault), "--config", str(other)).returncode == 0
    missing = run("check", str(vault), "--config", str(tmp_path / "absent.toml"))
    assert missing.returncode == 2 and missing.stderr.startswith("vaulttool: error: ")


def test_colour_flags_and_no_color(make_vault):
    root = make_vault(BROKEN)
    escape = "\x1b["
    assert escape in run("--color", "check", str(root)).stdout  # forced, even into a pipe
    assert escape not in run("check", str(root)).stdout  # a pipe: no colour
    assert escape in run_on_tty("check", str(root), env={"NO_COLOR": ""})  # empty NO_COLOR: ignored
    assert escape not in run_on_tty("check", str(root), env={"NO_COLOR": "1"})
    assert escape in run_on_tty("--color", "check", str(root), env={"NO_COLOR": "1"})  # the option wins


def test_a_folder_with_no_notes(tmp_path):
    empty = tmp_path / "empty"
    (empty / "attachments").mkdir(parents=True)
    (empty / "attachments" / "pic.png").write_bytes(b"\x89PNG")
    for command in ("check", "verify"):
        result = run(command, str(empty))
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"vaulttool: error: no notes under {empty}\n"
    for command in (["status"], ["tags"], ["graph"], ["report", "--no-history"], ["status", "--format", "json"]):
        result = run(command[0], str(empty), *command[1:])
        assert result.returncode == 0, command
        assert f"vaulttool: no notes under {empty}" in result.stderr


def test_shell_completion_completes_folders_for_the_vault():
    script = Path(sys.executable).with_name("vaulttool")  # the console script pip installed beside python
    result = subprocess.run(
        [str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "_VAULTTOOL_COMPLETE": "bash_complete", "COMP_WORDS": "vaulttool check ", "COMP_CWORD": "2"},
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "dir,"


def test_pre_commit_hooks_check_and_verify():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["vaulttool-check"]["entry"] == "vaulttool check"
    assert hooks["vaulttool-verify"]["entry"] == "vaulttool verify"
    assert all(hook["pass_filenames"] is False and hook["language"] == "python" for hook in hooks.values())


def test_every_command_documents_its_exit_status_and_examples():
    for command in ("check", "verify"):
        text = " ".join(run(command, "--help").stdout.split())
        assert "Exit status" in text and "Examples:" in text and "relative to the current folder" in text
    assert "--watch" in run("status", "--help").stdout and "--watch" in run("check", "--help").stdout
    assert "NO_COLOR" in run("--help").stdout and "_VAULTTOOL_COMPLETE" in run("--help").stdout


def test_a_reader_that_leaves_early_gets_no_traceback(make_vault, tmp_path):
    """`vaulttool status vault | head -1`: the process ends at once after its output (it exits
    without freeing the vault's objects one by one), and a pipe closed early is not an error."""
    root = make_vault({f"n{n:04}.md": f"- #wonder why {n} is so\n- #hypothesis : {n} holds\n" for n in range(1500)})
    env = {**os.environ, "VAULTTOOL_CACHE_DIR": str(tmp_path / "cache")}
    whole = subprocess.run([sys.executable, "-m", "vaulttool", "status", str(root)], capture_output=True, env=env)
    assert whole.returncode == 0 and whole.stderr == b"" and len(whole.stdout) > 1 << 17  # more than a pipe holds
    assert whole.stdout.count(b"why") == 1500 and whole.stdout.rstrip().endswith(b"3000 open items in 1500 notes")
    for _ in range(2):  # parsed, then kept
        with subprocess.Popen(
            [sys.executable, "-m", "vaulttool", "status", str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            assert process.stdout.readline() == whole.stdout.splitlines(keepends=True)[0]
            process.stdout.close()
            assert process.stderr.read() == b""
            assert process.wait(timeout=60) in (0, 1)


def test_a_commands_analysis_outlives_it_when_the_process_exits_at_once(make_vault, monkeypatch):
    """Issue 15: the process's own run exits at once (`os._exit`) once the output is flushed, so
    the analysis a command built is kept until then, never freed object by object; a process
    that goes on (a test, a library caller) keeps nothing."""
    import gc
    import weakref

    from click.testing import CliRunner

    from vaulttool import process_end
    from vaulttool.analyse import Analysis
    from vaulttool.cli import main

    root = make_vault({"a.md": "[[b]]\n", "b.md": "text\n"})
    made: list[weakref.ref[Analysis]] = []
    init = Analysis.__init__

    def tracked(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(Analysis, "__init__", tracked)
    monkeypatch.setattr(process_end, "_kept", [])
    for at_once in (False, True):
        monkeypatch.setattr(process_end, "at_once", at_once)
        assert CliRunner().invoke(main, ["--no-cache", "check", str(root)]).exit_code == 0
        gc.collect()
        assert (made[-1]() is not None) == at_once
    assert process_end._kept == [made[-1]()]


def test_a_watch_lets_each_runs_analysis_go_before_the_next(monkeypatch):
    """`--watch` runs again in the same process: what a run kept is freed once it is done, so
    two analyses of a large vault are never held at once."""
    from vaulttool import process_end
    from vaulttool.commands import watching

    monkeypatch.setattr(process_end, "at_once", True)
    monkeypatch.setattr(process_end, "_kept", [])
    seen: list[int] = []

    def run() -> int:
        process_end.outlive(object())
        seen.append(len(process_end._kept))
        return 0

    for _ in range(3):
        watching._run_once(run, False, "vault")
        assert process_end._kept == []
    assert seen == [1, 1, 1]
