"""Markdown for Obsidian: the status list, the report and the review sheet.

Everything from the notes goes through `templating.markdown_text` (raw HTML shown as text,
`javascript:`-style links broken), in the templates and here alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaulttool.analyse.status import answered_at
from vaulttool.render import Context
from vaulttool.render.common import plural
from vaulttool.render.text import status_summary

if TYPE_CHECKING:
    from vaulttool.analyse.report import Report
    from vaulttool.analyse.review import ReviewSheet
    from vaulttool.analyse.status import StatusView


def _wiki_target(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def status(view: StatusView, context: Context) -> str:
    """A task list grouped by note; the items' own text is Markdown made inert (`render.inline`)."""
    from vaulttool.render.inline import markdown, raw_html_as_text, where_link

    today = context.today
    lines = ["# Open hypotheses and questions", ""]
    if not view.items:
        return "\n".join(lines + ["Nothing open.", ""])
    for path, items in view.groups:
        lines += [f"## {where_link(path, _wiki_target(path), context.link_base)}", ""]
        for item in items:
            box = "[ ]" if item.is_open else "[x]"
            age = item.age_days(today)
            since = f", since {item.since} ({plural(age, 'day')})" if item.since is not None and age is not None else ""
            outcome = f", {item.outcome}" if item.outcome else ""
            text = markdown(item.text, path, view.targets, context.link_base) or "(no text)"
            lines.append(f"- {box} **{item.kind}** ({item.status}{outcome}{since}): {text} — line {item.position.line}")
            if item.original:
                lines.append(f"    - was: ~~{markdown(item.original, path, view.targets, context.link_base)}~~")
            if item.answer:
                lines.append(f"    - answer: {markdown(item.answer, path, view.targets, context.link_base)}")
            if (where := answered_at(item)) is not None:
                lines.append(f"    - answered at {where}")
            for claim in view.numbers.get(item.position, ()):
                lines.append(f"    - numbers ({claim.result}): {raw_html_as_text(claim.message)}")
        lines.append("")
    lines.append(status_summary(view))
    return "\n".join(lines) + "\n"


def report(model: Report, context: Context) -> str:
    from vaulttool.render.templating import render

    return render("report.md.j2", report=model, targets=model.targets, base=context.link_base)


def review(sheet: ReviewSheet, context: Context) -> str:
    """Callouts grouped by note, each folded to its front, the source as a wiki-link."""
    from vaulttool.render.templating import render

    return render("review.md.j2", sheet=sheet, targets=sheet.targets, base=context.link_base)
