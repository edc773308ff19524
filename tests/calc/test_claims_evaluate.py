"""Claims of a note and of a vault: the interface `report` builds on, order, and excluded files."""

from __future__ import annotations

import dataclasses
import json

import pytest

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.claims import ClaimResult, evaluate_note
from vaulttool.model import Position
from vaulttool.parse import parse_note

K_SPAN = "`nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`"
K_BLOCK = "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: -89 mV\n```\n"


def test_claim_result_is_the_agreed_interface() -> None:
    """The fields `vaulttool report` reads, in this order; frozen."""
    assert [field.name for field in dataclasses.fields(ClaimResult)] == [
        "position",
        "calculator",
        "result",
        "computed_mV",
        "expected_mV",
        "tolerance_mV",
        "diagnosis",
        "message",
        "source",
        "origin",
        "diagnoses",
    ]
    (claim,) = evaluate_note(parse_note("n.md", K_SPAN + "\n"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.result = "fail"  # type: ignore[misc]


def test_blocks_and_spans_come_in_line_and_column_order() -> None:
    text = (
        f"a {K_SPAN} and `nernst: Na+ in 12 mM, out 145 mM, 37 °C`\n\n"  # line 1: two spans
        + K_BLOCK  # fence on line 3
        + "\n- `ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1`\n"  # line 11
    )
    claims = evaluate_note(parse_note("n.md", text))
    assert [(c.position.line, c.position.column, c.calculator, c.result) for c in claims] == [
        (1, 3, "nernst", "pass"),
        (1, len(f"a {K_SPAN} and ") + 1, "nernst", "value"),
        (3, 1, "nernst", "pass"),
        (11, 3, "ghk", "value"),
    ]


def test_value_message_names_the_calculation() -> None:
    """GHK with K⁺ alone is E_K: squid K⁺ 400/20 at 20 °C → −75.68 mV (Hodgkin & Katz 1949)."""
    (claim,) = evaluate_note(parse_note("n.md", "`ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1`\n"))
    assert claim.message == "V_m = -75.68 mV (GHK with P(K⁺) = 1, 20 °C)"


def test_failed_property() -> None:
    texts = {
        "pass": K_SPAN,
        "fail": K_SPAN.replace("-89", "+10"),
        "error": "`nernst: K+`",
        "value": "`nernst: K+ in 1 mM, out 2 mM, 20 °C`",
    }
    for result, text in texts.items():
        (claim,) = evaluate_note(parse_note("n.md", text + "\n"))
        assert (claim.result, claim.failed) == (result, result in ("fail", "error"))


def test_vault_claims_in_path_line_column_order_without_excluded_files(make_vault) -> None:
    """Obsidian's "Excluded files" (`userIgnoreFilters` in .obsidian/app.json) are left out, as in `status`."""
    root = make_vault(
        {
            "b.md": f"{K_SPAN}\n",
            "a/z.md": f"x\n\n{K_BLOCK}",
            "a/y.md": f"1\n2\n{K_SPAN} {K_SPAN}\n",
            "Templates/t.md": "`nernst: K+ in {{in}}, out {{out}}, 37 °C`\n",
            ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Templates/"]}),
        }
    )
    claims = Analysis(load(root)).claims
    assert [c.position for c in claims] == [
        Position("a/y.md", 3, 1),
        Position("a/y.md", 3, len(K_SPAN) + 2),
        Position("a/z.md", 3, 1),
        Position("b.md", 1, 1),
    ]
    assert {c.result for c in claims} == {"pass"}


def test_a_vault_without_claims(make_vault) -> None:
    assert Analysis(load(make_vault({"a.md": "# nothing to check `code` here\n"}))).claims == ()
