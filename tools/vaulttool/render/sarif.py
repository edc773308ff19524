"""SARIF 2.1.0 for GitHub code scanning: one run, the rule registry (names, descriptions, help), one
result per finding with a partial fingerprint so that code scanning follows it across commits."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vaulttool.render import Context

if TYPE_CHECKING:
    from vaulttool.analyse.checks import CheckResult
    from vaulttool.model import Finding
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


def fingerprint(finding: Finding, path: str, occurrence: int) -> str:
    """What identifies a finding across commits: its code, file and message (which names the link
    target), and which occurrence of those it is; not its line, so an edit above it keeps it."""
    key = "\0".join((str(finding.code), path, finding.message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ":1"


def check(result: CheckResult, context: Context) -> str:
    from vaulttool.extras import HOMEPAGE
    from vaulttool.rules import CHECK_CODES, RULES

    rules = {code: rule for code, rule in RULES.items() if code in CHECK_CODES}
    prefix, version = context.prefix, context.version
    codes = list(rules)
    results = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for d in result.diagnostics:
        path = prefix + d.position.path
        seen[(d.code, path, d.message)] += 1
        region = {"startLine": d.position.line, "startColumn": d.position.column}
        if d.end_column and d.end_column > d.position.column:
            region["endColumn"] = d.end_column
        results.append(
            {
                "ruleId": str(d.code),
                "ruleIndex": codes.index(d.code),
                "level": _LEVELS[d.severity.value],
                "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": quote(path), "uriBaseId": "%SRCROOT%"},
                            "region": region,
                        }
                    }
                ],
                "partialFingerprints": {"vaulttoolFinding/v1": fingerprint(d, path, seen[(d.code, path, d.message)])},
            }
        )
    return (
        json.dumps(
            {
                "$schema": SARIF_SCHEMA,
                "version": "2.1.0",
                "runs": [
                    {
                        "tool": {
                            "driver": {
                                "name": "vaulttool",
                                "informationUri": HOMEPAGE,
                                "version": version,
                                "semanticVersion": version,
                                "rules": [_rule(rule) for rule in rules.values()],
                            }
                        },
                        "columnKind": "unicodeCodePoints",
                        "results": results,
                    }
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
