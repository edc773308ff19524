"""`vaulttool graph` summary (printed when no `-o` is given)."""

from __future__ import annotations

from collections.abc import Callable

from vaulttool.analyse.graph import GraphSummary
from vaulttool.render.common import plural


def render_summary(summary: GraphSummary, style: Callable[..., str], shown_orphans: int = 10) -> str:
    lines = [
        f"{plural(summary.notes, 'note')}, {plural(summary.attachments, 'attachment')}, "
        f"{plural(summary.links, 'link')} ({summary.broken_links} broken, "
        f"{plural(summary.missing, 'missing target')})",
        f"{plural(summary.components, 'connected component')} (largest: {plural(summary.largest_component, 'file')})",
        f"{plural(len(summary.orphans), 'orphan')}" + (":" if summary.orphans else ""),
    ]
    lines += [f"  {path}" for path in summary.orphans[:shown_orphans]]
    if len(summary.orphans) > shown_orphans:
        lines.append(f"  … and {len(summary.orphans) - shown_orphans} more")
    if summary.most_linked:
        lines.append(style("most linked:", bold=True))
        width = max(len(str(count)) for _, count in summary.most_linked)
        lines += [f"  {str(count).rjust(width)}  {path}" for path, count in summary.most_linked]
    return "\n".join(lines) + "\n"
