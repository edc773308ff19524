"""Link scanners: wiki-links and embeds, Markdown links and images, `obsidian://` URIs.

Rules 8-11, 16-18, 22-23 of OBSIDIAN_RULES.md. Each scanner runs over masked text (code, math
and comments blanked) and returns the spans it consumed, so later scanners do not see them again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from vaulttool.model import Link, Position
from vaulttool.parse.source import find_matches

Locate = Callable[[int], tuple[int, int]]

# `[[…]]`: a single `]` does not end the target (rule 11); no `[[` or newline inside (so the target
# cannot run past the first `]]`, and is read possessively). Each pattern
# opens with a look-ahead for its first character, so a `match` at any offset fails at once.
WIKI = re.compile(r"(?=[!\[])(!?)\[\[(?!\[)((?:[^\[\]\n]++|\](?!\])|\[(?!\[))*+)\]\]")
# Possessive and atomic parts keep the match linear: whitespace runs are never re-split between
# `(`, the destination, the title and `)`, which no other split could match anyway. Runs of plain
# characters are read whole (`++`), not one alternation a character: four times faster.
_DESTINATION = r"<[^<>\n]*>|(?>(?:[^\s()\\]++|\\.|\((?:[^\s()\\]++|\\.)*+\))*)"
_TITLE = r"(?:\s++(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?"
MARKDOWN = re.compile(
    r"(?=[!\[])(!?)\[((?:[^\[\]\n\\]++|\n(?![ \t>]*\n)|\\.|\[[^\[\]\n]*\])*+)\]\(\s*+("
    + _DESTINATION
    + r")"
    + _TITLE
    + r"\s*+\)"
)
BARE_URI = re.compile(r"obsidian://[^\s<>\"'`)\]]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:")


def _split_subpath(target: str) -> tuple[str, str | None]:
    """`parseLinktext`: the subpath starts at the first `#` (rule 19)."""
    path, hash_sign, subpath = target.partition("#")
    return path.strip(), (subpath.strip() if hash_sign else None)


def parse_wiki(inner: str) -> tuple[str, str | None, str | None]:
    """Split a wiki-link's inner text into (target, subpath, display); `\\|` is a pipe in tables."""
    inner = inner.replace("\\|", "|")
    target, pipe, display = inner.partition("|")
    path, subpath = _split_subpath(target)
    return path, subpath, (display if pipe else None)


def _query(query: str) -> dict[str, str]:
    """Decode a URI query with `%` escapes only: `+` stays a plus, as Obsidian's URIs have it."""
    values: dict[str, str] = {}
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        values.setdefault(unquote(key), unquote(value))
    return values


def unquote_path(text: str) -> str:
    """`urllib.parse.unquote` of a link's path, whose decoding in Python is left out where every
    `%` starts a `%20`, the space a Markdown link's path is written with (`[a](My%20note.md)`)."""
    if "%" not in text:
        return text
    spaced = text.replace("%20", " ")
    return spaced if "%" not in spaced else unquote(text)


def parse_obsidian_uri(uri: str) -> tuple[str | None, str, str | None]:
    """(vault, file path, subpath) of `obsidian://open?vault=…&file=…` or `obsidian://vault/NAME/PATH`.

    Other actions (search, new, …) give an empty file path.
    """
    parts = urlsplit(uri)
    if parts.netloc == "vault":
        segments = [unquote(s) for s in parts.path.split("/")[1:]]
        vault = segments[0] if segments else None
        path, subpath = _split_subpath("/".join(segments[1:]))
        return vault, path, subpath
    query = _query(parts.query)
    vault = query.get("vault")
    if parts.netloc != "open" or "file" not in query:
        return vault, "", None
    path, subpath = _split_subpath(query["file"])
    return vault, path, subpath


def _uri_link(uri: str, display: str | None, embed: bool, position: Position, end: int, raw: str) -> Link:
    vault, path, subpath = parse_obsidian_uri(uri)
    return Link("uri", path, subpath, display, embed, position, end, raw, vault=vault)


def scan_wiki(
    masked: str, original: str, path: str, locate: Locate, in_frontmatter: bool = False
) -> tuple[list[Link], list[tuple[int, int]]]:
    """Wiki-links found in masked text; their parts are read from the original (a code span
    in a display text stays as written)."""
    links: list[Link] = []
    spans: list[tuple[int, int]] = []
    for start, end, embed in wiki_spans(masked):
        target, subpath, display = parse_wiki(original[start + 2 + embed : end - 2])
        line, column = locate(start)
        raw = original[start:end]
        links.append(
            Link(
                "wiki",
                target,
                subpath,
                display,
                embed,
                Position(path, line, column),
                column + len(raw),
                raw,
                in_frontmatter=in_frontmatter,
            )
        )
        spans.append((start, end))
    return links, spans


def wiki_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, embed) of each `[[…]]` (its `!` included), left to right, as `WIKI` finds them,
    read with `str.find`: a link runs from `[[` (not `[[[`) to the first `]]` after it, with no
    `[[` and no line end between."""
    found: list[tuple[int, int, bool]] = []
    cursor = 0
    while (at := text.find("[[", cursor)) != -1:
        close = text.find("]]", at + 2)
        if close == -1:
            break  # no link ends after this one starts
        inner = text[at + 2 : close]
        if text.startswith("[", at + 2) or "\n" in inner or "[[" in inner:
            cursor = at + 1
            continue
        embed = at > cursor and text[at - 1] == "!"
        found.append((at - 1 if embed else at, close + 2, embed))
        cursor = close + 2
    return found


def markdown_link(destination: str, display: str, embed: bool, position: Position, raw: str) -> Link:
    """Classify a Markdown link destination: obsidian URI, other URL, or a vault path."""
    if destination.startswith("<") and destination.endswith(">"):
        destination = destination[1:-1]
    destination = destination.strip()
    end = position.column + len(raw)
    if destination.lower().startswith("obsidian://"):
        return _uri_link(destination, display, embed, position, end, raw)
    if _SCHEME.match(destination):
        return Link("external", destination, None, display, embed, position, end, raw)
    target, hash_sign, subpath = destination.partition("#")
    return Link(
        "markdown",
        unquote_path(target).strip(),
        unquote_path(subpath).strip() if hash_sign else None,
        display,
        embed,
        position,
        end,
        raw,
    )


def scan_markdown(masked: str, original: str, path: str, locate: Locate) -> tuple[list[Link], list[tuple[int, int]]]:
    links: list[Link] = []
    spans: list[tuple[int, int]] = []
    for match in find_matches(MARKDOWN, "[", masked, bang=True):
        line, column = locate(match.start())
        display = original[match.start(2) : match.end(2)]
        raw = original[match.start() : match.end()]
        destination = original[match.start(3) : match.end(3)]
        links.append(markdown_link(destination, display, bool(match.group(1)), Position(path, line, column), raw))
        spans.append(match.span(3))
    return links, spans


def scan_bare_uris(masked: str, path: str, locate: Locate) -> list[Link]:
    links: list[Link] = []
    if "obsidian://" not in masked:  # most notes: found with `in`, far faster than the engine's search
        return links
    for match in BARE_URI.finditer(masked):
        line, column = locate(match.start())
        raw = match.group().rstrip(".,;:!?")
        links.append(_uri_link(raw, None, False, Position(path, line, column), column + len(raw), raw))
    return links
