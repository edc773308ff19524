"""Running git on a vault without running anything the vault's repository configures.

A vault may come with its `.git` from someone else, and git's configuration can name commands
(`core.fsmonitor`, a diff `textconv`, a `filter.<driver>.clean`, a pager, `gpg.program`, ...) that
even read-only commands such as `git blame` run. Every call goes through `run`, which:

- reads no system or global configuration (`GIT_CONFIG_NOSYSTEM`, `GIT_CONFIG_GLOBAL=/dev/null`),
  keeping only the user's own `safe.directory` entries;
- overrides every command-valued key the repository's configuration sets, and the fixed keys
  below, in the command scope (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`: it
  wins over any file, and a key holding `=` stays one key);
- runs with no pager, no prompt, no optional locks, standard input closed, and a time limit.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

QUICK_TIMEOUT_S = 15.0
"""rev-parse and config: a repository whose files block (a FIFO) is given up quickly."""
TIMEOUT_S = 120.0
"""blame, log, ls-tree, cat-file on a large history."""

Override = tuple[str, str]

FIXED_OVERRIDES: tuple[Override, ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.askPass", ""),
    ("core.sshCommand", ""),
    ("core.gitProxy", ""),
    ("core.alternateRefsCommand", ""),
    ("credential.helper", ""),
    ("diff.external", ""),
    ("gpg.program", ""),
    ("log.showSignature", "false"),
    ("log.follow", "false"),
    ("blame.ignoreRevsFile", ""),
    ("protocol.allow", "never"),
)
"""Keys that run a command, or read a file named by the repository, in any command we call."""

COMMAND_KEYS = frozenset(
    {
        "textconv",
        "command",
        "cmd",
        "clean",
        "smudge",
        "process",
        "program",
        "helper",
        "driver",
        "editor",
        "pager",
        "sshcommand",
        "askpass",
        "gitproxy",
        "fsmonitor",
        "hookspath",
        "external",
        "packobjectshook",
        "alternaterefscommand",
        "uploadpack",
        "receivepack",
        "browser",
        "vcs",
        "sendmailcmd",
        "smtpserver",
    }
)
"""The last part of a configuration key whose value git may run as a command."""

_BOOLEAN_COMMANDS = {"fsmonitor": "false", "pager": "false"}
_REMOVED_ENVIRONMENT = (
    "GIT_EXTERNAL_DIFF",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_CONFIG_COUNT",
)
_GIT_FILES = ("HEAD", "config", "index", "packed-refs", "commondir", "info/attributes")


@dataclass(frozen=True, slots=True)
class Repository:
    """A git work tree holding the vault: its top folder, the commit HEAD names ("" before the
    first commit) and the configuration overrides that neutralise it."""

    toplevel: Path
    head: str
    overrides: tuple[Override, ...]


def environment(overrides: tuple[Override, ...] = ()) -> dict[str, str]:
    """The user's environment without git's system and global configuration or any helper, with
    `overrides` as command-scope configuration."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _REMOVED_ENVIRONMENT and not key.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))
    }
    for number, (key, value) in enumerate(overrides):
        env[f"GIT_CONFIG_KEY_{number}"] = key
        env[f"GIT_CONFIG_VALUE_{number}"] = value
    env["GIT_CONFIG_COUNT"] = str(len(overrides))
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
    )
    return env


@lru_cache(maxsize=1)
def trusted_safe_directories() -> tuple[str, ...]:
    """The `safe.directory` entries of the user's own (global and system) configuration: the
    repositories owned by someone else that the user has said git may read."""
    values: list[str] = []
    for scope in ("--system", "--global"):
        try:
            result = subprocess.run(
                ["git", "config", scope, "--get-all", "safe.directory"],
                cwd=os.sep,
                capture_output=True,
                stdin=subprocess.DEVNULL,
                timeout=QUICK_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        values += result.stdout.decode("utf-8", "replace").splitlines()
    return tuple(values)


def run(
    folder: Path,
    args: list[str],
    overrides: tuple[Override, ...] = FIXED_OVERRIDES,
    stdin: bytes | None = None,
    timeout: float = TIMEOUT_S,
) -> bytes | None:
    """`git -C folder <args>`'s standard output with `overrides`, or None if git is missing, fails
    or takes longer than `timeout` seconds."""
    safe = tuple(("safe.directory", value) for value in trusted_safe_directories())
    try:
        result = subprocess.run(
            ["git", "--no-pager", "-C", str(folder), *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=environment((*safe, *overrides)),
            timeout=timeout,
            check=False,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def neutralising_overrides(configured_keys: list[str]) -> tuple[Override, ...]:
    """Values that blank every command-valued key among `configured_keys`, after the fixed ones."""
    blanked: dict[str, str] = {}
    for key in configured_keys:
        section, _, rest = key.partition(".")
        name = rest.rpartition(".")[2].lower()
        if name in COMMAND_KEYS:
            blanked[key] = _BOOLEAN_COMMANDS.get(name, "")
        elif section.lower() == "pager":
            blanked[key] = "false"
    return (*FIXED_OVERRIDES, *blanked.items())


def _git_folder(folder: Path) -> Literal["none", "blocking", "readable"]:
    """Whether a `.git` is in `folder` or a parent (as git looks for one), and whether it holds
    a file git would read that is not a regular file or folder (a FIFO would block git forever)."""
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        try:
            mode = dot_git.stat().st_mode
        except OSError:
            continue
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
            return "blocking"
        if stat.S_ISREG(mode):
            return "readable"  # a `gitdir:` file: git follows it, within the time limit
        for name in _GIT_FILES:
            try:
                mode = (dot_git / name).stat().st_mode
            except OSError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return "blocking"
        return "readable"
    return "none"


def repository(folder: Path) -> Repository | None:
    """The git work tree holding `folder`, or None outside git (or without git, or when its
    repository cannot be read safely). Git is not run when no `.git` is in `folder` or above it
    and `GIT_DIR` does not name one elsewhere."""
    absolute = Path(os.path.abspath(folder))
    found = _git_folder(absolute)
    if found == "blocking" or (found == "none" and "GIT_DIR" not in os.environ):
        return None
    out = run(absolute, ["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"], timeout=QUICK_TIMEOUT_S)
    if out is None:
        out = run(absolute, ["rev-parse", "--show-toplevel"], timeout=QUICK_TIMEOUT_S)  # no commit yet
    lines = (out or b"").decode("utf-8", "replace").splitlines()
    if not lines:
        return None
    toplevel = Path(lines[0])
    keys = run(toplevel, ["config", "--list", "--name-only", "-z"], timeout=QUICK_TIMEOUT_S)
    if keys is None:
        return None
    configured = [key for key in keys.decode("utf-8", "replace").split("\0") if key]
    return Repository(toplevel, lines[1] if len(lines) > 1 else "", neutralising_overrides(configured))


def git(repo: Repository, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git in the repository's work tree with its configuration neutralised."""
    return run(repo.toplevel, list(args), repo.overrides, stdin=stdin)
