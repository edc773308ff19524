"""`vaulttool review` output: a Markdown sheet for Obsidian and a self-contained HTML page."""

from __future__ import annotations

from vaulttool.render.templating import render
from vaulttool.analyse.review import ReviewSheet


def render_markdown(sheet: ReviewSheet) -> str:
    """Callouts grouped by note, each folded to its front, the source as a wiki-link."""
    return render("review.md.j2", sheet=sheet)


def render_html(sheet: ReviewSheet) -> str:
    """One file: inline CSS, no request, no script; light, dark and print styles."""
    return render("review.html.j2", sheet=sheet)
