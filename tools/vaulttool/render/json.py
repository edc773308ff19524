"""JSON for scripts: one function per command, with the fields the README documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from vaulttool.render import Context
from vaulttool.render.common import to_json

if TYPE_CHECKING:
    from vaulttool.analyse.checks import CheckResult
    from vaulttool.analyse.claims import ClaimResult
    from vaulttool.analyse.report import Counts, Report
    from vaulttool.analyse.review import ReviewSheet
    from vaulttool.analyse.status import StatusView
    from vaulttool.analyse.tags import TagSummary
    from vaulttool.calc.explain import Share, Steps
    from vaulttool.model import Item
    from vaulttool.rules import Code, Rule


def item_record(item: Item) -> dict[str, Any]:
    p = item.position
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "kind": item.kind,
        "status": item.status,
        "outcome": item.outcome,
        "text": item.text,
        "answer": item.answer,
        "original": item.original,
        "tags": list(item.tags),
        "since": item.since.isoformat() if item.since else None,
        "answer_position": None
        if item.answer_position is None
        else {
            "path": item.answer_position.path,
            "line": item.answer_position.line,
            "column": item.answer_position.column,
        },
        "rule": item.rule,
        "implicit": item.implicit,
    }


def _mV(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def claim_record(claim: ClaimResult) -> dict[str, Any]:
    p = claim.position
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "calculator": claim.calculator,
        "source": claim.origin,
        "result": claim.result,
        "computed_mV": _mV(claim.computed_mV),
        "expected_mV": _mV(claim.expected_mV),
        "tolerance_mV": _mV(claim.tolerance_mV),
        "diagnosis": claim.diagnosis,
        "diagnoses": [{"code": d.code, "message": d.message} for d in claim.diagnoses],
        "message": claim.message,
    }


def status(view: StatusView, context: Context) -> str:
    return to_json({"vault": view.vault, "items": [item_record(i) for i in view.items]})


def tags(summaries: Sequence[TagSummary], context: Context) -> str:
    return to_json(
        {
            "tags": [
                {
                    "name": tag.name,
                    "count": tag.count,
                    "occurrences": [{"path": p.path, "line": p.line, "column": p.column} for p in tag.occurrences],
                }
                for tag in summaries
            ]
        }
    )


def check(result: CheckResult, context: Context) -> str:
    return to_json(
        {
            "diagnostics": [
                {
                    "path": d.position.path,
                    "line": d.position.line,
                    "column": d.position.column,
                    "end_column": d.end_column,
                    "severity": d.severity.value,
                    "code": str(d.code),
                    "message": d.message,
                    "hint": d.hint,
                }
                for d in result.diagnostics
            ],
            "summary": _check_summary(result),
        }
    )


def _check_summary(result: CheckResult) -> dict[str, int]:
    from vaulttool.rules import Severity

    return {
        "notes": result.notes,
        "links": result.links,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "info": result.count(Severity.INFO),
    }


def check_statistics(result: CheckResult, context: Context) -> str:
    from vaulttool.rules import RULES

    return to_json(
        {
            "statistics": [
                {"code": str(code), "severity": RULES[code].severity.value, "count": count}
                for code, count in result.statistics()
            ],
            "summary": _check_summary(result),
        }
    )


def rules(shown: Mapping[Code, Rule], context: Context) -> str:
    return to_json(
        {
            "rules": [
                {"code": str(r.code), "severity": r.severity.value, "summary": r.summary, "example": r.example}
                for r in shown.values()
            ]
        }
    )


def verify(claims: Sequence[ClaimResult], context: Context) -> str:
    return to_json({"claims": [claim_record(claim) for claim in claims]})


def _counts(counts: Counts) -> dict[str, int]:
    from vaulttool.analyse.report import COUNT_FIELDS

    return {name: getattr(counts, name) for name in COUNT_FIELDS}


def report(model: Report, context: Context) -> str:
    return to_json(
        {
            "vault": model.vault,
            "as_of": model.as_of,
            "generated": model.generated,
            "corrected": [{**item_record(c.item), "was": c.was} for c in model.corrected],
            "partial": [{**item_record(c.item), "was": c.was} for c in model.partial],
            "unresolved": [{**item_record(u.item), "age_days": u.age_days} for u in model.unresolved],
            "numbers": [claim_record(c) for c in model.numbers],
            "summary": {
                "notes": [{"path": n.path, **_counts(n.counts)} for n in model.notes],
                "vault": {"notes": model.note_count, **_counts(model.total)},
                "timeline": [asdict(week) for week in model.timeline],
            },
        }
    )


def _mM(value: float) -> float:
    """A concentration without the float noise of unit conversion (100 nM → 0.0001, not 9.9…e-05)."""
    return float(f"{value:.12g}")


def calc(steps: Steps, context: Context) -> str:
    from vaulttool.calc.constants import F, R
    from vaulttool.calc.explain import NernstSteps
    from vaulttool.calc.explanation import explanation

    calculation = steps.calculation
    record: dict[str, Any] = {"calculator": "nernst" if isinstance(steps, NernstSteps) else "ghk"}
    if isinstance(steps, NernstSteps):
        ion = steps.calculation.ion
        record |= {
            "ion": ion.symbol,
            "valence": ion.valence,
            "inside_mM": _mM(steps.calculation.inside_mM),
            "outside_mM": _mM(steps.calculation.outside_mM),
        }
    else:
        record["method"] = steps.method
        record["ions"] = [
            {
                "ion": spec.ion.symbol,
                "valence": spec.ion.valence,
                "inside_mM": _mM(spec.inside_mM),
                "outside_mM": _mM(spec.outside_mM),
                "permeability": spec.permeability,
            }
            for spec in steps.calculation.ions
        ]
    record |= {"temperature_K": round(calculation.temperature_K, 6), "potential_mV": round(steps.potential_mV, 2)}
    if context.explain:
        record["constants"] = {
            "R_J_per_mol_K": R,
            "F_C_per_mol": F,
            "RT_over_F_mV": round(steps.thermal_mV, 6),
            "decade_slope_mV": round(steps.decade_slope_mV, 6),
        }
        if not isinstance(steps, NernstSteps) and steps.numerator_shares:
            record["shares"] = {
                "numerator": _share_records(steps.numerator_shares),
                "denominator": _share_records(steps.denominator_shares),
            }
        record["explanation"] = explanation(steps)
    return to_json(record)


def _share_records(shares: tuple[Share, ...]) -> list[dict[str, Any]]:
    return [
        {
            "ion": share.ion.symbol,
            "side": share.side,
            "weighted": _mM(share.weighted),
            "fraction": round(share.fraction, 6),
        }
        for share in shares
    ]


def review(sheet: ReviewSheet, context: Context) -> str:
    """The cards: front, back and source of each, with the claims that belong to it."""
    return to_json(
        {
            "vault": sheet.vault,
            "deck": sheet.deck,
            "generated": sheet.generated,
            "cards": [
                {
                    "id": card.id,
                    "category": card.category,
                    "kind": card.kind,
                    "status": card.status,
                    "outcome": card.outcome,
                    "front": card.front,
                    "back": card.back,
                    "original": card.original,
                    "numbers": [claim_record(claim) for claim in card.numbers],
                    "path": card.position.path,
                    "line": card.position.line,
                    "column": card.position.column,
                    "note": card.note,
                    "uri": card.uri,
                    "tags": list(card.tags),
                }
                for card in sheet.cards
            ],
        }
    )
