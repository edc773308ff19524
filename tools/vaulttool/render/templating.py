"""Jinja2 environments for the templates in `templates/` (shipped in the wheel as `vaulttool/templates`).

Everything from the notes is escaped: HTML and SVG templates autoescape; Markdown templates escape
each value for Obsidian (raw HTML made inert, `javascript:`-style links broken) through `finalize`.
Jinja2 is imported here, only by the commands that render templates.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context

from vaulttool.packaged import templates_dir
from vaulttool.render import inline
from vaulttool.render.common import millivolts

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


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
        pieces += [inline.raw_html_as_text(text[cursor : span.start()]), span.group(0)]
        cursor = span.end()
    return "".join([*pieces, inline.raw_html_as_text(text[cursor:])])


def markdown_cell(value: Any) -> Markup:
    """`markdown_text` for a table cell: `|` escaped as `\\|`."""
    from markupsafe import Markup

    return Markup(markdown_text(value).replace("|", "\\|"))


@pass_context
def markdown_where(context: Any, position: Any) -> Markup:
    """`[[path|note]] line N` for an object with a `position` (or a position)."""
    from markupsafe import Markup

    position = getattr(position, "position", position)
    name = position.path.rsplit("/", 1)[-1]
    name = name[:-3] if name.lower().endswith(".md") else name
    return Markup(f"{inline.where_link(position.path, name, context.get('base', ''))} line {position.line}")


@pass_context
def markdown_inline(context: Any, text: str | None, source: str) -> Markup:
    """Note text from `source` as Markdown for a sheet: links rewritten to resolve from the sheet
    (the template's `targets` and `base`), raw HTML as text, calculator spans as text."""
    from markupsafe import Markup

    return Markup(inline.markdown(text, source, context.get("targets", {}), context.get("base", "")))


@pass_context
def markdown_link(context: Any, path: str, display: str) -> Markup:
    """A link to the note at `path` shown as `display`, resolving from the sheet."""
    from markupsafe import Markup

    return Markup(inline.where_link(path, display, context.get("base", "")))


def markdown_code(text: Any) -> Markup:
    """A value as a code span no backtick inside it can break out of."""
    from markupsafe import Markup

    return Markup(inline.code_span(" ".join(str(text).split())))


def markdown_plain(text: Any) -> Markup:
    """A value shown as plain text: nothing in it is Markdown, HTML, a tag or a link."""
    from markupsafe import Markup

    return Markup(inline.inert_markdown(" ".join(str(text).split())))


def _environment(**options: Any) -> Environment:
    """A Jinja2 environment over the templates, strict about undefined names, with `mv`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.filters["mv"] = millivolts
    return env


@cache
def html_environment() -> Environment:
    """Autoescaping on, for `.html.j2` and `.svg.j2`."""
    env = _environment(autoescape=True)
    env.filters["inline"] = inline.html
    return env


@cache
def markdown_environment() -> Environment:
    """Every `{{ value }}` goes through `markdown_text`, unless it is already `Markup`."""
    env = _environment(autoescape=False, finalize=markdown_text)
    env.filters["cell"] = markdown_cell
    env.filters["where"] = markdown_where
    env.filters["md"] = markdown_inline
    env.filters["note_link"] = markdown_link
    env.filters["code"] = markdown_code
    env.filters["text"] = markdown_plain
    return env


def render(template: str, **context: Any) -> str:
    """Render `templates/<template>` with the environment its extension calls for."""
    env = markdown_environment() if template.endswith(".md.j2") else html_environment()
    return env.get_template(template).render(**context)
