"""Jinja2 environments for the templates in `templates/` (shipped in the wheel as `vaulttool/templates`).

Everything from the notes is escaped: HTML and SVG templates autoescape; Markdown templates escape
each value for Obsidian (raw HTML made inert, `javascript:`-style links broken) through `finalize`.
Jinja2 is imported here, only by the commands that render templates.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaulttool.render.common import millivolts

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

_STRUCK = re.compile(r"~~(.+?)~~")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_UNSAFE_SCHEME = re.compile(r"\]\((?=\s*<?\s*(?:javascript|vbscript|data|file)\s*:)", re.IGNORECASE)


def templates_dir() -> Path:
    """The packaged `vaulttool/templates`, else (an editable install) the repository's `templates/`."""
    from importlib.resources import files

    packaged = files("vaulttool").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


def _wiki_label(match: re.Match[str]) -> str:
    target, subpath, display = match.group(1), match.group(2), match.group(3)
    label = display or (target + (" › " + subpath.replace("#", " › ") if subpath else "")) or (subpath or "")
    return f'<span class="wikilink">{label.strip()}</span>'


# Applied to HTML-escaped text, in this order; none of them makes anything active (no href, no src).
_READABLE = (
    (re.compile(r"(`+)(.+?)\1"), r"<code>\2</code>"),
    (re.compile(r"!\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]"), r'<span class="embed">[embed: \1]</span>'),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r'<span class="embed">[image: \1]</span>'),
    (re.compile(r"\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]"), _wiki_label),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r'<span class="link">\1</span>'),
    (_STRUCK, r"<del>\1</del>"),
)


def struck(text: str | None) -> Markup:
    """HTML-escape, then make the note's inline markup readable: `~~text~~` struck through
    (`<del>`), code spans as `<code>`, wiki-links as their display text, embeds and images as a
    short label. Nothing becomes a link or a request."""
    from html import escape

    from markupsafe import Markup

    html = escape(text or "", quote=False)  # element content: no `&#39;`, whose `#` would split links
    for pattern, replacement in _READABLE:
        html = pattern.sub(replacement, html)
    return Markup(html)


def markdown_text(value: Any) -> str:
    """A value from the notes made inert in Markdown: raw HTML shows as text (`<` → `&lt;`), links
    to `javascript:`, `vbscript:`, `data:` and `file:` are no longer links, and it stays on one line.
    Code spans are kept as written: Markdown shows their content as text already."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = " ".join(str(value).split())
    pieces, cursor = [], 0
    for span in _CODE_SPAN.finditer(text):
        pieces += [_inert_markdown(text[cursor : span.start()]), span.group(0)]
        cursor = span.end()
    return "".join([*pieces, _inert_markdown(text[cursor:])])


def _inert_markdown(text: str) -> str:
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _UNSAFE_SCHEME.sub("]\\(", text)


def markdown_cell(value: Any) -> Markup:
    """`markdown_text` for a table cell: `|` escaped as `\\|`."""
    from markupsafe import Markup

    return Markup(markdown_text(value).replace("|", "\\|"))


def markdown_where(position: Any) -> Markup:
    """`[[path without .md]] line N` for an object with a `position` (or a position)."""
    from markupsafe import Markup

    position = getattr(position, "position", position)
    target = position.path[:-3] if position.path.lower().endswith(".md") else position.path
    return Markup(f"[[{markdown_text(target)}]] line {position.line}")


def _common(env: Environment) -> Environment:
    env.filters["mv"] = millivolts
    env.filters["struck"] = struck
    return env


@cache
def html_environment() -> Environment:
    """Autoescaping on, for `.html.j2` and `.svg.j2`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return _common(Environment(
        loader=FileSystemLoader(templates_dir()), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    ))


@cache
def markdown_environment() -> Environment:
    """Every `{{ value }}` goes through `markdown_text`, unless it is already `Markup`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = _common(Environment(
        loader=FileSystemLoader(templates_dir()), autoescape=False, finalize=markdown_text,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    ))
    env.filters["cell"] = markdown_cell
    env.filters["where"] = markdown_where
    return env


def render(template: str, **context: Any) -> str:
    """Render `templates/<template>` with the environment its extension calls for."""
    env = markdown_environment() if template.endswith(".md.j2") else html_environment()
    return env.get_template(template).render(**context)
