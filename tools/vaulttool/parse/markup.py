"""Inline Markdown of a piece of note text (an item, an answer) as tokens, for the sheets to show.

markdown-it-py's inline parser with only what Obsidian reads inline: emphasis, `~~strike~~`,
code spans, backslash escapes, entities, `$math$` and `$$math$$` (mdit-py-plugins' dollarmath,
with Pandoc's rule as `parse.inline` masks it), `%%comments%%` and `<!-- -->` (hidden). Links
and embeds are found with the parser's own patterns (`parse.links`), so a sheet sees the same
links as `check`. Raw HTML is not parsed: it stays text, for the renderers to escape.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from typing import TYPE_CHECKING

from vaulttool.model import Link, Position
from vaulttool.parse.links import MARKDOWN, WIKI, markdown_link, parse_wiki
from vaulttool.parse.tags import scan_block_ids

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

IMAGE_TYPES = frozenset({"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"})
_HERE = Position("", 1, 1)
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def _wiki_link(raw: str, embed: bool, inner: str) -> Link:
    target, subpath, display = parse_wiki(inner)
    return Link("wiki", target, subpath, display, embed, _HERE, 1 + len(raw), raw)


def _vault_link(state: StateInline, silent: bool) -> bool:
    """`[[…]]`, `![[…]]`, `[…](…)` and `![…](…)` at the cursor, as `parse.links` reads them."""
    source, start = state.src, state.pos
    if source[start] not in "![":
        return False
    wiki = WIKI.match(source, start)
    if wiki:
        if not silent:
            token = state.push("vault_link", "", 0)
            token.meta = {"link": _wiki_link(wiki.group(0), bool(wiki.group(1)), wiki.group(2))}
        state.pos = wiki.end()
        return True
    found = MARKDOWN.match(source, start)
    if not found:
        return False
    link = markdown_link(found.group(3), found.group(2), bool(found.group(1)), _HERE, found.group(0))
    if not silent:
        if link.embed:
            token = state.push("vault_link", "", 0)
            token.meta = {"link": link}
        else:
            token = state.push("vault_link_open", "", 1)
            token.meta = {"link": link}
            end = state.posMax
            state.pos, state.posMax = found.start(2), found.end(2)
            state.md.inline.tokenize(state)
            state.posMax = end
            state.push("vault_link_close", "", -1)
    state.pos = found.end()
    return True


def _comment(state: StateInline, silent: bool) -> bool:
    """`%%…%%` and `<!--…-->` are hidden in Obsidian's reading view (an unclosed `%%` hides the rest)."""
    source, start = state.src, state.pos
    if source.startswith("%%", start):
        close = source.find("%%", start + 2)
        state.pos = len(source) if close == -1 else close + 2
        return True
    if source.startswith("<!--", start):
        close = source.find("-->", start + 4)
        if close == -1:
            return False
        state.pos = close + 3
        return True
    return False


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("zero").enable(["emphasis", "strikethrough", "backticks", "escape", "entity", "newline"])
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True)
    md.inline.ruler.before("escape", "vault_comment", _comment)
    md.inline.ruler.before("link", "vault_link", _vault_link)
    return md


def without_block_id(text: str) -> str:
    """`text` on one line, without the `^block-id` that may end it (Obsidian does not show it)."""
    text = " ".join(text.split())
    found = scan_block_ids(text)
    return text[: found[-1][0]].rstrip() if found else text


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of `text` on one line (markdown-it's, plus `vault_link` and
    `vault_link_open`/`_close` whose `meta["link"]` is a `Link` as `parse.links` reads it)."""
    tokens = _parser().parseInline(without_block_id(text))
    return list(tokens[0].children or []) if tokens else []


def link_label(link: Link) -> str:
    """What a reader sees for a link or embed that is shown as text: a wiki-link's display text
    (else its target, then its headings, as `Note › Heading`); an embed as `[image: name]` or
    `[embed: Note › Heading]`."""
    if link.embed and link.kind != "wiki":
        alt = " ".join((link.display or "").split())
        return f"[image: {alt or posixpath.basename(link.target) or link.target}]"
    parts = [link.target] if link.target else []
    parts += [part.strip() for part in (link.subpath or "").split("#") if part.strip()]
    name = " › ".join(parts)
    if link.embed:
        kind = "image" if link.target.rsplit(".", 1)[-1].lower() in IMAGE_TYPES else "embed"
        return f"[{kind}: {name}]"
    display = (link.display or "").strip()
    return display or name


def plain_text(text: str) -> str:
    """The text a reader sees once the inline Markdown is rendered, on one line."""
    pieces = []
    for token in inline_tokens(text):
        if token.type in ("text", "code_inline", "math_inline", "math_inline_double"):
            pieces.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif token.type == "vault_link":
            pieces.append(link_label(token.meta["link"]))
    return " ".join("".join(pieces).split())


def words(visible: str) -> str:
    """Visible text without case, punctuation or runs of white space (`A, b!` → `a b`)."""
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", visible.casefold())).strip()


def normalised(text: str) -> str:
    """The `words` of the rendered text: what a card's identity compares (`~~a~~ *B*,` is `a b`)."""
    return words(plain_text(text))
