"""```nernst and ```ghk blocks: what they compute, and every error path with the note line it names.

The issue's block syntax: YAML `key: value` lines; `expect` may carry `± tol` (or `+/- tol`);
values such as `37 °C` and `140 mM` go through the unit table. Textbook vectors: Purves et al.,
*Neuroscience* 6th ed., ch. 2 (mammalian neuron, 37 °C) and Hodgkin & Katz 1949 (squid, 20 °C).
"""

from __future__ import annotations

import math

import pytest

from vaulttool.analyse.claims import ClaimResult, evaluate_note
from vaulttool.calc.constants import F, R
from vaulttool.parse import parse_note

PREFIX = "# note\n\ntext before\n\n"  # the fence opens on line 5, the body starts on line 6


def claim(body: str, language: str = "nernst") -> ClaimResult:
    """The single claim of a note holding one block whose fence opens on line 5."""
    claims = evaluate_note(parse_note("n.md", f"{PREFIX}```{language}\n{body}```\n"))
    assert len(claims) == 1
    return claims[0]


def error(body: str, language: str = "nernst") -> str:
    result = claim(body, language)
    assert result.result == "error", result
    assert (result.computed_mV, result.expected_mV, result.tolerance_mV, result.diagnosis) == (None,) * 4
    return result.message


def nernst_by_hand(z: int, inside: float, outside: float, celsius: float) -> float:
    return 1000 * R * (celsius + 273.15) / (z * F) * math.log(outside / inside)


K_BLOCK = "ion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\n"
SQUID_GHK = (
    "temperature: 20 °C\n"
    "ions:\n"
    "  K+: {inside: 400 mM, outside: 20 mM, permeability: 1}\n"
    "  Na+: {inside: 50 mM, outside: 440 mM, permeability: 0.04}\n"
    "  Cl-: {inside: 52 mM, outside: 560 mM, permeability: 0.45}\n"
)


def test_issue_nernst_block_passes() -> None:
    """Purves ch. 2: K⁺ 140/5 mM at 37 °C → −89.06 mV; `expect: -89 mV` holds within ±1 mV."""
    result = claim(K_BLOCK + "expect: -89 mV\n")
    assert (result.calculator, result.result) == ("nernst", "pass")
    assert result.computed_mV == pytest.approx(-89.06, abs=0.005)
    assert (result.expected_mV, result.tolerance_mV, result.diagnosis) == (-89.0, 1.0, None)
    assert (result.position.path, result.position.line, result.position.column) == ("n.md", 5, 1)
    assert result.source == K_BLOCK + "expect: -89 mV\n"
    assert result.message == "E_K = -89.06 mV, expected -89 ± 1 mV (K⁺ 140 mM in, 5 mM out, 37 °C)"


def test_issue_ghk_block_passes() -> None:
    """Hodgkin & Katz 1949, squid axon at 20 °C, P_K:P_Na:P_Cl = 1:0.04:0.45 → −59.93 mV."""
    result = claim(SQUID_GHK + "expect: -60 mV ± 2\n", "ghk")
    assert (result.calculator, result.result, result.expected_mV, result.tolerance_mV) == ("ghk", "pass", -60, 2)
    assert result.computed_mV == pytest.approx(-59.93, abs=0.005)


@pytest.mark.parametrize(
    ("body", "computed"),
    [
        # Purves ch. 2, mammalian neuron at 37 °C
        ("ion: Na+\ninside: 12 mM\noutside: 145 mM\ntemperature: 37 °C\n", 66.60),
        ("ion: Ca2+\ninside: 100 nM\noutside: 2 mM\ntemperature: 37 °C\n", 132.34),
        ("ion: Ca++\ninside: 0.1 µM\noutside: 0.002 M\ntemperature: 310.15 K\n", 132.34),
        # Hodgkin & Katz 1949 concentrations, squid axon at 20 °C
        ("ion: K+\ninside: 400 mM\noutside: 20 mM\ntemperature: 20 °C\n", -75.68),
        ("ion: Na+\ninside: 50 mmol/L\noutside: 0.44 mol/L\ntemperature: 20 degC\n", 54.94),
        ("ion: Cl-\ninside: 52 mM\noutside: 560 mM\ntemperature: 20C\n", -60.04),
        # `z` overrides the name's valence: Cl⁻ taken as +1 gives +60.04
        ("ion: Cl-\nz: +1\ninside: 52 mM\noutside: 560 mM\ntemperature: 20 °C\n", 60.04),
        ("ion: 'Cl-'\ninside: \"52 mM\"\noutside: 560 mM\ntemperature: 20 °C  # quoted values\n", -60.04),
    ],
)
def test_a_block_without_expect_is_a_value(body: str, computed: float) -> None:
    result = claim(body)
    assert result.result == "value"
    assert result.computed_mV == pytest.approx(computed, abs=0.005)
    assert (result.expected_mV, result.tolerance_mV, result.diagnosis) == (None, None, None)


def test_a_wrong_expectation_fails_with_a_diagnosis() -> None:
    """The issue's example: Cl⁻ 10/110 mM at 37 °C is −64.09 mV; +64 mV is the valence taken as +1,
    or inside and outside swapped: both are given, in one line and one by one."""
    result = claim("ion: Cl-\ninside: 10 mM\noutside: 110 mM\ntemperature: 37 °C\nexpect: +64 mV\n")
    assert (result.result, result.expected_mV, result.tolerance_mV) == ("fail", 64.0, 1.0)
    assert result.computed_mV == pytest.approx(nernst_by_hand(-1, 10, 110, 37))
    assert result.diagnosis == (
        "expected +64 mV matches E_Cl with the valence of Cl⁻ taken as +1; with z = -1, E_Cl = -64.09 mV. "
        "It also matches E_Cl with inside and outside swapped; with [Cl⁻]in = 10 mM and [Cl⁻]out = 110 mM, "
        "E_Cl = -64.09 mV"
    )
    assert [d.code for d in result.diagnoses] == ["wrong-valence", "swapped"]
    assert result.message.startswith("E_Cl = -64.09 mV, expected +64 ± 1 mV: off by 128.09 mV")


def test_ghk_diagnosis_anion_not_swapped() -> None:
    """With Cl⁻ put in like a cation: b = 20 + 17.6 + 0.45·560, a = 400 + 2 + 0.45·52 → −14.09 mV."""
    by_hand = 1000 * R * 293.15 / F * math.log((20 + 0.04 * 440 + 0.45 * 560) / (400 + 0.04 * 50 + 0.45 * 52))
    result = claim(SQUID_GHK + f"expect: {by_hand:.2f} mV ± 0.5\n", "ghk")
    assert result.result == "fail"
    assert result.diagnosis is not None and "with Cl⁻ not swapped" in result.diagnosis


def test_a_wrong_value_no_mistake_explains_has_no_diagnosis() -> None:
    result = claim(K_BLOCK + "expect: -70 mV\n")
    assert (result.result, result.diagnosis, result.diagnoses) == ("fail", None, ())


@pytest.mark.parametrize(
    ("expect", "value", "tolerance"),
    [
        ("-89 mV", -89, 1),
        ("-89 mV ± 2", -89, 2),
        ("-89 mV +/- 0.5", -89, 0.5),
        ("-89 ± 2 mV", -89, 2),
        ("-0.089 V ± 1 mV", -89, 1),
        ("−89 mV ± 0", None, 0),
        ("'-89.06 mV ± 0.01'", -89.06, 0.01),
    ],
)
def test_expect_and_tolerance(expect: str, value: float | None, tolerance: float) -> None:
    result = claim(K_BLOCK + f"expect: {expect}\n")
    if value is None:  # ± 0: −89.06 is not −89
        assert (result.result, result.tolerance_mV) == ("fail", 0)
        return
    assert (result.result, result.expected_mV, result.tolerance_mV) == (
        "pass",
        pytest.approx(value),
        pytest.approx(tolerance),
    )


def test_language_is_case_insensitive_and_other_languages_are_ignored() -> None:
    text = f"```Nernst extra words\n{K_BLOCK}```\n\n```yaml\n{K_BLOCK}```\n\n```\n{K_BLOCK}```\n"
    assert [c.calculator for c in evaluate_note(parse_note("n.md", text))] == ["nernst"]


def test_a_block_in_a_tab_indented_list_item() -> None:
    """The seed note indents its lists with tabs; the fence's body loses that indentation."""
    text = (
        "- a\n\t- b\n\t\t```nernst\n\t\tion: K+\n\t\tinside: 140 mM\n\t\toutside: 5 mM\n\t\ttemperature: 37 °C\n"
        "\t\texpect: -89 mV\n\t\t```\n"
    )
    (result,) = evaluate_note(parse_note("n.md", text))
    assert (result.result, result.position.line, result.position.column) == ("pass", 3, 3)


# ---- every error path; each message names the note line (fence on 5, body from 6) ----------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # unknown key, with a suggestion when one is close
        (
            "ion: K+\ninside: 140 mM\noutsde: 5 mM\n",
            "line 8: a nernst block: unknown key 'outsde' (did you mean 'outside'?); "
            "it takes ion, z, inside, outside, temperature, expect",
        ),
        ("ion: K+\nin: 140 mM\n", "line 7: a nernst block: unknown key 'in' (did you mean 'inside'?)"),
        ("colour: red\n", "line 6: a nernst block: unknown key 'colour'; it takes ion"),
        # missing keys: named on the fence line, with an example
        (
            "inside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\n",
            "line 5: a nernst block has no 'ion' (write e.g. `ion: K+`)",
        ),
        ("ion: K+\noutside: 5 mM\ntemperature: 37 °C\n", "line 5: a nernst block has no 'inside'"),
        ("ion: K+\ninside: 140 mM\ntemperature: 37 °C\n", "line 5: a nernst block has no 'outside'"),
        (
            "ion: K+\ninside: 140 mM\noutside: 5 mM\n",
            "line 5: a nernst block has no 'temperature' (write e.g. `temperature: 37 °C`)",
        ),
        # bad units
        (
            "ion: K+\ninside: 140 mG\noutside: 5 mM\ntemperature: 37 °C\n",
            "line 7: inside: unknown unit 'mG' in '140 mG'; accepted: concentration M, mM, µM",
        ),
        ("ion: K+\ninside: 140\noutside: 5 mM\ntemperature: 37 °C\n", "line 7: inside: '140' has no unit"),
        ("ion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 F\n", "line 9: temperature: unknown unit 'F'"),
        (
            "ion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 5 mM\n",
            "line 9: temperature: '5 mM' is a concentration, not a temperature",
        ),
        (
            "ion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: -300 °C\n",
            "line 9: temperature: temperature '-300 °C' must be above 0 K",
        ),
        (K_BLOCK + "expect: -89\n", "line 10: expect: '-89' has no unit; a voltage needs one: mV, V"),
        (K_BLOCK + "expect: 37 °C\n", "line 10: expect: '37 °C' is a temperature, not a voltage"),
        (K_BLOCK + "expect: -89 mV ± -1\n", "line 10: expect: tolerance '-1' must not be negative"),
        (K_BLOCK + "expect: -89 mV ± lots\n", "line 10: expect: cannot read a number and a unit from 'lots mV'"),
        # non-positive concentrations
        (
            "ion: K+\ninside: 0 mM\noutside: 5 mM\ntemperature: 37 °C\n",
            "line 7: inside: concentration '0 mM' must be positive",
        ),
        (
            "ion: K+\ninside: 140 mM\noutside: -5 mM\ntemperature: 37 °C\n",
            "line 8: outside: concentration '-5 mM' must be positive",
        ),
        # unknown ion, no charge, bad valence
        (
            "ion: Xx+\ninside: 1 mM\noutside: 2 mM\ntemperature: 37 °C\n",
            "line 6: ion: unknown ion 'Xx+': 'Xx' is not a chemical element",
        ),
        ("ion: Fe\ninside: 1 mM\noutside: 2 mM\ntemperature: 37 °C\n", "line 6: ion: 'Fe' has no charge"),
        (
            "ion: potassium\ninside: 1 mM\noutside: 2 mM\ntemperature: 37 °C\n",
            "line 6: ion: 'potassium' does not start with a chemical formula",
        ),
        ("ion: K+\nz: 0\n" + K_BLOCK[8:], "line 7: z: z must not be 0"),
        ("ion: K+\nz: 1.5\n" + K_BLOCK[8:], "line 7: z: z must be a whole number such as -1 or +2, got '1.5'"),
        # YAML shapes
        (
            "ion: K+\ninside: 140 mM\ninside: 150 mM\n",
            "line 8: a nernst block: 'inside' is given twice (first on line 7)",
        ),
        ("ion: K+\ninside: [140 mM, 150 mM]\n", "line 7: 'inside' needs a single value, e.g. `inside: 140 mM`"),
        ("ion:\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\n", "line 6: 'ion' needs a single value"),
        ("K+ 140 mM 5 mM\n", "line 6: a nernst block is a list of `key: value` lines (ion, z, inside"),
        ("- ion: K+\n", "line 6: a nernst block is a list of `key: value` lines"),
        ("", "line 5: the nernst block is empty; write ion, z, inside, outside, temperature, expect"),
        ("# only a comment\n", "line 5: the nernst block is empty"),
        # malformed YAML: the line of the problem
        (
            "ion: K+\ninside: {140 mM\noutside: 5 mM\n",
            "line 8: malformed YAML: while parsing a flow mapping, did not find expected ',' or '}'",
        ),
        ("ion: K+\n\tinside: 140 mM\n", "line 7: malformed YAML: while scanning a plain scalar, found a tab character"),
        ("ion: K+\ninside: 140 mM\n  outside: 5 mM\n", "line 8: malformed YAML: mapping values are not allowed"),
        (
            "ion: K+\n---\nion: Na+\n",
            "line 7: malformed YAML: expected a single document in the stream, but found another",
        ),
    ],
)
def test_nernst_block_errors(body: str, message: str) -> None:
    assert error(body).startswith(message)


def test_tab_indentation_gets_a_hint() -> None:
    assert error("ion: K+\n\tinside: 140 mM\n").endswith("(YAML indents with spaces, not tabs)")


def test_an_error_message_is_one_line() -> None:
    for body in ("ion: K+\ninside: {140 mM\n", "ion: K+\ninside: 140 mG\n", "colour: red\n"):
        assert "\n" not in error(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("temperature: 20 °C\n", "line 5: a ghk block has no 'ions' (write e.g. `ions: {K+: {inside: 400 mM"),
        (
            "ions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: 1}\n",
            "line 5: a ghk block has no 'temperature'",
        ),
        ("temperature: 20 °C\nions:\n  - K+\n", "line 7: 'ions' lists each ion by name"),
        ("temperature: 20 °C\nions:\n", "line 7: 'ions' lists each ion by name"),
        ("temperature: 20 °C\nions: {}\n", "line 7: 'ions' is empty"),
        ("temperature: 20 °C\nion: K+\n", "line 7: a ghk block: unknown key 'ion' (did you mean 'ions'?)"),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM}\n",
            "line 8: K+ has no 'permeability' (write e.g. `permeability: 0.04`)",
        ),
        (
            "temperature: 20 °C\nions:\n  K+:\n    inside: 400 mM\n    outside: 20 mM\n    P: 1\n",
            "line 11: K+: unknown key 'P' (did you mean 'permeability'?)",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: 400 mM\n",
            "line 8: K+ is a list of `key: value` lines (inside, outside, permeability, z)",
        ),
        (
            "temperature: 20 °C\nions:\n  Xx+: {inside: 1 mM, outside: 2 mM, permeability: 1}\n",
            "line 8: ion: unknown ion 'Xx+'",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 0 mM, outside: 20 mM, permeability: 1}\n",
            "line 8: inside: concentration '0 mM' must be positive",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: -1}\n",
            "line 8: permeability: permeability '-1' must not be negative",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: 1 mM}\n",
            "line 8: permeability: '1 mM' is a concentration, not a permeability",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: 0}\n",
            "line 7: every permeability is 0",
        ),
        (
            "temperature: 20 °C\nions:\n  Ca2+: {inside: 1 µM, outside: 2 mM, permeability: 1}\n  Ca++: {inside: 1 µM, outside: 2 mM, permeability: 1}\n",
            "line 9: Ca²⁺ is listed twice under 'ions'",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: 1}\n  K+: {inside: 1 mM, outside: 2 mM, permeability: 1}\n",
            "line 9: 'ions': 'K+' is given twice (first on line 8)",
        ),
        (
            "temperature: 20 °C\nions:\n  K+: {inside: 400 mM, outside: 20 mM, permeability: 1, z: 0}\n",
            "line 8: z: z must not be 0",
        ),
        (SQUID_GHK + "expect: -60 mV ±\n", "line 11: expect: cannot read"),
    ],
)
def test_ghk_block_errors(body: str, message: str) -> None:
    assert error(body, "ghk").startswith(message)


def test_ghk_z_override_and_divalent_cation() -> None:
    """One divalent cation takes the closed form; Ca²⁺ written with z: 2 is the same ion."""
    body = (
        "temperature: 37 °C\nions:\n  K+: {inside: 140 mM, outside: 5 mM, permeability: 1}\n"
        "  Ca: {inside: 100 nM, outside: 2 mM, permeability: 1e-9, z: 2}\n"
    )
    result = claim(body, "ghk")
    # a negligible Ca²⁺ permeability leaves E_K (Purves: −89.06 mV)
    assert (result.result, result.computed_mV) == ("value", pytest.approx(-89.06, abs=0.005))
