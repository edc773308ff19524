"""`nernst: …` and `ghk: …` code spans: what they compute, and every error path.

The issue's span syntax: `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`; the labels `in` and
`out` are required (swapping them is the most common mistake). Textbook vectors: Purves et al.,
*Neuroscience* 6th ed., ch. 2 (37 °C) and Hodgkin & Katz 1949 (squid axon, 20 °C).
"""

from __future__ import annotations

import pytest

from vaulttool.analyse.claims import ClaimResult, evaluate_note
from vaulttool.calc.claim_span import span_calculator
from vaulttool.parse import parse_note


def claim(span: str, before: str = "- E_K : ") -> ClaimResult:
    """The single claim of a note whose line 3 holds `span` in backticks."""
    claims = evaluate_note(parse_note("n.md", f"# note\n\n{before}`{span}` #verifed\n"))
    assert len(claims) == 1
    return claims[0]


def error(span: str) -> str:
    result = claim(span)
    assert result.result == "error", result
    assert (result.computed_mV, result.expected_mV, result.tolerance_mV, result.diagnosis) == (None,) * 4
    return result.message


def test_issue_span_passes_and_is_positioned_at_its_backtick() -> None:
    """Purves ch. 2: K⁺ 140/5 mM at 37 °C → −89.06 mV."""
    text = "nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV"
    result = claim(text)
    assert (result.calculator, result.result, result.expected_mV, result.tolerance_mV) == ("nernst", "pass", -89, 1)
    assert result.computed_mV == pytest.approx(-89.06, abs=0.005)
    assert (result.position.line, result.position.column, result.source) == (3, 9, text)


@pytest.mark.parametrize(
    ("span", "computed"),
    [
        # Purves ch. 2, 37 °C
        ("nernst: Na+ in 12 mM, out 145 mM, 37 °C", 66.60),
        ("nernst: Ca2+ in 0.0001 mM, out 2 mM, 37 °C", 132.34),
        ("nernst: Ca²⁺ inside 100 nM, outside 2 mM, T = 310.15 K", 132.34),
        ("nernst: K+ out 5 mM, in 140 mM, at 37C", -89.06),  # labels, not order, say which is which
        ("nernst: K+ in=140mM, out=5mM, T: 37 degC", -89.06),
        ("Nernst: K+ in 140 mM, out 5 mM, 37 °C", -89.06),
        # Hodgkin & Katz 1949, squid at 20 °C
        ("nernst: K+ in 400 mM, out 20 mM, 20 °C", -75.68),
        ("nernst: Na+ in 50 mM, out 440 mM, 20 °C", 54.94),
        ("nernst: Cl- in 52 mM, out 560 mM, 20 °C", -60.04),
        ("nernst: Cl- in 52 mM, out 560 mM, z +1, 20 °C", 60.04),  # z overrides the name
        (
            "ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04; "
            "Cl- in 52 mM, out 560 mM, P 0.45",
            -59.93,
        ),
        (
            "ghk: K+ in 400 mM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04; "
            "Cl- in 52 mM, out 560 mM, permeability 0.45; T 20 °C",
            -59.93,
        ),
    ],
)
def test_a_span_without_arrow_is_a_value(span: str, computed: float) -> None:
    result = claim(span)
    assert (result.result, result.expected_mV) == ("value", None)
    assert result.computed_mV == pytest.approx(computed, abs=0.005)


@pytest.mark.parametrize(
    ("span", "result", "expected", "tolerance"),
    [
        ("nernst: Na+ in 12 mM, out 145 mM, 37 °C => +67 mV", "pass", 67, 1),
        ("nernst: Na+ in 12 mM, out 145 mM, 37 °C ⇒ +66.6 mV ± 0.01", "pass", 66.6, 0.01),
        ("nernst: Na+ in 12 mM, out 145 mM, 37 °C => 66 ± 0.5 mV", "fail", 66, 0.5),
        ("nernst: Cl- in 52 mM, out 560 mM, 20 °C => −60 mV +/- 0.1", "pass", -60, 0.1),
        (
            "ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04; "
            "Cl- in 52 mM, out 560 mM, P 0.45 => -60 mV ± 2",
            "pass",
            -60,
            2,
        ),
    ],
)
def test_expectations(span: str, result: str, expected: float, tolerance: float) -> None:
    claimed = claim(span)
    assert (claimed.result, claimed.expected_mV, claimed.tolerance_mV) == (
        result,
        pytest.approx(expected),
        pytest.approx(tolerance),
    )


def test_swapped_inside_and_outside_is_diagnosed() -> None:
    """+89 mV for K⁺ 140/5: the sign flips when inside and outside are swapped."""
    result = claim("nernst: K+ in 140 mM, out 5 mM, 37 °C => +89 mV")
    assert result.result == "fail"
    assert result.diagnosis == (
        "expected +89 mV matches E_K with inside and outside swapped; "
        "with [K⁺]in = 140 mM and [K⁺]out = 5 mM, E_K = -89.06 mV"
    )


def test_calcium_with_valence_one_is_diagnosed() -> None:
    """Ca²⁺ 0.0001/2 mM taken as z = 1: 26.727·ln(20000) = 264.69 mV."""
    result = claim("nernst: Ca2+ in 0.0001 mM, out 2 mM, 37 °C => +265 mV")
    assert result.diagnosis == (
        "expected +265 mV matches E_Ca with the valence of Ca²⁺ taken as +1; with z = +2, E_Ca = +132.34 mV"
    )
    assert result.origin == "span"


@pytest.mark.parametrize(
    "text",
    ["nernst", "nernst is the man", "the nernst: equation", "ghkx: K+", "python: x", "#hypothesis", "nernst-ish: 1"],
)
def test_only_nernst_and_ghk_spans_are_claims(text: str) -> None:
    assert span_calculator(text) is None
    assert evaluate_note(parse_note("n.md", f"see `{text}` here\n")) == []


def test_spans_inside_code_blocks_and_math_are_not_claims() -> None:
    text = "```text\n`nernst: K+ in 1 mM, out 2 mM, 37 °C`\n```\n\n$`nernst: x`$\n"
    assert evaluate_note(parse_note("n.md", text)) == []


@pytest.mark.parametrize(
    ("span", "message"),
    [
        # the in/out labels are required
        (
            "nernst: K+ 140 mM, 5 mM, 37 °C => -89 mV",
            "line 3: '140 mM' has no label: write `in 140 mM` or `out 140 mM` (the labels in and out are required",
        ),
        ("nernst: K+ in 140 mM, 5 mM, 37 °C", "line 3: '5 mM' has no label"),
        (
            "nernst: K+ in 140 mM, 37 °C",
            "line 3: K+: no 'out'; write it like `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`",
        ),
        ("nernst: K+, 37 °C", "line 3: K+: no 'in' and no 'out'"),
        ("nernst: K+ in 140 mM, out 5 mM", "line 3: K+: no 'temperature'"),
        ("ghk: 20 °C; K+ 400 mM, 20 mM, P 1", "line 3: '400 mM' has no label"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM, 1", "line 3: '1' has no label: write `P 1` for a permeability"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM", "line 3: K+: no 'P'"),
        # unknown ion, bad units, non-positive concentrations, bad valence
        ("nernst: Xx+ in 1 mM, out 2 mM, 37 °C", "line 3: ion: unknown ion 'Xx+': 'Xx' is not a chemical element"),
        ("nernst: Fe in 1 mM, out 2 mM, 37 °C", "line 3: ion: 'Fe' has no charge"),
        (
            "nernst: K+ in 140 mG, out 5 mM, 37 °C",
            "line 3: in: unknown unit 'mG' in '140 mG'; accepted: concentration M",
        ),
        ("nernst: K+ in 140, out 5 mM, 37 °C", "line 3: in: '140' has no unit"),
        ("nernst: K+ in 0 mM, out 5 mM, 37 °C", "line 3: in: concentration '0 mM' must be positive"),
        ("nernst: K+ in 140 mM, out -5 mM, 37 °C", "line 3: out: concentration '-5 mM' must be positive"),
        ("nernst: K+ in 140 mM, out 5 mM, 37 F", "line 3: unknown unit 'F' in '37 F'; accepted: concentration M"),
        ("nernst: K+ in 140 mM, out 5 mM, T 37 F", "line 3: temperature: unknown unit 'F'"),
        ("nernst: K+ in 140 mM, out 5 mM, z 0, 37 °C", "line 3: z: z must not be 0"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM, P -1", "line 3: P: permeability '-1' must not be negative"),
        # expectations
        ("nernst: K+ in 140 mM, out 5 mM, 37 °C =>", "line 3: nothing after '=>'"),
        ("nernst: K+ in 140 mM, out 5 mM, 37 °C => -89", "line 3: expected value: '-89' has no unit"),
        ("nernst: K+ in 140 mM, out 5 mM, 37 °C => cold", "line 3: expected value: cannot read a number"),
        # structure
        ("nernst:", "line 3: no ion"),
        ("nernst: => -89 mV", "line 3: no ion"),
        ("nernst: K+ in 140 mM, in 150 mM, out 5 mM, 37 °C", "line 3: 'in' is given twice"),
        ("nernst: K+ in 140 mM, out 5 mM, P 1, 37 °C", "line 3: 'P' does not belong here"),
        ("nernst: K+ in 140 mM, out 5 mM, 37 °C, lots of words", "line 3: cannot read 'lots of words'"),
        ("ghk: K+ in 400 mM, out 20 mM, P 1", "line 3: no temperature"),
        ("ghk: 20 °C", "line 3: no ions"),
        ("ghk: T 20 F; K+ in 400 mM, out 20 mM, P 1", "line 3: temperature: unknown unit 'F'"),
        ("ghk: 20 °C; 37 °C; K+ in 400 mM, out 20 mM, P 1", "line 3: two temperatures in one ghk span"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1, T 37 °C", "line 3: 'temperature' does not belong here"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1; K+ in 1 mM, out 2 mM, P 1", "line 3: K⁺ is listed twice"),
        ("ghk: 20 °C; K+ in 400 mM, out 20 mM, P 0", "line 3: every permeability is 0"),
    ],
)
def test_span_errors(span: str, message: str) -> None:
    assert error(span).startswith(message)
