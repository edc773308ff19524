"""`vaulttool status` output: text (for people), json (documented fields), markdown (for Obsidian)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from vaulttool.model import Item, Position
from vaulttool.render.common import plural, shorten, to_json

if TYPE_CHECKING:
    from vaulttool.analyse.claims import ClaimResult

Style = Callable[..., str]
Numbers = Mapping[Position, Sequence["ClaimResult"]]
_RESULT_COLOURS = {"pass": "green", "fail": "red", "error": "red", "value": "blue"}


def item_record(item: Item) -> dict:
    p = item.position
    return {
        "path": p.path, "line": p.line, "column": p.column, "kind": item.kind, "status": item.status,
        "outcome": item.outcome, "text": item.text, "answer": item.answer, "original": item.original,
        "tags": list(item.tags), "since": item.since,
    }


def group_by_note(items: Sequence[Item]) -> list[tuple[str, list[Item]]]:
    """Notes with their items, oldest item first; notes ordered by their oldest item."""
    def key(item: Item) -> tuple[str, int, int]:
        return (item.since or "9999", item.position.line, item.position.column)

    groups: dict[str, list[Item]] = {}
    for item in sorted(items, key=key):
        groups.setdefault(item.position.path, []).append(item)
    return sorted(groups.items(), key=lambda group: (key(group[1][0])[0], group[0]))


def render_json(vault_name: str, items: Sequence[Item]) -> str:
    ordered = sorted(items, key=lambda i: (i.position.path, i.position.line, i.position.column))
    return to_json({"vault": vault_name, "items": [item_record(i) for i in ordered]})


def _summary(items: Sequence[Item], note_count: int) -> str:
    open_items = sum(1 for i in items if i.is_open)
    closed = len(items) - open_items
    text = f"{plural(open_items, 'open item')} in {plural(note_count, 'note')}"
    return text + (f", {closed} answered or verified" if closed else "")


def render_text(items: Sequence[Item], today: dt.date, style: Style, width: int = 100,
                numbers: Numbers | None = None) -> str:
    if not items:
        return "no open hypotheses or questions\n"
    lines: list[str] = []
    groups = group_by_note(items)
    for path, note_items in groups:
        lines.append(style(path, bold=True))
        for item in note_items:
            age = item.age_days(today)
            since = f"since {item.since} ({plural(age, 'day')})" if item.since is not None and age is not None else "undated"
            state = item.status + (f", {item.outcome}" if item.outcome else "")
            colour = "yellow" if item.is_open else ("green" if item.outcome != "corrected" else "magenta")
            lines.append(
                f"  {style(item.kind, fg='cyan')}  {style(state, fg=colour)}  {since}  "
                + style(f"{path}:{item.position.line}:{item.position.column}", dim=True)
            )
            lines.append("      " + shorten(item.text or "(no text)", width - 6))
            if item.original:
                lines.append("      " + style("was: ", dim=True) + shorten(item.original, width - 11))
            if item.answer:
                lines.append("      " + style("→ ", dim=True) + shorten(item.answer, width - 8))
            for claim in (numbers or {}).get(item.position, ()):
                verdict = style(claim.result, fg=_RESULT_COLOURS.get(claim.result))
                lines.append(f"      = {verdict} {shorten(claim.message, width - 14)}")
        lines.append("")
    lines.append(_summary(items, len(groups)))
    return "\n".join(lines) + "\n"


def _wiki_target(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def render_markdown(items: Sequence[Item], today: dt.date, numbers: Numbers | None = None) -> str:
    lines = ["# Open hypotheses and questions", ""]
    if not items:
        return "\n".join(lines + ["Nothing open.", ""])
    for path, note_items in group_by_note(items):
        lines += [f"## [[{_wiki_target(path)}]]", ""]
        for item in note_items:
            box = "[ ]" if item.is_open else "[x]"
            age = item.age_days(today)
            since = f", since {item.since} ({plural(age, 'day')})" if item.since is not None and age is not None else ""
            outcome = f", {item.outcome}" if item.outcome else ""
            text = item.text.replace("\n", " ") or "(no text)"
            lines.append(f"- {box} **{item.kind}** ({item.status}{outcome}{since}): {text} — line {item.position.line}")
            if item.original:
                lines.append(f"    - was: ~~{item.original}~~")
            if item.answer:
                lines.append(f"    - answer: {item.answer}")
            for claim in (numbers or {}).get(item.position, ()):
                lines.append(f"    - numbers ({claim.result}): {claim.message}")
        lines.append("")
    lines.append(_summary(items, len(group_by_note(items))))
    return "\n".join(lines) + "\n"
