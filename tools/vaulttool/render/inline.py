"""Note text on the sheets: its inline Markdown as inert HTML, or as Markdown that still resolves
from where the sheet is written. One reading of the syntax for every page, column and Anki field:
`parse.markup` (tokens) and `parse.links` (links, as `check` sees them).

HTML: emphasis, `<del>`, `<code>`, math as its TeX text in `<span class="math">`, wiki-links as
their display text, embeds and images as a label; everything escaped, nothing a link or a request.
Markdown: the student's own Markdown, with links rewritten (`LinkTargets`), raw HTML shown as text
(`<` in math as TeX's `\\lt`),
links to anything but `http(s)`, `mailto` and `obsidian` shown as their text, and calculator code
spans (`nernst: …`) shown as text so that a sheet is no claim of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from vaulttool.calc.claim_span import span_calculator
from vaulttool.model import Link
from vaulttool.parse.inline import mask_inline
from vaulttool.parse.links import scan_markdown, scan_wiki
from vaulttool.parse.markup import inline_tokens, link_label, without_block_id
from vaulttool.parse.source import blank

if TYPE_CHECKING:
    from markupsafe import Markup

    from vaulttool.analyse.targets import LinkTargets

_TAGS = {
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "s_open": "<del>",
    "s_close": "</del>",
    "vault_link_open": '<span class="link">',
    "vault_link_close": "</span>",
    "hardbreak": "<br>",
    "softbreak": " ",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "obsidian:")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_UNSAFE_SCHEME = re.compile(r"\]\((?=\s*<?\s*(?:javascript|vbscript|data|file)\s*:)", re.IGNORECASE)
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_\[\]~$|#^%]|==|!(?=\[)")


def html(text: str | None) -> Markup:
    """`text`'s inline Markdown as HTML, every character from the note escaped."""
    from markupsafe import Markup

    pieces = []
    for token in inline_tokens(text or ""):
        kind = token.type
        if kind == "text":
            pieces.append(escape(token.content, quote=False))
        elif kind == "code_inline":
            pieces.append(f"<code>{escape(token.content, quote=False)}</code>")
        elif kind in ("math_inline", "math_inline_double"):
            pieces.append(f'<span class="math">{escape(token.content, quote=False)}</span>')
        elif kind == "vault_link":
            link: Link = token.meta["link"]
            css = "embed" if link.embed else "wikilink"
            pieces.append(f'<span class="{css}">{escape(link_label(link), quote=False)}</span>')
        else:
            pieces.append(_TAGS.get(kind, ""))
    return Markup("".join(pieces))


def code_span(text: str) -> str:
    """`text` as a Markdown code span that no backtick inside it can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inert_markdown(text: str) -> str:
    """Plain text made safe in Markdown: `<`, `>` and entity-like `&` as entities, the other
    characters that Markdown or Obsidian read as syntax backslash-escaped."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIALS.sub(lambda m: "".join("\\" + char for char in m.group()), text)
    return _UNSAFE_SCHEME.sub("]\\(", text)


def raw_html_as_text(text: str) -> str:
    """Text kept as Markdown with its raw HTML shown as text (`<` as `&lt;`) and a `](` before a
    `javascript:`, `vbscript:`, `data:` or `file:` target broken (`]\\(`); the rest is kept."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _UNSAFE_SCHEME.sub("]\\(", text)


def wiki_target(path: str) -> str:
    """How a wiki-link names a vault file: its path, `.md` left out (Obsidian's own form)."""
    return path[:-3] if path.lower().endswith(".md") else path


def _wiki_safe(text: str) -> str:
    return " ".join(text.replace("]]", "] ]").replace("|", "¦").replace("<", "‹").replace(">", "›").split())


def _relinked(link: Link, target: tuple[str, str | None] | None, base: str) -> str:
    """A link rewritten to resolve from the sheet: a wiki-link by its full vault path, a Markdown
    link by its path from the sheet's folder (`base` leads to the vault root). A broken link, or
    one to an unsafe scheme, becomes its text."""
    bang = "!" if link.embed else ""
    if link.kind in ("external", "uri"):
        if (link.kind == "uri" or link.target.lower().startswith(SAFE_SCHEMES)) and "<" not in link.raw:
            return link.raw
        return inert_markdown(link_label(link))
    if target is None:
        return inert_markdown(link_label(link))
    path, subpath = target
    if link.kind == "wiki":
        anchor = f"#{subpath}" if subpath else ""
        display = link.display if link.display is not None else (None if link.embed else link_label(link))
        shown = f"|{_wiki_safe(display)}" if display is not None else ""
        return f"{bang}[[{_wiki_safe(wiki_target(path) + anchor)}{shown}]]"
    anchor = "#" + quote(subpath) if subpath else ""
    label = raw_html_as_text(" ".join((link.display or "").split())).replace("]", "\\]").replace("[", "\\[")
    return f"{bang}[{label}]({quote(base + path)}{anchor})"


def markdown(text: str | None, source: str, targets: LinkTargets, base: str = "") -> str:
    """`text` (from the note at `source`) as Markdown on one line for a sheet whose folder reaches
    the vault root by `base` ("" at the root, "../" one folder down, "vault/" beside it)."""
    text = without_block_id(text or "")
    masked_spans, code_spans = mask_inline(text)
    masked = blank(text, masked_spans)

    def locate(offset: int) -> tuple[int, int]:
        return 1, offset + 1

    wiki, wiki_spans = scan_wiki(masked, text, source, locate)
    links, _ = scan_markdown(blank(masked, wiki_spans), text, source, locate)
    edits: list[tuple[int, int, str]] = []
    for link in [*wiki, *links]:
        start = link.position.column - 1
        edits.append((start, start + len(link.raw), _relinked(link, targets.get((source, link.raw)), base)))
    claims = {start: (end, content) for start, end, content in code_spans if span_calculator(content.strip())}
    for start, end in masked_spans:
        kept = text[start:end]
        if start in claims:
            kept = inert_markdown(claims[start][1].strip())
        elif kept.startswith("$"):  # math: TeX's own `\lt`/`\gt`, so no reader sees a tag in it
            kept = kept.replace("<", r"\lt ").replace(">", r"\gt ")
        elif kept.startswith("<") and not kept.startswith("<!--"):  # an inline HTML tag: shown as text
            kept = raw_html_as_text(kept)
        edits.append((start, end, kept))
    return _apply(text, sorted(edits), raw_html_as_text)


def _apply(text: str, edits: list[tuple[int, int, str]], between: Callable[[str], str]) -> str:
    pieces, cursor = [], 0
    for start, end, replacement in edits:
        if start < cursor:
            continue
        pieces += [between(text[cursor:start]), replacement]
        cursor = end
    pieces.append(between(text[cursor:]))
    return "".join(pieces)


def where_link(path: str, display: str, base: str = "") -> str:
    """A Markdown link to the note at `path` (vault-relative) shown as `display`: a wiki-link by
    its full path, or a Markdown link from the sheet's folder (`base`) when the path holds
    characters a wiki-link cannot."""
    if any(char in path for char in "[]|#^<>\n"):
        return f"[{inert_markdown(' '.join(display.split()))}]({quote(base + path)})"
    shown = "" if display == wiki_target(path) else f"|{_wiki_safe(display)}"
    return f"[[{wiki_target(path)}{shown}]]"
