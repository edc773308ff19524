"""Self-contained HTML pages (inline CSS, no script, no request): the report and the review sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaulttool.render import Context
from vaulttool.render.templating import render

if TYPE_CHECKING:
    from vaulttool.analyse.report import Report
    from vaulttool.analyse.review import ReviewSheet


def report(model: Report, context: Context) -> str:
    """One page; the charts are inline SVG (matplotlib if installed, else templated)."""
    from vaulttool.render.charts import lifecycle_chart, timeline_chart

    return render(
        "report.html.j2",
        report=model,
        uris=model.uris,
        lifecycle_chart=lifecycle_chart(model.notes) if model.notes else None,
        timeline_chart=timeline_chart(model.timeline) if model.timeline else None,
    )


def review(sheet: ReviewSheet, context: Context) -> str:
    """One file: light, dark and print styles."""
    return render("review.html.j2", sheet=sheet)
