"""Link integrity: resolutions and parse problems → `Diagnostic`s with stable codes.

`RULES` is the catalogue `vaulttool rules` prints. Errors and warnings are on by default, info
codes only when asked (`--select`, `--orphans`). A line opts out with
`%% vaulttool: ignore[missing-note] %%`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vaulttool.index import FileIndex, display_name, file_name, is_note, key
from vaulttool.model import Diagnostic, Note, Position, Severity
from vaulttool.resolve import Resolution, Resolver, heading_path, strip_heading

if TYPE_CHECKING:
    from vaulttool.vault import Vault

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    example: str


RULES: dict[str, Rule] = {rule.code: rule for rule in (
    Rule("missing-note", E, "A link or embed names a note that no file in the vault matches (aliases do not count).",
         "[[Membrane Potentail]]"),
    Rule("missing-heading", E, "The note exists but has no such heading (compared as Obsidian does: special "
         "characters and case ignored; `H1#H2` means H2 under H1).", "[[Glia#Myelinating cels]]"),
    Rule("missing-block", E, "The note exists but no paragraph or list item in it ends with that `^block-id`.",
         "[[Synaptic Transmission#^katz-quantum]]"),
    Rule("missing-attachment", E, "An image, pdf, audio, video, canvas or base file that is not in the vault "
         "(attachments need their extension).", "![[Pasted image 2025.png]]"),
    Rule("outside-vault", E, "The path leaves the vault (`..` past its root, an absolute path, `file://`); "
         "it is never read.", "[notes](../../Documents/notes.md)"),
    Rule("empty-link", E, "A link with nothing to link to.", "[[]] or [text]()"),
    Rule("bad-front-matter", E, "The YAML front matter cannot be read; Obsidian ignores its properties.",
         "---\\ntags: [a, b\\n---"),
    Rule("undecodable", E, "The file is not valid UTF-8; it was read with replacement characters.",
         "a note saved as Latin-1"),
    Rule("ambiguous-link", W, "Several files have that name; Obsidian opens the one in the linking note's folder, "
         "else the one with the shortest path. Write the path to say which.", "[[Security and privacy]]"),
    Rule("duplicate-block-id", W, "The same `^block-id` is defined twice in one note; links reach only one.",
         "two paragraphs ending in ^summary"),
    Rule("unknown-lifecycle-tag", W, "A tag that is a near miss of the lifecycle vocabulary, so the "
         "hypothesis lifecycle does not see it.", "#hypotesis, #verfied (#verifed is vocabulary)"),
    Rule("orphan-answer", W, "An answer tag (#explanation, #clarification, #verifed) with no #hypothesis, #wonder "
         "or #to_verify before it in its paragraph or list item, so it answers nothing; an answer in a child "
         "bullet does not close its parent's item.", "- #hypothesis : x  /  \t- #explanation : y"),
    Rule("orphan-note", I, "No links in or out of the note (`--orphans`).", "a note nothing links to, linking nowhere"),
    Rule("foreign-vault-uri", I, "An obsidian:// URI for a vault this one does not declare (.vaulttool.toml "
         "[vault] names, default: the folder name); left unchecked.",
         "obsidian://open?vault=Other&file=Note"),
    Rule("case-mismatch", I, "The link matches its file only when case is ignored: it breaks on case-sensitive "
         "file systems and publishing tools.", "[[glia]] for Glia.md"),
)}
DEFAULT_CODES = frozenset(code for code, rule in RULES.items() if rule.severity is not I)
INFO_CODES = frozenset(code for code, rule in RULES.items() if rule.severity is I)
HINT_CUTOFF = 0.7
LIFECYCLE_CUTOFF = 0.85


class CheckConfigError(ValueError):
    """Unknown rule codes or a malformed `[check]` table: a one-line usage error."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    notes: int
    links: int

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def _codes(values: Iterable[str] | str | None, where: str) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    codes = {code.strip().lower() for value in values for code in str(value).split(",") if code.strip()}
    unknown = sorted(codes - RULES.keys())
    if unknown:
        raise CheckConfigError(f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
                               f"in {where} (`vaulttool rules` lists them)")
    return frozenset(codes)


def selected_codes(config: dict[str, Any], select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   extend: Iterable[str] = ()) -> frozenset[str]:
    """The codes to report: `select` (else the config's `select`, else errors and warnings), plus
    `extend`, less the config's and the caller's `ignore`."""
    unknown_keys = sorted(set(config) - {"select", "ignore"})
    if unknown_keys:
        raise CheckConfigError(f".vaulttool.toml: unknown [check] key {', '.join(unknown_keys)} (use select, ignore)")
    base = _codes(select, "--select") if select else (
        _codes(config["select"], ".vaulttool.toml [check] select") if "select" in config else DEFAULT_CODES)
    dropped = _codes(config.get("ignore"), ".vaulttool.toml [check] ignore") | _codes(ignore, "--ignore")
    return (base | _codes(extend, "--select")) - dropped


def _closest(word: str, choices: Sequence[str]) -> str | None:
    lowered = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=HINT_CUTOFF)
    return lowered[found[0]] if found else None


def _as_link(resolution: Resolution, path: str, subpath: str | None = None, full: bool = False) -> str:
    """A target written the way the link was: `[[Name#sub]]` for wiki-links (with the whole path
    when `full` or when the link gave one), else the vault path in quotes."""
    sub = f"#{subpath}" if subpath else ""
    if resolution.link.kind != "wiki":
        return f'"{path}{sub}"'
    whole = full or "/" in resolution.link.target
    name = (path.removesuffix(".md") if is_note(path) else path) if whole else display_name(path)
    return f"[[{name}{sub}]]"


class _Hints:
    """"Did you mean" suggestions from the closest existing names (tables built on first use)."""

    def __init__(self, files: FileIndex) -> None:
        self.files = files

    @cached_property
    def notes(self) -> dict[str, str]:
        return self.files.display_names(notes=True)

    @cached_property
    def attachments(self) -> dict[str, str]:
        return self.files.display_names(notes=False)

    def file(self, resolution: Resolution, attachment: bool) -> str | None:
        name = file_name(resolution.link.target)
        table = self.attachments if attachment else self.notes
        if not attachment:
            same_stem = [path for n, path in self.attachments.items() if key(n.rsplit(".", 1)[0]) == key(name)]
            if same_stem:
                return f"did you mean {_as_link(resolution, same_stem[0])}? (files other than notes need their extension)"
        found = _closest(name.removesuffix(".md"), list(table))
        return f"did you mean {_as_link(resolution, table[found])}?" if found else None

    def heading(self, resolution: Resolution, note: Note) -> str | None:
        wanted = heading_path(resolution.link.subpath or "")
        texts = {strip_heading(h.text): h.text for h in note.headings}
        found = _closest(wanted[-1], list(texts)) if wanted else None
        target = "" if resolution.target == resolution.source else resolution.target or ""
        if not found:
            return None
        if not target:
            return f"did you mean [[#{texts[found]}]]?"
        return f"did you mean {_as_link(resolution, target, texts[found])}?"

    def block(self, resolution: Resolution, note: Note) -> str | None:
        found = _closest((resolution.link.subpath or "").lstrip("^"), [b.id for b in note.blocks])
        return f"did you mean ^{found}?" if found else None


def _link_diagnostics(resolution: Resolution, codes: frozenset[str], hints: _Hints,
                      notes: dict[str, Note]) -> Iterator[Diagnostic]:
    link = resolution.link

    def make(code: str, message: str, hint: str | None = None) -> Diagnostic:
        return Diagnostic(link.position, RULES[code].severity, code, message, hint, link.end_column)

    problem = resolution.problem
    if problem in codes:
        target_note = notes.get(resolution.target or "")
        what = "embed" if link.embed else "link"
        if problem == "missing-note":
            yield make(problem, f'{what} to "{link.target}": no such note in the vault', hints.file(resolution, False))
        elif problem == "missing-attachment":
            yield make(problem, f'{what} to "{link.target}": no such file in the vault', hints.file(resolution, True))
        elif problem == "missing-heading" and target_note is not None:
            yield make(problem, f'no heading "{link.subpath}" in "{display_name(target_note.path)}"',
                       hints.heading(resolution, target_note))
        elif problem == "missing-block" and target_note is not None:
            yield make(problem, f'no block "{link.subpath}" in "{display_name(target_note.path)}"',
                       hints.block(resolution, target_note))
        elif problem == "outside-vault":
            yield make(problem, f'"{link.target}" points outside the vault; it is not read',
                       "link to a file inside the vault")
        elif problem == "empty-link":
            yield make(problem, f"empty {what} {link.raw}")
    if resolution.candidates and "ambiguous-link" in codes:
        others = len(resolution.candidates) - 1
        yield make("ambiguous-link",
                   f'"{link.target}" matches {others + 1} files; Obsidian opens "{resolution.target}"',
                   "write the path to be explicit: "
                   + _as_link(resolution, resolution.target or "", link.subpath, full=True))
    if not resolution.case_exact and resolution.target and "case-mismatch" in codes:
        yield make("case-mismatch", f'"{link.target}" matches "{resolution.target}" only when case is ignored',
                   f"write {_as_link(resolution, resolution.target)} with the file's own case")
    if resolution.scope == "foreign" and "foreign-vault-uri" in codes:
        yield make("foreign-vault-uri", f'obsidian:// URI for vault "{link.vault}", not this vault; not checked',
                   f'if it is this vault, add "{link.vault}" to [vault] names in .vaulttool.toml')


def _duplicate_blocks(note: Note) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}
    for block in note.blocks:
        line = first.setdefault(key(block.id), block.position.line)
        if line != block.position.line:
            yield Diagnostic(block.position, W, "duplicate-block-id",
                             f'block id "^{block.id}" is also defined on line {line}',
                             "rename one: links reach only one of them", block.position.column + 1 + len(block.id))


def _vocabulary(lifecycle: dict[str, Any]):  # -> Vocabulary
    from vaulttool.analyse.lifecycle import Vocabulary

    try:
        return Vocabulary.from_config(lifecycle)
    except ValueError as error:
        raise CheckConfigError(str(error)) from None


def _orphan_answers(notes: Iterable[Note], lifecycle: dict[str, Any]) -> Iterator[Diagnostic]:
    from vaulttool.analyse.lifecycle import orphan_answers

    vocabulary = _vocabulary(lifecycle)
    for note in notes:
        for tag in orphan_answers(note, vocabulary):
            yield Diagnostic(tag.position, W, "orphan-answer", f"#{tag.name} answers nothing in this paragraph or item",
                             "write it in the same list item as its #hypothesis, #wonder or #to_verify",
                             tag.position.column + 1 + len(tag.name))


def _lifecycle_tags(notes: Iterable[Note], lifecycle: dict[str, Any]) -> Iterator[Diagnostic]:
    words = sorted(_vocabulary(lifecycle).roles)
    vocabulary = set(words)
    for note in notes:
        for tag in note.tags:
            if tag.key in vocabulary or "/" in tag.key:
                continue
            near = difflib.get_close_matches(tag.key, words, n=1, cutoff=LIFECYCLE_CUTOFF)
            if near:
                end = tag.position.column + len(tag.name) + (1 if tag.source == "body" else 0)
                yield Diagnostic(tag.position, W, "unknown-lifecycle-tag", f"#{tag.name} is not a lifecycle tag",
                                 f"did you mean #{near[0]}?", end)


def _orphans(notes: Sequence[Note], resolutions: Sequence[Resolution]) -> Iterator[Diagnostic]:
    linked = _linked_notes(resolutions)
    for note in notes:
        if note.path not in linked:
            yield Diagnostic(Position(note.path, 1, 1), I, "orphan-note", "no links to or from this note",
                             "link it from a related note or an index")


def _linked_notes(resolutions: Iterable[Resolution]) -> set[str]:
    """Notes with a link in or out: a link to another vault file or to a missing one (self-links
    and URLs do not count)."""
    linked: set[str] = set()
    for resolution in resolutions:
        if resolution.scope != "vault" or resolution.problem in ("outside-vault", "empty-link"):
            continue
        if resolution.target is None:
            linked.add(resolution.source)
        elif resolution.target != resolution.source:
            linked.update((resolution.source, resolution.target))
    return linked


def _opted_out(diagnostic: Diagnostic, notes: dict[str, Note]) -> bool:
    note = notes.get(diagnostic.position.path)
    if note is None or not note.opt_outs:
        return False
    return any(line == diagnostic.position.line and diagnostic.code in codes for line, codes in note.opt_outs)


def check_vault(vault: Vault, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                extend: Iterable[str] = ()) -> CheckResult:
    """Every finding of the selected codes, sorted by path, line and column."""
    codes = selected_codes(vault.config.check, select, ignore, extend)
    resolver = Resolver(vault)
    notes = resolver.notes
    resolutions = [resolver.resolve(note, link) for note in vault.notes for link in note.links]
    hints = _Hints(resolver.files)
    found: list[Diagnostic] = [d for d in vault.problems if d.code in codes]
    for resolution in resolutions:
        found.extend(_link_diagnostics(resolution, codes, hints, notes))
    if "duplicate-block-id" in codes:
        for note in vault.notes:
            found.extend(_duplicate_blocks(note))
    included = [note for note in vault.notes if not vault.is_ignored(note.path)]
    if "unknown-lifecycle-tag" in codes:
        found.extend(_lifecycle_tags(included, vault.config.lifecycle))
    if "orphan-answer" in codes:
        found.extend(_orphan_answers(included, vault.config.lifecycle))
    if "orphan-note" in codes:
        found.extend(_orphans(included, resolutions))
    kept = sorted((d for d in found if not _opted_out(d, notes)), key=Diagnostic.sort_key)
    checked = sum(1 for r in resolutions if r.scope == "vault")
    return CheckResult(tuple(kept), len(vault.notes), checked)
