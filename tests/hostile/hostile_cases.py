"""The hostile vault inputs of issue 16, each built from nothing in a temporary folder.

A case is a function that fills an empty vault folder (which already holds `Base.md`, a note with
lifecycle items and calculator claims, so that every command has real work to do) and may use a
folder beside the vault (`outside`) for targets that must never be read. `owner` names who fixes
a case that still fails (the test marks it xfail, strict); `vault_error` says that every command
may refuse the vault with one `vaulttool: error:` line (exit 2).

Markers: a case that tries to run code writes it so that it would create a file whose name starts
with `PWNED` in the case folder; the suite asserts that none appears.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASE = """\
# Base

- #hypothesis : the pump is electrogenic #explanation : no, ~~it is neutral~~ it moves 3 Na+ for 2 K+
- I #wonder why the membrane rests near E_K #waiting
- `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV` #to_verify
- see [[Other]] and [[Base#Base]]

```ghk
temperature: 20 °C
ions:
  K+: {inside: 400 mM, outside: 20 mM, permeability: 1}
  Na+: {inside: 50 mM, outside: 440 mM, permeability: 0.04}
  Cl-: {inside: 52 mM, outside: 560 mM, permeability: 0.45}
expect: -60 mV ± 2
```
"""

Build = Callable[[Path, Path], None]


class Unsupported(Exception):
    """This system cannot build the case (e.g. creating a device node needs privileges)."""


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    owner: str | None = None
    vault_error: bool = False
    folder: str = "vault"


CASES: dict[str, Case] = {}


def case(name: str, owner: str | None = None, vault_error: bool = False, folder: str = "vault"):
    def register(build: Build) -> Build:
        assert name not in CASES, name
        CASES[name] = Case(name, build, owner, vault_error, folder)
        return build

    return register


def write(root: Path, relative: str | bytes, content: str | bytes) -> None:
    path = os.path.join(os.fsencode(root), relative if isinstance(relative, bytes) else os.fsencode(relative))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(content.encode("utf-8") if isinstance(content, str) else content)


def git(root: Path, *args: str, stdin: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@x",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@x",
        GIT_AUTHOR_DATE="2025-01-07T10:00:00+00:00",
        GIT_COMMITTER_DATE="2025-01-07T10:00:00+00:00",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True, input=stdin
    ).stdout


def committed(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "notes")


def marker_script(outside: Path, name: str) -> str:
    """A script that would leave `PWNED-name` in the case folder."""
    script = outside / f"run-{name}"
    script.write_text(f'#!/bin/sh\ntouch "{outside.parent}/PWNED-{name}"\ncat\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


# Files the file system holds: special files, links, sizes, names -------------------------------


@case("fifo-note")
def _(root, outside):
    os.mkfifo(root / "pipe.md")


@case("fifo-attachment-embedded")
def _(root, outside):
    os.mkfifo(root / "pipe.png")
    write(root, "Embeds.md", "![[pipe.png]] and ![[pipe]] and [x](pipe.png)\n")


@case("socket-note")
def _(root, outside):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "s.md"))
    except OSError as error:
        raise Unsupported(f"cannot bind a socket there: {error}") from None
    finally:
        server.close()


@case("character-device-note")
def _(root, outside):
    try:
        os.mknod(root / "zero.md", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        raise Unsupported("creating a device node needs privileges") from None


@case("symlink-to-itself")
def _(root, outside):
    os.symlink("loop.md", root / "loop.md")
    write(root, "Links.md", "[[loop]]\n")


@case("symlink-pair-loop")
def _(root, outside):
    os.symlink("b.md", root / "a.md")
    os.symlink("a.md", root / "b.md")


@case("symlink-dangling")
def _(root, outside):
    os.symlink("nowhere/at/all.md", root / "dangling.md")
    os.symlink(outside / "gone.md", root / "dangling-out.md")


@case("symlink-note-to-a-secret-outside")
def _(root, outside):
    write(outside, "secret.md", "#hypothesis SECRET-OUTSIDE\n")
    os.symlink(outside / "secret.md", root / "secret.md")
    os.symlink("/etc/passwd", root / "passwd.md")
    os.symlink("/dev/zero", root / "zero.md")


@case("symlink-folder-to-the-root")
def _(root, outside):
    os.symlink("/", root / "everything")
    os.symlink(outside, root / "outside")


@case("symlink-folder-loop")
def _(root, outside):
    os.symlink(".", root / "again")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")


@case("symlink-note-to-a-fifo-inside")
def _(root, outside):
    os.mkfifo(root / "pipe")
    os.symlink("pipe", root / "through.md")


@case("note-over-the-size-limit")
def _(root, outside):
    with open(root / "huge.md", "wb") as stream:
        stream.truncate(11 * 1024 * 1024)  # sparse: no disk used, never read


@case("note-of-200000-lines")
def _(root, outside):
    write(root, "long.md", "".join(f"- item {n} #tag{n % 50}\n" for n in range(200_000)))


@case("note-of-one-1mb-line")
def _(root, outside):
    write(root, "line.md", ("word " * 100 + "$x$ `c` [[Base]] #tag ") * 2_000)


@case("note-with-nul-bytes")
def _(root, outside):
    write(root, "nul.md", b"# N\x00ul\n\n- #hypothesis \x00 x \x00#explanation : no\x00\n" * 100)


@case("note-of-random-bytes")
def _(root, outside):
    write(root, "random.md", bytes(range(256)) * 400)


@case("note-in-latin1")
def _(root, outside):
    write(root, "latin.md", "# Caf\xe9\n\n- #hypothesis : l'\xe9t\xe9 #explanation : non\n".encode("latin-1"))


@case("notes-empty-bom-and-blank")
def _(root, outside):
    write(root, "empty.md", b"")
    write(root, "bom.md", b"\xef\xbb\xbf")
    write(root, "blank.md", " \n\t\n\r\n" * 100)


@case("line-ends-crlf-and-lone-cr")
def _(root, outside):
    write(root, "cr.md", "# CR\r\r- #hypothesis : a\r- #wonder b\r\n- [[Base]]\r")


@case("file-name-not-utf8")
def _(root, outside):
    write(root, b"caf\xe9.md", "#hypothesis : latin-1 name\n")
    write(root, b"dir\xff/n.md", "#hypothesis : in a latin-1 folder\n")


@case("file-name-with-a-newline")
def _(root, outside):
    write(root, "two\nlines.md", "- #hypothesis : x #explanation : no\n[[missing]]\n")
    write(root, "a\n::error file=x::pwned.md", "[[gone]]\n")


@case("file-name-with-terminal-escapes")
def _(root, outside):
    write(root, "\x1b[2J\x1b]0;pwned\x07red.md", "- #hypothesis : x #explanation : no\n[[missing]]\n")


@case("file-name-with-bidi-override")
def _(root, outside):
    write(root, "invoice\u202egnp.md", "- #hypothesis : x #explanation : no\n[[missing]]\n")


@case("file-name-of-255-bytes")
def _(root, outside):
    write(root, "n" * 252 + ".md", "- #hypothesis : long name #explanation : yes\n")
    write(root, "é" * 126 + ".md", "[[" + "n" * 252 + "]]\n")


@case("folders-200-deep")
def _(root, outside):
    write(root, "/".join(["d"] * 200) + "/deep.md", "- #hypothesis : deep #explanation : yes\n[[Base]]\n")


@case("folders-beyond-path-max")
def _(root, outside):
    descriptor = os.open(root, os.O_RDONLY)
    try:
        for level in range(20):  # 20 names of 250 bytes: 5,000 bytes, past Linux's PATH_MAX of 4096
            name = f"{level:02}" + "d" * 248
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        note = os.open("n.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(note, b"#hypothesis : very deep\n")
        os.close(note)
    finally:
        os.close(descriptor)


@case("three-hundred-notes")
def _(root, outside):
    for n in range(300):
        write(root, f"n/{n:03}.md", f"- #hypothesis : {n} #explanation : no, [[n/{(n + 1) % 300:03}]]\n")


@case("five-thousand-attachments")
def _(root, outside):
    for n in range(5000):
        write(root, f"img/{n}.png", b"")
    write(root, "Gallery.md", " ".join(f"![[{n}.png]]" for n in range(0, 5000, 7)) + "\n")


@case("file-names-windows-forbids")
def _(root, outside):
    for name in ("CON.md", "a:b.md", "q?.md", "*.md", "|.md", " lead.md", "trail .md", "<x>.md", 'quo"te.md'):
        write(root, name, f"- #hypothesis : {name} #explanation : yes\n[[CON]] [[a:b]]\n")


@case("file-names-that-look-like-options")
def _(root, outside):
    for name in ("-rf.md", "--help.md", "-.md", "--.md"):
        write(root, name, "- #hypothesis : option-like #waiting\n")
    committed(root)
    write(root, "-rf.md", "- #hypothesis : option-like #waiting\n- #wonder changed\n")


@case("a-home-folder")
def _(root, outside):
    write(root, ".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n")
    write(root, ".cache/x/readme.md", "#hypothesis : cached\n")
    write(root, "node_modules/pkg/README.md", "#hypothesis : a dependency\n")
    write(root, "src/project/.venv/lib/site/README.md", "#hypothesis : venv\n")
    write(root, "Documents/Notes/Neuro.md", "- #hypothesis : home note #explanation : yes\n")
    os.symlink("/", root / "rootfs")
    os.symlink("/proc/self", root / "self")


# Git -------------------------------------------------------------------------------------------


@case("git-config-that-runs-commands")
def _(root, outside):
    committed(root)
    write(root, "Base.md", BASE + "- #wonder uncommitted\n")
    write(root, ".gitattributes", "*.md diff=evil filter=evil\n")
    keys = [
        ("core", "fsmonitor"),
        ("core", "pager"),
        ("diff", "external"),
        ('diff "evil"', "textconv"),
        ('filter "evil"', "clean"),
        ('filter "evil"', "smudge"),
        ("gpg", "program"),
        ("core", "askPass"),
    ]
    lines = [
        f"[{section}]\n\t{key} = {marker_script(outside, section.split()[0] + '-' + key)}" for section, key in keys
    ]
    lines += ["[log]\n\tshowSignature = true", f"[alias]\n\tblame = !{marker_script(outside, 'alias')}"]
    with (root / ".git" / "config").open("a") as config:
        config.write("\n".join(lines) + "\n")


@case("git-config-is-a-fifo")
def _(root, outside):
    committed(root)
    (root / ".git" / "config").unlink()
    os.mkfifo(root / ".git" / "config")


@case("git-index-is-a-fifo")
def _(root, outside):
    committed(root)
    (root / ".git" / "index").unlink()
    os.mkfifo(root / ".git" / "index")


@case("git-head-is-garbage")
def _(root, outside):
    committed(root)
    (root / ".git" / "HEAD").write_bytes(b"\x00\xff garbage\n" * 1000)


@case("git-dir-file-points-elsewhere")
def _(root, outside):
    (root / ".git").write_text(f"gitdir: {outside}/nonexistent\n")


@case("git-commit-dated-in-year-3-million")
def _(root, outside):
    committed(root)
    tree = git(root, "rev-parse", "HEAD^{tree}").strip()
    body = f"tree {tree}\nauthor t <t@x> 99999999999999 +0000\ncommitter t <t@x> 99999999999999 +0000\n\nfuture\n"
    commit = git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=body).strip()
    git(root, "update-ref", "HEAD", commit)


@case("git-repository-without-commits")
def _(root, outside):
    git(root, "init", "-q")


@case("git-objects-corrupt")
def _(root, outside):
    committed(root)
    for folder, _, names in os.walk(root / ".git" / "objects"):
        for name in names:
            path = Path(folder, name)
            path.chmod(0o644)
            path.write_bytes(b"corrupt")


@case("git-sixty-commits")
def _(root, outside):
    git(root, "init", "-q")
    for week in range(60):
        write(root, "Base.md", BASE + "".join(f"- #hypothesis : week {n}\n" for n in range(week)))
        git(root, "add", "-A")
        stamp = f"{1704067200 + week * 7 * 86400} +0000"
        subprocess.run(
            ["git", "-C", str(root), "commit", "-qm", f"w{week}"],
            check=True,
            capture_output=True,
            env=dict(
                os.environ,
                GIT_AUTHOR_NAME="t",
                GIT_AUTHOR_EMAIL="t@x",
                GIT_COMMITTER_NAME="t",
                GIT_COMMITTER_EMAIL="t@x",
                GIT_AUTHOR_DATE=stamp,
                GIT_COMMITTER_DATE=stamp,
                GIT_CONFIG_GLOBAL=os.devnull,
            ),
        )


# Lines the scanners must read in linear time ---------------------------------------------------


def _line_case(name: str, line: str) -> None:
    case(name)(lambda root, outside: write(root, "line.md", f"- #hypothesis : {line}\n"))


_line_case("line-of-dollars", "$" * 30_000)
_line_case("line-of-dollar-words", "$a " * 10_000)
_line_case("line-of-backticks", "`" * 30_000)
_line_case("line-of-backtick-runs", "".join("`" * k + "a" for k in range(1, 240)))
_line_case("line-of-wiki-openers", "[[" * 15_000)
_line_case("line-of-strikes", "~~" * 15_000)
_line_case("line-of-strike-words", "~~a " * 10_000)
_line_case("line-of-link-then-spaces", "[a](" + " " * 30_000)
_line_case("line-of-link-then-blank-lines", "[a](\t" + "\t \n" * 10_000)
_line_case("line-of-comment-openers", "<!--" * 7_500)
_line_case("line-of-percent-comments", "%%a" * 10_000)
_line_case("line-of-brackets", "[" * 30_000)
_line_case("line-of-backslashes", "\\" * 30_000)
_line_case("line-of-everything", "$`[[~~%%<!--#](" * 2_000)
_line_case("line-of-hashes", "#" * 30_000)
_line_case("line-of-tags", "#t " * 10_000)
_line_case("line-of-block-ids", " ^a" * 10_000)
_line_case("line-of-pipes", "| " * 250_000)  # a table's start searched for: was quadratic in a line's pipes


@case("ten-thousand-openers-in-one-unit")
def _(root, outside):
    write(root, "openers.md", "- " + " ".join(["#hypothesis x"] * 10_000) + "\n")


@case("two-thousand-answers-in-one-unit")
def _(root, outside):
    write(root, "answers.md", "- #hypothesis x " + " ".join(["#explanation : no ~~a~~"] * 2_000) + "\n")


@case("nested-tag-of-100kb")
def _(root, outside):
    write(root, "nested.md", "#" + "a/" * 50_000 + "a\n")


@case("blockquote-5000-deep")
def _(root, outside):
    write(root, "quote.md", ">" * 5000 + " #hypothesis : deep quote\n")


@case("list-2000-deep")
def _(root, outside):
    write(root, "list.md", "".join("  " * n + "- #wonder level\n" for n in range(2000)))


@case("ten-thousand-headings")
def _(root, outside):
    write(root, "headings.md", "".join(f"# H{n}\n" for n in range(10_000)) + "[[#H9999]] [[#nope]]\n")


@case("links-out-of-the-vault")
def _(root, outside):
    write(outside, "secret.md", "SECRET-OUTSIDE\n")
    write(
        root,
        "Out.md",
        "[[../outside/secret]] [[/etc/passwd]] ![[/dev/zero]] [x](../../../../etc/shadow) "
        "[y](file:///etc/passwd) [z](<../outside/secret.md>) obsidian://open?path=/etc/passwd "
        "[u](obsidian://open?vault=vault&file=..%2F..%2Fetc%2Fpasswd) ![[../outside/secret.md#H]]\n",
    )


@case("unclosed-html-comment-and-code")
def _(root, outside):
    write(root, "open.md", "<!-- never closed\n\n```never closed\n\n$$ never closed\n\n%% never closed\n" * 2000)


# Front matter ----------------------------------------------------------------------------------


def _front_matter_case(name: str, yaml_text: str) -> None:
    case(name)(lambda root, outside: write(root, "fm.md", f"---\n{yaml_text}\n---\n#hypothesis x\n"))


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(9)
)
_front_matter_case("yaml-billion-laughs", _BOMB + "tags: *j")
_front_matter_case("yaml-recursive-alias", "a: &a [*a]\ntags: *a\ncreated: *a")
_front_matter_case("yaml-dates-that-do-not-exist", "created: 2025-02-30\ndate: 2025-13-01T25:61:00")
_front_matter_case("yaml-odd-types", "tags: {a: 1}\naliases: 5\ncreated: [1, 2]\ndate: true\ncssclasses: .nan")
_front_matter_case("yaml-deep-nesting", "tags: " + "[" * 10_000 + "]" * 10_000)
_front_matter_case(
    "yaml-python-tag", "x: !!python/object/apply:os.system ['touch PWNED-yaml']\ny: !!python/name:os.system"
)
_front_matter_case("yaml-huge", "".join(f"key{n}: [value, {n}]\n" for n in range(10_000)))
_front_matter_case("front-matter-unclosed", "tags: [a, b")


# Calculator claims -----------------------------------------------------------------------------


@case("claims-with-edge-values")
def _(root, outside):
    values = ["0 mM", "-1 mM", "inf mM", "nan mM", "1e308 mM", "1e-320 mM", "1e308 M"]
    lines = [f"- `nernst: K+ in {v}, out 5 mM, 37 °C => -89 mV`" for v in values]
    lines += [f"- `nernst: K+ in 140 mM, out 5 mM, {t} => -89 mV`" for t in ("0 K", "-300 °C", "1e308 K", "1e-320 K")]
    lines += ["- `nernst: K+ in 140 mM, out 5 mM, 37 °C => nan mV`", "- `nernst: K+ in 140 mM, out 5 mM => 1e308 mV`"]
    write(root, "Edges.md", "\n".join(lines) + "\n")


@case("claim-ghk-at-a-billion-kelvin")
def _(root, outside):
    write(
        root,
        "Hot.md",
        "```ghk\ntemperature: 1e9 K\nions:\n  K+: {inside: 140 mM, outside: 5 mM, permeability: 1}\n"
        "  Ca2+: {inside: 100 nM, outside: 2 mM, permeability: 1}\n"
        "  Mg2+: {inside: 0.5 mM, outside: 1 mM, permeability: 1}\nexpect: -60 mV\n```\n",
    )


@case("claim-block-yaml-bomb")
def _(root, outside):
    write(root, "Bomb.md", f"```nernst\n{_BOMB}ion: *j\n```\n\n```ghk\na: &a [*a]\nions: *a\n```\n")


@case("claim-block-python-tag")
def _(root, outside):
    write(root, "Py.md", "```nernst\nion: !!python/object/apply:os.system ['touch PWNED-claim']\n```\n")


@case("a-thousand-claims")
def _(root, outside):
    write(
        root,
        "Many.md",
        "".join(f"- `nernst: K+ in {n % 200 + 1} mM, out 5 mM, 37 °C => -89 mV`\n" for n in range(1000)),
    )


# Settings files --------------------------------------------------------------------------------


def _settings_case(name: str, build: Build, vault_error: bool = False) -> None:
    case(name, vault_error=vault_error)(build)


_settings_case(
    "toml-wrong-types",
    lambda r, o: write(r, ".vaulttool.toml", "[vault]\nnames = 5\n[lifecycle]\nhypothesis = {a = 1}\n"),
    True,
)
_settings_case("toml-not-toml", lambda r, o: write(r, ".vaulttool.toml", b"\xff\xfe[[[\x00"), True)
_settings_case(
    "toml-deep-nesting", lambda r, o: write(r, ".vaulttool.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"), True
)
_settings_case(
    "toml-symlink-out",
    lambda r, o: (write(o, "t.toml", "[vault]\nnames = ['SECRET']\n"), os.symlink(o / "t.toml", r / ".vaulttool.toml")),
)
_settings_case("toml-symlink-to-dev-zero", lambda r, o: os.symlink("/dev/zero", r / ".vaulttool.toml"))
_settings_case("toml-fifo", lambda r, o: os.mkfifo(r / ".vaulttool.toml"))
_settings_case(
    "app-json-wrong-types",
    lambda r, o: write(r, ".obsidian/app.json", '{"userIgnoreFilters": 5, "attachmentFolderPath": [1]}'),
    True,
)
_settings_case("app-json-deep-nesting", lambda r, o: write(r, ".obsidian/app.json", "[" * 100_000 + "]" * 100_000))
_settings_case(
    "app-json-symlink-out",
    lambda r, o: (
        write(o, "app.json", '{"userIgnoreFilters": ["Base.md"]}'),
        (r / ".obsidian").mkdir(),
        os.symlink(o / "app.json", r / ".obsidian" / "app.json"),
    ),
)
_settings_case("app-json-fifo", lambda r, o: ((r / ".obsidian").mkdir(), os.mkfifo(r / ".obsidian" / "app.json")))
_settings_case(
    "app-json-catastrophic-regex",
    lambda r, o: (
        write(r, ".obsidian/app.json", '{"userIgnoreFilters": ["/^(a+)+$/", "/(x|x)*y/"]}'),
        write(r, "a" * 40 + "!.md", "#hypothesis : backtracking name\n"),
        write(r, "x" * 40 + ".md", "#wonder x\n"),
    ),
)


# What the outputs must show as text ------------------------------------------------------------


@case("html-and-links-that-would-run")
def _(root, outside):
    write(
        root,
        "Html.md",
        "- #hypothesis : <script>alert(1)</script> #explanation : no, <img src=x onerror=alert(2)>\n"
        "- #hypothesis : [click](javascript:alert(3)) #verifed : wrong, <iframe src=//x></iframe>\n"
        "- I #wonder about [data](data:text/html,<script>alert(4)</script>)\n",
    )


@case("terminal-escapes-in-note-text")
def _(root, outside):
    write(
        root,
        "Ansi.md",
        "- #hypothesis : \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 "
        "#explanation : no, \x9b2J and \x7f and \u202eevil\n[[\x1b[2Jmissing]]\n",
    )


@case("github-properties-in-file-names")
def _(root, outside):
    write(root, "100%,a:b.md", "[[missing one]]\n`nernst: K+ in 0 mM, out 5 mM, 37 °C => -89 mV`\n")


@case("backtick-in-file-name")
def _(root, outside):
    write(root, "tick`) [evil](javascript:x) `.md", "- #hypothesis : x #explanation : no, y\n")


@case("vault-folder-named-like-markup", folder="<img src=x onerror=alert(1)> \x1b[31m")
def _(root, outside):
    pass
