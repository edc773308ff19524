"""`vaulttool tags` output."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vaulttool.render.common import plural, to_json
from vaulttool.analyse.tags import TagSummary


def render_json(tags: Sequence[TagSummary]) -> str:
    return to_json({"tags": [
        {"name": tag.name, "count": tag.count,
         "occurrences": [{"path": p.path, "line": p.line, "column": p.column} for p in tag.occurrences]}
        for tag in tags
    ]})


def render_text(tags: Sequence[TagSummary], style: Callable[..., str], where: bool = False) -> str:
    if not tags:
        return "no tags\n"
    width = max(len(tag.name) + 2 * tag.depth for tag in tags) + 2
    lines = []
    for tag in tags:
        label = "  " * tag.depth + "#" + tag.name
        lines.append(f"{style(label.ljust(width + 1), fg='cyan')} {tag.count:>5}")
        if where:
            lines.extend(f"    {p}" for p in tag.occurrences)
    top = sum(1 for tag in tags if tag.depth == 0)
    lines.append(f"\n{plural(len(tags), 'tag')} ({top} top-level)")
    return "\n".join(lines) + "\n"
