"""`vaulttool verify` output: text (for people), json (documented fields), github (workflow commands)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vaulttool.analyse.claims import ClaimResult
from vaulttool.render.common import plural, to_json

Style = Callable[..., str]
_COLOURS = {"pass": "green", "fail": "red", "error": "magenta", "value": "cyan"}


def _mV(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def claim_record(claim: ClaimResult) -> dict:
    p = claim.position
    return {
        "path": p.path, "line": p.line, "column": p.column, "calculator": claim.calculator,
        "result": claim.result, "computed_mV": _mV(claim.computed_mV), "expected_mV": _mV(claim.expected_mV),
        "tolerance_mV": _mV(claim.tolerance_mV), "diagnosis": claim.diagnosis, "message": claim.message,
    }


def render_json(claims: Sequence[ClaimResult]) -> str:
    return to_json({"claims": [claim_record(claim) for claim in claims]})


def summary(claims: Sequence[ClaimResult]) -> str:
    counts = {result: sum(1 for c in claims if c.result == result) for result in ("pass", "fail", "error", "value")}
    return (f"{plural(len(claims), 'claim')}: {counts['pass']} pass, {counts['fail']} fail, "
            f"{plural(counts['error'], 'error')}, {plural(counts['value'], 'value')} without expect")


def render_text(claims: Sequence[ClaimResult], style: Style) -> str:
    if not claims:
        return "no claims (```nernst or ```ghk blocks, `nernst: …` or `ghk: …` code spans)\n"
    lines: list[str] = []
    path = None
    for claim in claims:
        if claim.position.path != path:
            if path is not None:
                lines.append("")
            path = claim.position.path
            lines.append(style(path, bold=True))
        where = f"{claim.position.line}:{claim.position.column}"
        lines.append(f"  {style(where.ljust(8), dim=True)}{style(claim.result.ljust(6), fg=_COLOURS[claim.result])}"
                     f"{claim.calculator.ljust(7)} {claim.message}")
        if claim.diagnosis:
            lines.append(f"  {' ' * 14}{style('why:', fg='yellow')} {claim.diagnosis}")
    lines += ["", summary(claims)]
    return "\n".join(lines) + "\n"


def render_github(claims: Sequence[ClaimResult], file_prefix: str = "") -> str:
    """A GitHub workflow `::error` command for each claim that fails or cannot be evaluated."""
    lines = []
    for claim in claims:
        if not claim.failed:
            continue
        p = claim.position
        path = f"{file_prefix.rstrip('/')}/{p.path}" if file_prefix else p.path
        title = f"{claim.calculator} claim " + ("fails" if claim.result == "fail" else "cannot be evaluated")
        text = claim.message + (f". Why: {claim.diagnosis}" if claim.diagnosis else "")
        lines.append(f"::error file={_property(path)},line={p.line},col={p.column},"
                     f"title={_property(title)}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    """Escape a workflow command's message (as @actions/core's escapeData does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (as @actions/core's escapeProperty does)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
