"""The rule registry: every code a finding can carry, with its severity, summary and example.

One table, as ruff keeps its rules: a finding names a `Code`, never a bare string, so a code that
is not registered here cannot be emitted, and `vaulttool rules` prints exactly this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vaulttool.errors import VaulttoolError


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    """Stable kebab-case codes (`str(code)` is the code as printed)."""

    MISSING_NOTE = "missing-note"
    MISSING_HEADING = "missing-heading"
    MISSING_BLOCK = "missing-block"
    MISSING_ATTACHMENT = "missing-attachment"
    OUTSIDE_VAULT = "outside-vault"
    EMPTY_LINK = "empty-link"
    BAD_FRONT_MATTER = "bad-front-matter"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too-large"
    AMBIGUOUS_LINK = "ambiguous-link"
    AMBIGUOUS_LINK_IN_FOLDER = "ambiguous-link-in-folder"
    UNQUOTED_PROPERTY_LINK = "unquoted-property-link"
    DEPRECATED_PROPERTY = "deprecated-property"
    DUPLICATE_BLOCK_ID = "duplicate-block-id"
    UNKNOWN_LIFECYCLE_TAG = "unknown-lifecycle-tag"
    ORPHAN_ANSWER = "orphan-answer"
    ORPHAN_NOTE = "orphan-note"
    FOREIGN_VAULT_URI = "foreign-vault-uri"
    CASE_MISMATCH = "case-mismatch"
    CLAIM_FAILS = "claim-fails"
    CLAIM_ERROR = "claim-error"


@dataclass(frozen=True, slots=True)
class Rule:
    code: Code
    severity: Severity
    summary: str
    example: str
    checked: bool = True  # reported by `vaulttool check` (claims are `vaulttool verify`'s)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[Code, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            Code.MISSING_NOTE,
            E,
            "A link or embed names a note that no file in the vault matches (aliases do not count).",
            "[[Membrane Potentail]]",
        ),
        Rule(
            Code.MISSING_HEADING,
            E,
            "The note exists but has no such heading (compared as Obsidian does: by words, "
            "punctuation, markup and case ignored; `H1#H2` means H2 under H1).",
            "[[Glia#Myelinating cels]]",
        ),
        Rule(
            Code.MISSING_BLOCK,
            E,
            "The note exists but no paragraph or list item in it ends with that `^block-id`.",
            "[[Synaptic Transmission#^katz-quantum]]",
        ),
        Rule(
            Code.MISSING_ATTACHMENT,
            E,
            "An image, pdf, audio, video, canvas or base file, or a document such as "
            "a .docx or .xlsx, that is not in the vault (files other than notes need their extension).",
            "![[Pasted image 2025.png]]",
        ),
        Rule(
            Code.OUTSIDE_VAULT,
            E,
            "The path leaves the vault (`..` past its root, an absolute path, `file://`); it is never read.",
            "[notes](../../Documents/notes.md)",
        ),
        Rule(
            Code.EMPTY_LINK,
            INFO,
            "A link with nothing to link to; Obsidian shows it as text and opens nothing, so it is no broken link.",
            "[[]], [[#]] or [text]()",
        ),
        Rule(
            Code.BAD_FRONT_MATTER,
            E,
            "Part of the YAML front matter cannot be read (a syntax error, a date that does "
            "not exist, a recursive alias or alias bomb): that property is left out, the others are kept. Obsidian "
            "ignores the whole front matter.",
            "---\\ntags: [a, b\\n---",
        ),
        Rule(
            Code.UNDECODABLE,
            E,
            "The file is not valid UTF-8; it was read with replacement characters.",
            "a note saved as Latin-1",
        ),
        Rule(
            Code.UNREADABLE,
            E,
            "The note or folder cannot be read (no permission, a dangling symlink, a symlink "
            "loop, a FIFO, socket or device, vanished, a name that is not UTF-8); it is left out and the rest is read.",
            "Draft.md -> Draft.md",
        ),
        Rule(
            Code.TOO_LARGE,
            E,
            "The note is larger than the limit for a note (10 MB); it is left out, not parsed.",
            "a 50 MB log saved as .md",
        ),
        Rule(
            Code.AMBIGUOUS_LINK,
            W,
            "Several files have that name and none is in the linking note's folder; "
            "Obsidian opens the one with the shortest path (on a tie, the first in sort order). Write the path to say "
            "which.",
            "[[Security and privacy]]",
        ),
        Rule(
            Code.UNQUOTED_PROPERTY_LINK,
            W,
            "An unquoted `[[Note]]` in a property is a YAML list inside a list, not a "
            "link (HELP Properties: links in properties are written in quotes).",
            "related: [[Synapse]]",
        ),
        Rule(
            Code.DEPRECATED_PROPERTY,
            W,
            "`tag`, `alias` and `cssclass` are no longer read by Obsidian (1.9 and "
            "later): their tags, aliases or classes are lost. Rename to `tags`, `aliases`, `cssclasses`.",
            "tag: neuro",
        ),
        Rule(
            Code.DUPLICATE_BLOCK_ID,
            W,
            "The same `^block-id` is defined twice in one note; links reach only one.",
            "two paragraphs ending in ^summary",
        ),
        Rule(
            Code.UNKNOWN_LIFECYCLE_TAG,
            W,
            "A tag that is a near miss of the lifecycle vocabulary, so the hypothesis lifecycle does not see it.",
            "#hypotesis, #verfied (#verifed is vocabulary)",
        ),
        Rule(
            Code.ORPHAN_ANSWER,
            W,
            "An answer tag (#explanation, #clarification, #verifed) that closes no item by the "
            "lifecycle's rules: nothing open above it in its list item, its parent items, the previous item or "
            "paragraph, or its heading's section (a heading of the same or a higher level ends an item's section), "
            "or the item it follows is already closed. The hint says which rule would have applied.",
            "## A\\n- #hypothesis : x\\n## B\\n#explanation : y",
        ),
        Rule(
            Code.AMBIGUOUS_LINK_IN_FOLDER,
            INFO,
            "Several files have that name; Obsidian opens, without doubt, the one in the linking note's folder.",
            "[[Security and privacy]] from Obsidian Sync/",
        ),
        Rule(
            Code.ORPHAN_NOTE,
            INFO,
            "No links in or out of the note (`--orphans`).",
            "a note nothing links to, linking nowhere",
        ),
        Rule(
            Code.FOREIGN_VAULT_URI,
            INFO,
            "An obsidian:// URI for a vault this one does not declare (.vaulttool.toml "
            "[vault] names, default: the folder name); left unchecked.",
            "obsidian://open?vault=Other&file=Note",
        ),
        Rule(
            Code.CASE_MISMATCH,
            INFO,
            "The link matches its file only when case is ignored: it breaks on "
            "case-sensitive file systems and publishing tools.",
            "[[glia]] for Glia.md",
        ),
        Rule(
            Code.CLAIM_FAILS,
            E,
            "A calculator claim (`vaulttool verify`) whose computed potential is outside the "
            "tolerance of the value it states; the diagnosis names the classic mistake that reproduces it.",
            "`nernst: Cl- in 10 mM, out 110 mM, 37 °C => +64 mV`",
            checked=False,
        ),
        Rule(
            Code.CLAIM_ERROR,
            E,
            "A calculator claim (`vaulttool verify`) that cannot be evaluated: unknown or "
            "missing key, bad unit, non-positive concentration, unknown ion, malformed YAML.",
            "`nernst: Xx+ in 10 mM, out 1 mM`",
            checked=False,
        ),
    )
}

CHECK_CODES = frozenset(code for code, rule in RULES.items() if rule.checked)
DEFAULT_CODES = frozenset(code for code in CHECK_CODES if RULES[code].severity is not INFO)
INFO_CODES = frozenset(code for code in CHECK_CODES if RULES[code].severity is INFO)


class UnknownCodeError(VaulttoolError):
    """A code that is not in the registry: a one-line usage error."""


def parse_codes(values: str | list[str] | tuple[str, ...] | None, where: str) -> frozenset[Code]:
    """Codes written comma-separated and/or as a list, checked against `check`'s codes."""
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    written = {code.strip().lower() for value in values for code in str(value).split(",") if code.strip()}
    unknown = sorted(written - CHECK_CODES)
    if unknown:
        raise UnknownCodeError(
            f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"in {where} (`vaulttool rules` lists them)"
        )
    return frozenset(Code(code) for code in written)
