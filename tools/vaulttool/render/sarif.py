"""SARIF 2.1.0 for GitHub code scanning: one run, the rule registry, one result per finding."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vaulttool.render import Context

if TYPE_CHECKING:
    from vaulttool.analyse.checks import CheckResult
    from vaulttool.rules import Rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": str(rule.code),
        "name": "".join(part.capitalize() for part in rule.code.split("-")),
        "shortDescription": {"text": rule.summary.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": rule.summary},
        "help": {"text": f"{rule.summary} Example: {rule.example}"},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
    }


def check(result: CheckResult, context: Context) -> str:
    from vaulttool.rules import CHECK_CODES, RULES

    rules = {code: rule for code, rule in RULES.items() if code in CHECK_CODES}
    prefix, version = context.prefix, context.version
    codes = list(rules)
    results = []
    for d in result.diagnostics:
        region = {"startLine": d.position.line, "startColumn": d.position.column}
        if d.end_column and d.end_column > d.position.column:
            region["endColumn"] = d.end_column
        results.append({
            "ruleId": str(d.code),
            "ruleIndex": codes.index(d.code),
            "level": _LEVELS[d.severity.value],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
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
                                "rules": [_rule(rule) for rule in rules.values()]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }, ensure_ascii=False, indent=2) + "\n"
