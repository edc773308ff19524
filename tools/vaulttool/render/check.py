"""`vaulttool check` and `vaulttool rules` output: text, json, GitHub workflow commands, SARIF 2.1.0.

`prefix` is the vault folder relative to where the command runs (a repository's root in CI), so
GitHub can place annotations and code-scanning alerts on the right files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from urllib.parse import quote

from vaulttool.analyse.checks import CheckResult, Rule
from vaulttool.model import Diagnostic, Severity
from vaulttool.render.common import SEVERITY_COLOURS, diagnostic_line, plural, to_json

Style = Callable[..., str]
_GITHUB = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _message(diagnostic: Diagnostic) -> str:
    return diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")


def summary_line(result: CheckResult) -> str:
    counts = [plural(result.count(Severity.ERROR), "error"), plural(result.count(Severity.WARNING), "warning")]
    if infos := result.count(Severity.INFO):
        counts.append(f"{infos} info")
    return f"{plural(result.notes, 'note')}, {plural(result.links, 'link')} checked: {', '.join(counts)}"


def render_text(result: CheckResult, style: Style) -> str:
    lines = [diagnostic_line(d, style) for d in result.diagnostics]
    if lines:
        lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _summary(result: CheckResult) -> dict[str, int]:
    return {"notes": result.notes, "links": result.links, "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING)}


def render_json(result: CheckResult) -> str:
    return to_json({
        "diagnostics": [
            {"path": d.position.path, "line": d.position.line, "column": d.position.column,
             "end_column": d.end_column, "severity": d.severity.value, "code": d.code, "message": d.message,
             "hint": d.hint}
            for d in result.diagnostics
        ],
        "summary": _summary(result),
    })


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, prefix: str) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    lines = []
    for d in result.diagnostics:
        properties = {"file": prefix + d.position.path, "line": d.position.line, "col": d.position.column}
        if d.end_column:
            properties["endColumn"] = d.end_column
        properties["title"] = f"vaulttool {d.code}"
        joined = ",".join(f"{name}={_escape_property(str(value))}" for name, value in properties.items())
        lines.append(f"::{_GITHUB[d.severity]} {joined}::{_escape_data(_message(d))}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _sarif_rule(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.code.split("-")),
        "shortDescription": {"text": rule.summary.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": rule.summary},
        "help": {"text": f"{rule.summary} Example: {rule.example}"},
        "defaultConfiguration": {"level": _SARIF[rule.severity]},
    }


def render_sarif(result: CheckResult, rules: Mapping[str, Rule], prefix: str, version: str) -> str:
    """SARIF 2.1.0 for GitHub code scanning: one run, the rule catalogue, one result per finding."""
    codes = list(rules)
    results = []
    for d in result.diagnostics:
        region = {"startLine": d.position.line, "startColumn": d.position.column}
        if d.end_column and d.end_column > d.position.column:
            region["endColumn"] = d.end_column
        results.append({
            "ruleId": d.code,
            "ruleIndex": codes.index(d.code),
            "level": _SARIF[d.severity],
            "message": {"text": _message(d)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": quote(prefix + d.position.path), "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
        })
    return json.dumps({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "vaulttool", "version": version, "semanticVersion": version,
                                "rules": [_sarif_rule(rule) for rule in rules.values()]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }, ensure_ascii=False, indent=2) + "\n"


def render_rules_text(rules: Mapping[str, Rule], style: Style) -> str:
    width = max(len(code) for code in rules) + 2
    lines = []
    for rule in rules.values():
        lines.append(f"{style(rule.code.ljust(width), bold=True)}{style(rule.severity.value, fg=SEVERITY_COLOURS[rule.severity])}")
        lines.append(f"    {rule.summary}")
        lines.append(f"    {style('example:', dim=True)} {rule.example}")
    return "\n".join(lines) + "\n"


def render_rules_json(rules: Mapping[str, Rule]) -> str:
    return to_json({"rules": [{"code": r.code, "severity": r.severity.value, "summary": r.summary,
                               "example": r.example} for r in rules.values()]})
