"""`vaulttool calc nernst|ghk`: the issue's textbook vectors, `--explain`, `--format json`, bad arguments.

Vectors: Purves et al., *Neuroscience* 6th ed., ch. 2 (mammalian neuron, 37 °C) and Hodgkin &
Katz 1949 (squid giant axon, 20 °C, P_K:P_Na:P_Cl = 1:0.04:0.45); RT/F at 37 °C = 26.7267 mV.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from vaulttool.cli import main

SQUID = [
    "--temperature",
    "20C",
    "--ion",
    "K+:400mM:20mM:1",
    "--ion",
    "Na+:50mM:440mM:0.04",
    "--ion",
    "Cl-:52mM:560mM:0.45",
]


def calc(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["calc", *args])
    return result.exit_code, result.stdout, result.stderr


def potential(*args: str) -> float:
    code, out, _ = calc(*args, "--format", "json")
    assert code == 0, out
    return json.loads(out)["potential_mV"]


def test_issue_example_prints_the_potential() -> None:
    code, out, _ = calc("nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM", "--temperature", "37C")
    assert (code, out) == (0, "E_K = -89.06 mV (K⁺ 140 mM in, 5 mM out, 37 °C)\n")


@pytest.mark.parametrize(
    ("ion", "inside", "outside", "temperature", "expected"),
    [
        ("K+", "140mM", "5mM", "37C", -89.06),  # Purves
        ("Na+", "12mM", "145mM", "37 °C", 66.60),  # Purves
        ("Ca2+", "0.0001mM", "2mM", "37degC", 132.34),  # Purves
        ("Ca++", "100nM", "2mM", "310.15K", 132.34),
        ("K+", "400mM", "20mM", "20C", -75.68),  # Hodgkin & Katz
        ("Na+", "0.05M", "440 mmol/L", "20C", 54.94),  # Hodgkin & Katz
        ("Cl-", "52mM", "560mM", "20C", -60.04),  # Hodgkin & Katz
    ],
)
def test_nernst_textbook_vectors(ion: str, inside: str, outside: str, temperature: str, expected: float) -> None:
    assert (
        potential("nernst", "--ion", ion, "--inside", inside, "--outside", outside, "--temperature", temperature)
        == expected
    )


def test_nernst_defaults_to_body_temperature_and_z_overrides() -> None:
    assert potential("nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM") == -89.06
    # Cl⁻ 52/560 with z = +1: the sign flips
    assert (
        potential("nernst", "--ion", "Cl-", "-z", "1", "--inside", "52mM", "--outside", "560mM", "--temperature", "20C")
        == 60.04
    )


def test_ghk_textbook_vector() -> None:
    code, out, _ = calc("ghk", *SQUID)
    assert (code, out) == (0, "V_m = -59.93 mV (GHK with P(K⁺ : Na⁺ : Cl⁻) = 1 : 0.04 : 0.45, 20 °C)\n")


def test_nernst_json() -> None:
    code, out, _ = calc("nernst", "--ion", "Ca2+", "--inside", "100nM", "--outside", "2mM", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "calculator": "nernst",
        "ion": "Ca2+",
        "valence": 2,
        "inside_mM": 0.0001,
        "outside_mM": 2.0,
        "temperature_K": 310.15,
        "potential_mV": 132.34,
    }


def test_ghk_json() -> None:
    code, out, _ = calc("ghk", *SQUID, "--format", "json")
    record = json.loads(out)
    assert (record["calculator"], record["method"], record["temperature_K"], record["potential_mV"]) == (
        "ghk",
        "monovalent",
        293.15,
        -59.93,
    )
    assert record["ions"][2] == {
        "ion": "Cl-",
        "valence": -1,
        "inside_mM": 52.0,
        "outside_mM": 560.0,
        "permeability": 0.45,
    }


def test_nernst_explain_substitutes_the_numbers() -> None:
    """RT/F at 37 °C = 26.7267 mV (the issue); ln(5/140) = -3.3322."""
    code, out, _ = calc("nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM", "--explain")
    assert code == 0
    assert out.splitlines()[:5] == [
        "E_K = (RT / zF) · ln([K⁺]out / [K⁺]in)",
        "    = (26.7267 mV / +1) · ln(5 mM / 140 mM)",
        "    = 26.7267 mV × ln(0.0357143)",
        "    = 26.7267 mV × (-3.3322)",
        "    = -89.06 mV",
    ]
    assert "R = 8.31446261815324 J/(mol·K) and F = 96485.33212331001 C/mol" in out
    assert "T = 37 °C + 273.15 = 310.15 K, so RT/F = 26.7267 mV" in out


def test_ghk_explain_monovalent() -> None:
    """b = 1·20 + 0.04·440 + 0.45·52 = 61 and a = 1·400 + 0.04·50 + 0.45·560 = 654 (Cl⁻ swapped)."""
    code, out, _ = calc("ghk", *SQUID, "--explain")
    assert code == 0
    assert (
        "V_m = (RT/F) · ln((P_K·[K⁺]out + P_Na·[Na⁺]out + P_Cl·[Cl⁻]in) / "
        "(P_K·[K⁺]in + P_Na·[Na⁺]in + P_Cl·[Cl⁻]out))" in out
    )
    assert "= 25.2617 mV × ln((1 × 20 + 0.04 × 440 + 0.45 × 52) / (1 × 400 + 0.04 × 50 + 0.45 × 560))" in out
    assert "= 25.2617 mV × ln(61 / 654)" in out
    assert "anions (Cl⁻) enter with inside and outside exchanged" in out


def test_ghk_explain_one_divalent_cation() -> None:
    """K⁺ 140/5 (P 1) with Ca²⁺ 0.0001/2 (P 1): a = 140, b = 5; 140.0004·y² + 135·y − 13 = 0."""
    code, out, _ = calc("ghk", "--ion", "K+:140mM:5mM:1", "--ion", "Ca2+:0.0001mM:2mM:1", "--explain")
    assert code == 0
    assert "(a + 4·P_Ca·[Ca²⁺]in)·y² + (a − b)·y − (b + 4·P_Ca·[Ca²⁺]out) = 0" in out
    assert "140·y² + (135)·y - 13 = 0" in out


def test_ghk_explain_numeric() -> None:
    code, out, _ = calc(
        "ghk",
        "--ion",
        "K+:140mM:5mM:1",
        "--ion",
        "Ca2+:0.0001mM:2mM:0.1",
        "--ion",
        "Mg2+:0.5mM:1mM:0.1",
        "--explain",
        "--format",
        "json",
    )
    record = json.loads(out)
    assert record["method"] == "numeric"
    assert (
        "solved by bisection between the extreme Nernst potentials -89.06 mV and +132.34 mV:" in record["explanation"]
    )
    assert record["constants"] == {
        "R_J_per_mol_K": 8.31446261815324,
        "F_C_per_mol": 96485.33212331001,
        "RT_over_F_mV": pytest.approx(26.726659, abs=1e-6),
        "decade_slope_mV": pytest.approx(61.540407, abs=1e-6),
    }
    assert "shares" not in record  # the summed currents have no weighted sums to share


@pytest.mark.parametrize(("celsius", "slope"), [("20C", "58.17"), ("25C", "59.16"), ("37C", "61.54")])
def test_explain_gives_the_per_decade_slope(celsius: str, slope: str) -> None:
    """ln 10 · RT/F: 58.17 mV at 20 °C, 59.16 mV at 25 °C, 61.54 mV at 37 °C (Bear's 61.54)."""
    code, out, _ = calc(
        "nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM", "--temperature", celsius, "--explain"
    )
    assert code == 0
    assert f"per decade: ln 10 · RT/F = {slope} mV at {celsius[:2]} °C" in out


def test_nernst_explain_with_log10() -> None:
    """Bear's form: E_Cl = (61.54 mV / −1)·log10(110/10) = -61.54 × 1.04139 = -64.09 mV."""
    code, out, _ = calc("nernst", "--ion", "Cl-", "--inside", "10mM", "--outside", "110mM", "--explain")
    assert "or with log10: (61.54 mV / -1) · log10(11) = -61.54 mV × (1.04139) = -64.09 mV" in out


def test_ghk_explain_shares_of_the_weighted_sums() -> None:
    """Hodgkin & Katz at rest: numerator 20 + 17.6 + 23.4 = 61 (K⁺ 32.8 %, Na⁺ 28.9 %, Cl⁻ 38.4 %),
    denominator 400 + 2 + 252 = 654 (K⁺ 61.2 %, Na⁺ 0.306 %, Cl⁻ 38.5 %)."""
    code, out, _ = calc("ghk", *SQUID, "--explain")
    assert "share of the numerator: K⁺ (out) 32.8 %, Na⁺ (out) 28.9 %, Cl⁻ (in) 38.4 %" in out
    assert "share of the denominator: K⁺ (in) 61.2 %, Na⁺ (in) 0.306 %, Cl⁻ (out) 38.5 %" in out
    record = json.loads(calc("ghk", *SQUID, "--explain", "--format", "json")[1])
    assert record["shares"]["numerator"][2] == {
        "ion": "Cl-",
        "side": "in",
        "weighted": 23.4,
        "fraction": pytest.approx(23.4 / 61, abs=1e-6),
    }
    assert [share["fraction"] for share in record["shares"]["denominator"]] == pytest.approx(
        [400 / 654, 2 / 654, 252 / 654], abs=1e-6
    )


def test_ghk_explain_shares_with_a_divalent_cation() -> None:
    """K⁺ 140/5 (P 1), Ca²⁺ 0.0001/2 (P 1): b + 4P·[Ca²⁺]out = 5 + 8 = 13, so K⁺ 38.5 %, Ca²⁺ 61.5 %."""
    code, out, _ = calc("ghk", "--ion", "K+:140mM:5mM:1", "--ion", "Ca2+:0.0001mM:2mM:1", "--explain")
    assert "share of b + 4·P_Ca·[Ca²⁺]out: K⁺ (out) 38.5 %, Ca²⁺ (out) 61.5 %" in out
    assert "share of a + 4·P_Ca·[Ca²⁺]in: K⁺ (in) 100 %, Ca²⁺ (in) < 0.01 %" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nernst", "--ion", "Xx+", "--inside", "140mM", "--outside", "5mM"],
            "Invalid value for '--ion': unknown ion 'Xx+': 'Xx' is not a chemical element",
        ),
        (
            ["nernst", "--ion", "K+", "--inside", "140 mG", "--outside", "5mM"],
            "Invalid value for '--inside': unknown unit 'mG' in '140 mG'; accepted: concentration M, mM",
        ),
        (
            ["nernst", "--ion", "K+", "--inside", "0mM", "--outside", "5mM"],
            "Invalid value for '--inside': concentration '0mM' must be positive",
        ),
        (
            ["nernst", "--ion", "K+", "--inside", "140mM", "--outside", "-5mM"],
            "Invalid value for '--outside': concentration '-5mM' must be positive",
        ),
        (
            ["nernst", "--ion", "K+", "--inside", "140", "--outside", "5mM"],
            "Invalid value for '--inside': '140' has no unit",
        ),
        (
            ["nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM", "--temperature", "37F"],
            "Invalid value for '--temperature': unknown unit 'F'",
        ),
        (["nernst", "--ion", "K+", "--inside", "140mM"], "Missing option '--outside'"),
        (
            ["nernst", "--ion", "K+", "-z", "0", "--inside", "140mM", "--outside", "5mM"],
            "Invalid value for '-z': the valence must not be 0",
        ),
        (["ghk", "--ion", "K+:400mM:20mM"], "Invalid value for '--ion': 'K+:400mM:20mM'; write ION:INSIDE:OUTSIDE"),
        (["ghk", "--ion", "K+:400mM:20mM:x"], "Invalid value for '--ion': 'K+:400mM:20mM:x': cannot read"),
        (["ghk", "--ion", "K+:0mM:20mM:1"], "Invalid value for '--ion': 'K+:0mM:20mM:1': concentration '0mM' must be"),
        (["ghk", "--ion", "K+:400mM:20mM:0"], "Invalid value for '--ion': every permeability is 0"),
        (["ghk", "--ion", "K+:400mM:20mM:1", "--ion", "K+:1mM:2mM:1"], "Invalid value for '--ion': K+ is given twice"),
        (["ghk"], "Missing option '--ion'"),
        (
            ["nernst", "--ion", "K+", "--inside", "1mM", "--outside", "2mM", "--format", "xml"],
            "Invalid value for '--format'",
        ),
    ],
)
def test_bad_arguments_one_line_exit_2(args: list[str], message: str) -> None:
    code, out, err = calc(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"vaulttool: error: {message}") and err.count("\n") == 1


def test_bad_argument_in_a_real_process() -> None:
    """The installed entry point: one stderr line, exit code 2, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", "calc", "nernst", "--ion", "Xx+", "--inside", "1mM", "--outside", "2mM"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1


def test_calc_without_a_subcommand_shows_help() -> None:
    code, out, _ = calc()
    assert code == 0 and "nernst" in out and "ghk" in out and "Examples" in out
