"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

Escaping follows @actions/core's `escapeData` and `escapeProperty`; `prefix` is the vault folder
relative to where the command runs (the repository root in CI), so annotations land on the files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vaulttool.render import Context

if TYPE_CHECKING:
    from vaulttool.analyse.checks import CheckResult
    from vaulttool.analyse.claims import ClaimResult
    from vaulttool.model import Position
    from vaulttool.rules import Severity


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    level: str, position: Position, prefix: str, title: str, message: str, end_column: int | None = None
) -> str:
    properties: dict[str, object] = {"file": prefix + position.path, "line": position.line, "col": position.column}
    if end_column:
        properties["endColumn"] = end_column
    properties["title"] = title
    joined = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::{level} {joined}::{escape_data(message)}"


def _level(severity: Severity) -> str:
    return {"error": "error", "warning": "warning", "info": "notice"}[severity.value]


def check(result: CheckResult, context: Context) -> str:
    from vaulttool.render.text import check_summary

    lines = [
        command(
            _level(d.severity),
            d.position,
            context.prefix,
            f"vaulttool {d.code}",
            d.message + (f" ({d.hint})" if d.hint else ""),
            d.end_column,
        )
        for d in result.diagnostics
    ]
    if not context.quiet:
        lines.append(check_summary(result))
    return "".join(line + "\n" for line in lines)


def verify(claims: Sequence[ClaimResult], context: Context) -> str:
    """An `::error` for each claim that fails or cannot be evaluated."""
    lines = []
    for claim in claims:
        if not claim.failed:
            continue
        title = f"{claim.calculator} claim " + ("fails" if claim.result == "fail" else "cannot be evaluated")
        text = claim.message + (f". Why: {claim.diagnosis}" if claim.diagnosis else "")
        lines.append(command("error", claim.position, context.prefix, title, text))
    return "".join(line + "\n" for line in lines)
