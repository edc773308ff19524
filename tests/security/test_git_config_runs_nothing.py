"""A vault's git configuration runs nothing (issue 16, "Never run code from the vault").

git's configuration may name commands that even read-only commands run: `core.fsmonitor` (any
command that looks at the work tree), a diff driver's `textconv` (blame applies it), a
`filter.<driver>.clean` (blame cleans the uncommitted file it compares), `gpg.program` with
`log.showSignature`, pagers, hooks (git-config(1), gitattributes(5)). The vault below arms all of
them, each with a script that leaves a marker file; every command that dates items or reads the
history runs on it, and no marker may appear. A control run of plain git proves the traps are armed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git_env

COMMIT_DATE = "2025-01-07T10:00:00+00:00"
NOTE = "# Pumps\n\n- #hypothesis : the pump is electrogenic #waiting\n"

TRAPPED_KEYS = [
    ("core", None, "fsmonitor"),
    ("core", None, "pager"),
    ("core", None, "askPass"),
    ("core", None, "sshCommand"),
    ("core", None, "editor"),
    ("core", None, "alternateRefsCommand"),
    ("sequence", None, "editor"),
    ("diff", None, "external"),
    ("diff", "evil", "textconv"),
    ("diff", "evil", "command"),
    ("filter", "evil", "clean"),
    ("filter", "evil", "smudge"),
    ("filter", "proc", "process"),
    ("filter", "a=b", "clean"),
    ("gpg", None, "program"),
    ("pager", None, "log"),
    ("pager", None, "blame"),
    ("credential", None, "helper"),
    ("uploadpack", None, "packObjectsHook"),
]
HOOKS = ("post-checkout", "post-index-change", "reference-transaction", "pre-commit", "fsmonitor-watchman")


def git(root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    environment = git_env(COMMIT_DATE, **(env or {}))
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env=environment,
        check=check,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def trap(folder: Path, markers: Path, name: str) -> str:
    """A script that leaves `markers/name` and passes its input through."""
    script = folder / f"trap-{name}"
    script.write_text(f'#!/bin/sh\ntouch "{markers}/{name}"\ncat\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def signed_commit(repo: Path) -> None:
    """Make HEAD a commit carrying a (bogus) signature, so `log.showSignature` would call gpg."""
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    parent = git(repo, "rev-parse", "HEAD").strip()
    body = (
        f"tree {tree}\nparent {parent}\nauthor t <t@x> 1736244000 +0000\ncommitter t <t@x> 1736244000 +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    objects = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=body,
        capture_output=True,
        text=True,
        check=True,
    )
    git(repo, "update-ref", "HEAD", objects.stdout.strip())


@pytest.fixture(scope="module")
def armed_vault(tmp_path_factory) -> tuple[Path, Path]:
    """(vault, markers folder): a vault in git whose configuration arms every trap above."""
    tmp_path = tmp_path_factory.mktemp("trapped")
    vault, markers, scripts = tmp_path / "vault", tmp_path / "markers", tmp_path / "scripts"
    for folder in (vault, markers, scripts, scripts / "hooks"):
        folder.mkdir()
    git(vault, "init", "-q")
    (vault / "Pumps.md").write_text(NOTE, encoding="utf-8")
    (vault / "Other.md").write_text(NOTE, encoding="utf-8")
    (vault / "Third.md").write_text(NOTE, encoding="utf-8")
    (vault / "Fourth.md").write_text(NOTE, encoding="utf-8")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "first")
    signed_commit(vault)
    # uncommitted edits: blame then reads (and would clean, textconv) the work-tree files
    for name in ("Pumps.md", "Other.md", "Third.md", "Fourth.md"):
        (vault / name).write_text(NOTE + "- I #wonder why\n", encoding="utf-8")
    (vault / ".gitattributes").write_text(
        "*.md diff=evil filter=evil\nOther.md filter=incl\nThird.md filter=a=b\nFourth.md filter=proc\n",
        encoding="utf-8",
    )
    (vault / ".git" / "info").mkdir(exist_ok=True)
    (vault / ".git" / "info" / "attributes").write_text("Pumps.md diff=evil filter=evil\n", encoding="utf-8")
    lines = []
    for section, subsection, key in TRAPPED_KEYS:
        header = f'[{section} "{subsection}"]' if subsection else f"[{section}]"
        lines += [header, f"\t{key} = {trap(scripts, markers, f'{section}.{subsection}.{key}')}"]
    for hook in HOOKS:
        trap(scripts / "hooks", markers, f"hook.{hook}")
        (scripts / "hooks" / hook).symlink_to(scripts / "hooks" / f"trap-hook.{hook}")
    included = scripts / "included.gitconfig"
    included.write_text(f'[filter "incl"]\n\tclean = {trap(scripts, markers, "included.clean")}\n', encoding="utf-8")
    lines += [
        "[core]",
        f"\thooksPath = {scripts / 'hooks'}",
        "[log]",
        "\tshowSignature = true",
        "[alias]",
        f"\tblame = !{trap(scripts, markers, 'alias.blame')}",
        f"\tlog = !{trap(scripts, markers, 'alias.log')}",
        "[include]",
        f"\tpath = {included}",
    ]
    with (vault / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write("\n".join(lines) + "\n")
    return vault, markers


@pytest.fixture
def trapped_vault(armed_vault) -> tuple[Path, Path]:
    """The armed vault, with no marker left by an earlier test."""
    for marker in armed_vault[1].iterdir():
        marker.unlink()
    return armed_vault


def vaulttool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vaulttool", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_traps_are_armed(trapped_vault):
    """Control: plain git on the same vault runs the fsmonitor, the filter, the textconv and gpg."""
    vault, markers = trapped_vault
    for note in ("Pumps.md", "Other.md", "Third.md", "Fourth.md"):
        git(vault, "blame", "--porcelain", "--", note, check=False)
    git(vault, "log", "--format=%H", check=False)
    fired = {path.name for path in markers.iterdir()}
    assert {
        "core.None.fsmonitor",
        "filter.evil.clean",
        "filter.a=b.clean",
        "filter.proc.process",
        "included.clean",
        "diff.evil.textconv",
        "gpg.None.program",
    } <= fired


COMMANDS = [
    ("status", "--format", "json"),
    ("status", "--all"),
    ("report", "--format", "json"),
    ("report", "--format", "html"),
    ("report", "--format", "markdown"),
    ("review", "--format", "markdown", "--include", "corrected,partial,verified,open"),
    ("review", "--format", "html"),
    ("tags",),
    ("check",),
    ("verify",),
    ("graph",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_no_command_runs_anything_the_vault_configures(trapped_vault, tmp_path, command):
    vault, markers = trapped_vault
    done = vaulttool(*command, str(vault), cwd=tmp_path)
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr
    assert sorted(path.name for path in markers.iterdir()) == []


def test_items_are_still_dated_by_git_blame(trapped_vault, tmp_path):
    """Neutralised, git still answers: the committed line carries its commit's date, the uncommitted
    one today's (git blame's own answer for lines not yet committed)."""
    vault, markers = trapped_vault
    done = vaulttool("status", "--format", "json", str(vault), cwd=tmp_path)
    since = {(item["path"], item["line"]): item["since"] for item in json.loads(done.stdout)["items"]}
    assert since[("Pumps.md", 3)] == "2025-01-07"
    assert since[("Pumps.md", 4)] != "2025-01-07"
    assert list(markers.iterdir()) == []


def test_the_report_timeline_still_reads_the_history(trapped_vault, tmp_path):
    vault, markers = trapped_vault
    done = vaulttool("report", "--format", "json", str(vault), cwd=tmp_path)
    timeline = json.loads(done.stdout)["summary"]["timeline"]
    assert [(week["week"], week["open"]) for week in timeline] == [("2025-01-06", 4)]  # four notes, one open item each
    assert list(markers.iterdir()) == []


def test_a_repository_whose_config_is_a_fifo_is_not_read(make_vault, tmp_path, time_limit):
    """git would block opening a FIFO for ever: vaulttool sees it first and dates items without git."""
    vault = make_vault({"n.md": NOTE})
    git(vault, "init", "-q")
    (vault / ".git" / "config").unlink()
    os.mkfifo(vault / ".git" / "config")
    with time_limit(30):
        done = vaulttool("status", "--format", "json", str(vault), cwd=tmp_path)
    assert done.returncode == 0 and [item["since"] for item in json.loads(done.stdout)["items"]] != [None]


def test_a_repository_owned_by_someone_else_is_read_only_when_the_user_trusts_it(tmp_path):
    """git refuses a repository another user owns unless the user's own configuration lists it in
    `safe.directory` (git-config(1)); vaulttool keeps exactly those entries of the user's global
    configuration, and nothing else from it."""
    if os.geteuid() != 0:
        pytest.skip("handing the repository to another user needs root")
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "n.md").write_text(NOTE, encoding="utf-8")
    git(vault, "init", "-q")
    git(vault, "add", "-A")
    git(vault, "commit", "-qm", "first")
    for folder, folders, names in os.walk(vault):
        for name in [folder, *(os.path.join(folder, n) for n in folders + names)]:
            os.lchown(name, 65534, 65534)
    home = tmp_path / "home"
    home.mkdir()

    def since() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "vaulttool", "status", "--format", "json", str(vault)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            env=dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home)),
        )
        return json.loads(done.stdout)["items"][0]["since"]

    assert since() != "2025-01-07"  # not trusted: dated by the file's modification time
    (home / ".gitconfig").write_text(f"[safe]\n\tdirectory = {vault}\n", encoding="utf-8")
    assert since() == "2025-01-07"
