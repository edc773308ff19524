"""The hostile-vault suite (issue 16): every input of `hostile_cases.py`, generated afresh in a
temporary folder, goes through every command and format (`hostile_driver.RUNS`), and each run must

- end, within its time limit (no hang);
- exit 0, or 1 for `check` and `verify` findings; 2 only where the case says the vault itself is
  refused, and then with one `vaulttool: error:` line;
- print no traceback and no internal error; every stderr line is one positioned diagnostic
  (`path:line:col: severity[code] message`), a `vaulttool: warning:` line or the one error line;
- print inert output: JSON without NaN or Infinity, well-formed XML, terminal and GitHub text
  without control characters, GitHub output made of escaped workflow commands (then one summary
  line), Markdown and HTML without active markup;

and the vault must be unchanged (every entry's type, bytes, link target and mtime) with no file
named PWNED anywhere (a payload that would run code). Each case runs in its own process (a hang
cannot stop the others); the cases run a few at a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile_cases import BASE, CASES, Case, Unsupported
from hostile_driver import RUNS

RUN_SECONDS = 60.0  # a hang guard, generous for a loaded CI machine; a hang is minutes
CASE_SECONDS = 300.0
WORKERS = max(2, min(4, (os.cpu_count() or 1) + 1))
DRIVER = Path(__file__).with_name("hostile_driver.py")

DIAGNOSTIC = re.compile(r"[^\n]+:\d+:\d+: (error|warning|info)\[[a-z-]+\] [^\n]*")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
WORKFLOW_COMMAND = re.compile(r"::(error|warning|notice)(?: (?P<properties>[^\n]*?))?::(?P<message>[^\n]*)")
PROPERTY = re.compile(r"(file|line|col|endLine|endColumn|title)=([^,:%\n]|%(25|0D|0A|3A|2C))*")
MESSAGE = re.compile(r"([^%\r\n]|%(25|0D|0A))*")
ACTIVE_MARKDOWN = re.compile(
    r"<\s*(script|iframe|img|svg|object|embed|style|link|meta|form|input|a)\b|"
    r"\]\(\s*<?\s*(javascript|data|vbscript):",
    re.I,
)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")  # CommonMark: its content is text, never markup
ACTIVE_HTML = re.compile(
    r"<\s*(script|iframe|object|embed|form|img|base)\b|<[^>]*\son[a-z]+\s*=|"
    r"(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):",
    re.I,
)


def walk(root: Path):
    """(folder descriptor, name, lstat, relative path) of every entry under `root`, without
    following links and without paths (folders past PATH_MAX are reached through descriptors)."""
    pending = [(os.open(root, os.O_RDONLY | os.O_DIRECTORY), b"")]
    while pending:
        descriptor, relative = pending.pop()
        try:
            for name in sorted(os.listdir(descriptor)):
                info = os.lstat(name, dir_fd=descriptor)
                yield descriptor, name, info, os.path.join(relative, os.fsencode(name))
                if stat.S_ISDIR(info.st_mode):
                    inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=descriptor)
                    pending.append((inner, os.path.join(relative, os.fsencode(name))))
        finally:
            os.close(descriptor)


def fingerprint(root: Path) -> dict[bytes, tuple]:
    """Every entry under `root` (dot-folders too, links not followed, special files not opened):
    its type, its bytes' hash or its link target, and its mtime."""
    entries: dict[bytes, tuple] = {}
    for descriptor, name, info, relative in walk(root):
        content: str | bytes = ""
        if stat.S_ISREG(info.st_mode):
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=descriptor)
            with open(handle, "rb") as stream:
                content = hashlib.sha256(stream.read()).hexdigest()
        elif stat.S_ISLNK(info.st_mode):
            content = os.readlink(name, dir_fd=descriptor)
        entries[relative] = (stat.S_IFMT(info.st_mode), content, info.st_mtime_ns)
    return entries


def pwned(folder: Path) -> list[str]:
    return [name for _, name, _, _ in walk(folder) if name.startswith("PWNED")]


def run_case(base: Path, case: Case) -> dict:
    """Build the case, run the driver on it, and return what the tests assert on."""
    folder = base / case.name
    vault, outside, outputs, cwd = folder / case.folder, folder / "outside", folder / "outputs", folder / "cwd"
    for path in (vault, outside, outputs, cwd, folder / "home"):
        path.mkdir(parents=True)
    (vault / "Base.md").write_text(BASE, encoding="utf-8")
    try:
        case.build(vault, outside)
    except Unsupported as reason:
        return {"unsupported": str(reason)}
    before = fingerprint(vault)
    env = dict(
        os.environ,
        VAULTTOOL_CACHE_DIR=str(folder / "cache"),
        HOME=str(folder / "home"),
        XDG_CACHE_HOME=str(folder / "home" / ".cache"),
        MPLCONFIGDIR=str(folder / "home" / "mpl"),
    )
    env.pop("VAULTTOOL_NO_CACHE", None)
    try:
        done = subprocess.run(
            [sys.executable, str(DRIVER), str(vault), str(outputs), str(RUN_SECONDS)],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=CASE_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        runs = json.loads(done.stdout) if done.returncode == 0 else None
        crash = None if runs is not None else done.stderr[-3000:]
    except subprocess.TimeoutExpired:
        runs, crash = None, f"the driver did not end within {CASE_SECONDS} s"
    return {
        "runs": runs,
        "crash": crash,
        "outputs": outputs,
        "changed": fingerprint(vault) != before,
        "pwned": pwned(folder),
    }


@pytest.fixture(scope="module")
def results(request, tmp_path_factory) -> dict[str, dict]:
    """The results of the cases this session runs (all of them, or those `-k` selects)."""
    selected = {
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_a_hostile_vault_through_every_command_and_format"
    }
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {name: pool.submit(run_case, base, case) for name, case in CASES.items() if name in selected}
        return {name: future.result() for name, future in futures.items()}


def _params() -> list:
    return [
        pytest.param(name, marks=[pytest.mark.xfail(strict=True, reason=case.owner)] if case.owner else [], id=name)
        for name, case in CASES.items()
    ]


def test_there_are_at_least_sixty_inputs_and_twenty_six_runs_each():
    assert len(CASES) >= 60 and len(RUNS) == 26


@pytest.mark.parametrize("name", _params())
def test_a_hostile_vault_through_every_command_and_format(name, results):
    result = results[name]
    if "unsupported" in result:
        pytest.skip(result["unsupported"])
    case = CASES[name]
    assert result["crash"] is None, result["crash"]
    assert not result["pwned"], f"code ran: {result['pwned']}"
    assert not result["changed"], "the vault changed"
    problems = [
        f"{' '.join(run['args'])}: {problem}"
        for number, run in enumerate(result["runs"])
        for problem in run_problems(case, run, result["outputs"] / f"{number}.out")
    ]
    assert not problems, "\n".join(problems)


def run_problems(case: Case, run: dict, output: Path) -> list[str]:
    if run["stopped"]:
        return [f"no answer within {RUN_SECONDS} s"]
    if run["exception"]:
        return [f"exception: {run['exception'][-800:]}"]
    problems = []
    stderr = run["stderr"]
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("vaulttool: error: ")]
    if "Traceback" in stderr or "internal error" in stderr:
        problems.append(f"traceback or internal error: {stderr[-500:]!r}")
    if (
        any(
            not (DIAGNOSTIC.fullmatch(line) or line in errors or line.startswith("vaulttool: warning: "))
            for line in lines
        )
        or len(errors) > 1
    ):
        problems.append(f"stderr is not positioned diagnostics, warnings and one error line: {stderr[-500:]!r}")
    if CONTROL.search(stderr):
        problems.append("control characters on stderr")
    allowed = {0, 1} if run["args"][0] in ("check", "verify") else {0}
    if case.vault_error and run["exit"] == 2 and len(errors) == 1:
        return problems
    if run["exit"] not in allowed:
        problems.append(f"exit {run['exit']} (stderr {stderr[-300:]!r})")
        return problems
    return problems + output_problems(run["args"], output.read_bytes())


def output_problems(args: list[str], data: bytes) -> list[str]:
    """What makes this output unsafe to read, parse or render."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ["output is not UTF-8"]
    kind = args[args.index("--format") + 1] if "--format" in args else "text"
    if args[0] == "review" and kind == "text":
        kind = "markdown"
    if kind in ("json", "sarif"):
        try:
            json.loads(text, parse_constant=lambda constant: (_ for _ in ()).throw(ValueError(constant)))
        except ValueError as error:
            return [f"not strict JSON: {error}"]
    elif kind in ("graphml", "gexf"):
        try:
            ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            return [f"not well-formed XML: {error}"]
    elif kind in ("text", "github"):
        if CONTROL.search(text.replace("\t", " ")):
            return ["control characters in terminal output"]
        if kind == "github":
            return github_problems(text.splitlines())
    elif kind == "markdown":
        if found := ACTIVE_MARKDOWN.search(CODE_SPAN.sub("", text)):
            return [f"active markup in Markdown: {found.group()!r}"]
    elif kind == "html":
        if found := ACTIVE_HTML.search(text):
            return [f"active markup in HTML: {found.group()!r}"]
    return []


def github_problems(lines: list[str]) -> list[str]:
    """GitHub's workflow command syntax: properties escape `%`, CR, LF, `:` and `,`; the message
    escapes `%`, CR and LF (actions/toolkit, `command.ts` escapeProperty / escapeData)."""
    for line in lines[:-1]:  # the last line is the summary
        command = WORKFLOW_COMMAND.fullmatch(line)
        if command is None:
            return [f"not a workflow command in GitHub output: {line[:120]!r}"]
        properties = (command["properties"] or "").split(",") if command["properties"] else []
        if any(not PROPERTY.fullmatch(item) for item in properties) or not MESSAGE.fullmatch(command["message"]):
            return [f"unescaped workflow command in GitHub output: {line[:120]!r}"]
    return []
