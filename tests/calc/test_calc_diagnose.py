"""Diagnosis: each classic mistake, reproduced from a plausible wrong expected value, is named.

`diagnose_nernst` and `diagnose_ghk` return every explanation within the tolerance, the simplest
first; these tests read the first (the whole catalogue goes through `verify` in
test_diagnose_catalogue.py)."""

from __future__ import annotations

import pytest

from vaulttool.calc import (
    Diagnosis,
    Ion,
    IonSpec,
    celsius_to_kelvin,
    diagnose_ghk,
    diagnose_nernst,
)

BODY_K = celsius_to_kelvin(37)
SQUID_K = celsius_to_kelvin(20)
K, NA, CL, CA = Ion("K", 1), Ion("Na", 1), Ion("Cl", -1), Ion("Ca", 2)
SQUID = [IonSpec(K, 400, 20, 1.0), IonSpec(NA, 50, 440, 0.04), IonSpec(CL, 52, 560, 0.45)]


def test_spec_example_message() -> None:
    """Cl⁻ 10 in / 110 out at 37 °C: E_Cl = −(RT/F)·ln 11 = -64.09 mV; +64 is the sign of z dropped,
    or, just as well, inside and outside swapped."""
    valence, swapped = diagnose_nernst(CL, 10, 110, BODY_K, 64, 0.5)
    assert valence == Diagnosis(
        "wrong-valence", 64, "E_Cl with the valence of Cl⁻ taken as +1", "with z = -1, E_Cl = -64.09 mV"
    )
    assert (
        valence.message == "expected +64 mV matches E_Cl with the valence of Cl⁻ taken as +1; with z = -1, "
        "E_Cl = -64.09 mV"
    )
    assert swapped.message == (
        "expected +64 mV matches E_Cl with inside and outside swapped; "
        "with [Cl⁻]in = 10 mM and [Cl⁻]out = 110 mM, E_Cl = -64.09 mV"
    )


@pytest.mark.parametrize(
    ("ion", "inside", "outside", "temperature", "expected", "code", "words"),
    [
        # Purves 6th ed. ch. 2, K+ 140/5 at 37 °C, E_K = -89.06 mV
        (K, 140, 5, BODY_K, 89.1, "swapped", "inside and outside swapped"),
        # Ca2+ 0.0001/2 at 37 °C with z = 1: 26.727·ln(20000) = 264.69 mV
        (
            CA,
            0.0001,
            2,
            BODY_K,
            264.7,
            "wrong-valence",
            "E_Ca with the valence of Ca²⁺ taken as +1; with z = +2, E_Ca = +132.34 mV",
        ),
        # Hodgkin & Katz Cl- 52/560 at 20 °C with z = +1: +60.04 mV
        (CL, 52, 560, SQUID_K, 60, "wrong-valence", "the valence of Cl⁻ taken as +1"),
        # T = 37 K: 1000·R·37/F·ln(5/140) = -10.62 mV
        (
            K,
            140,
            5,
            BODY_K,
            -10.6,
            "celsius-as-kelvin",
            "37 °C used as kelvin (T = 37 K); with T = 310.15 K, E_K = -89.06 mV",
        ),
        # 26.727·log10(5/140) = -38.68 mV
        (K, 140, 5, BODY_K, -38.7, "log10-with-rt-over-f", "log10 used alongside RT/F"),
        # 58·ln(5/140) = -193.27 mV
        (K, 140, 5, BODY_K, -193.3, "ln-with-decade-slope", "ln used alongside 58 mV"),
        # 61·ln(5/140) = -203.26 mV
        (K, 140, 5, BODY_K, -203.3, "ln-with-decade-slope", "ln used alongside 61 mV"),
        # 58.17 mV/decade (20 °C) at 37 °C: 58.17·log10(5/140) = -84.18 mV
        (
            K,
            140,
            5,
            BODY_K,
            -84.2,
            "slope-from-other-temperature",
            "58.17 mV per decade, the slope at 20 °C; with 61.54 mV per decade at 37 °C, E_K = -89.06 mV",
        ),
        # 59.16 mV/decade (25 °C) at 37 °C: −85.61 mV
        (K, 140, 5, BODY_K, -85.6, "slope-from-other-temperature", "59.16 mV per decade, the slope at 25 °C"),
        # squid K+ 400/20 at 20 °C with the 37 °C slope 61.54: 61.54·log10(1/20) = -80.07 mV
        (K, 400, 20, SQUID_K, -80.1, "slope-from-other-temperature", "61.54 mV per decade, the slope at 37 °C"),
    ],
)
def test_nernst_mistakes(
    ion: Ion, inside: float, outside: float, temperature: float, expected: float, code: str, words: str
) -> None:
    diagnosis, *_ = diagnose_nernst(ion, inside, outside, temperature, expected, 0.1)
    assert diagnosis.code == code
    assert words in diagnosis.message


@pytest.mark.parametrize(
    ("expected", "code", "words"),
    [
        # chloride treated like a cation: (RT/F)·ln((20 + 17.6 + 252)/(400 + 2 + 23.4)) = -9.71 mV
        (
            -9.7,
            "anion-not-swapped",
            "Cl⁻ not swapped; with inside and outside exchanged for anions, V_m = -59.93 mV",
        ),
        (59.9, "swapped", "inside and outside swapped"),
        # T = 20 K: −59.93·20/293.15 = -4.09 mV
        (-4.1, "celsius-as-kelvin", "20 °C used as kelvin"),
        # −59.93/ln 10 = -26.03 mV
        (-26.0, "log10-with-rt-over-f", "log10"),
    ],
)
def test_ghk_mistakes(expected: float, code: str, words: str) -> None:
    """Hodgkin & Katz 1949, squid axon at 20 °C, P_K:P_Na:P_Cl = 1:0.04:0.45 → −59.93 mV."""
    diagnosis, *_ = diagnose_ghk(SQUID, SQUID_K, expected, 0.1)
    assert diagnosis.code == code
    assert words in diagnosis.message


def test_ghk_divalent_taken_as_monovalent() -> None:
    """Na+ 1/1 and Ca2+ 1/4 mM, equal P: with Ca as +1, V = (RT/F)·ln(5/2) = +24.49 mV at 37 °C."""
    ions = [IonSpec(NA, 1, 1, 1.0), IonSpec(CA, 1, 4, 1.0)]
    (diagnosis,) = diagnose_ghk(ions, BODY_K, 24.5, 0.1)
    assert diagnosis.code == "wrong-valence"
    assert "Ca²⁺ taken as +1" in diagnosis.message


@pytest.mark.parametrize("expected", [-40.0, -60.0, 0.0, 150.0])
def test_far_value_gives_none(expected: float) -> None:
    """K+ 140/5 at 37 °C: no classic mistake, nor two, lands near these values."""
    assert diagnose_nernst(K, 140, 5, BODY_K, expected, 0.5) == ()


def test_correct_value_gives_none() -> None:
    """A claim that holds needs no diagnosis, even with a loose tolerance that also covers a mistake."""
    assert diagnose_nernst(K, 140, 5, BODY_K, -89.06, 5.0) == ()
    assert diagnose_ghk(SQUID, SQUID_K, -59.93, 0.01) == ()


def test_far_ghk_value_gives_none() -> None:
    assert diagnose_ghk(SQUID, SQUID_K, -45.0, 0.5) == ()


def test_closest_textbook_slope_wins() -> None:
    """−85.2 ± 2 is near the 20 °C (58.17 mV: −84.19), 59 mV (−85.39) and 25 °C (59.16 mV: −85.61)
    slopes, all times log10(5/140) = -1.4472: one slope diagnosis, the closest, 59 mV (24.2 °C)."""
    (diagnosis,) = diagnose_nernst(K, 140, 5, BODY_K, -85.2, 2.0)
    assert diagnosis.what == "E_K with 59 mV per decade, the slope at 24.2 °C"


@pytest.mark.parametrize(("expected", "slope", "celsius"), [(-87.0, "60.12", "29.8"), (-92.0, "63.57", "47.2")])
def test_implied_slope_is_named_with_its_temperature(expected: float, slope: str, celsius: str) -> None:
    """No textbook slope within ±0.1: the slope the value implies, expected / log10(5/140), in
    54–64 mV, with T = slope·F / (R·ln 10) − 273.15."""
    (diagnosis,) = diagnose_nernst(K, 140, 5, BODY_K, expected, 0.1)
    assert diagnosis.code == "slope-from-other-temperature"
    assert diagnosis.what == f"E_K with {slope} mV per decade, the slope at {celsius} °C"


def test_implied_slope_outside_54_to_64_is_not_named() -> None:
    """−95 mV implies 65.64 mV per decade, above 64: not a slope anyone prints."""
    assert diagnose_nernst(K, 140, 5, BODY_K, -95.0, 0.1) == ()


@pytest.mark.parametrize(("expected", "tolerance"), [(float("nan"), 0.1), (1.0, -0.1), (1.0, float("inf"))])
def test_rejects_bad_expected_or_tolerance(expected: float, tolerance: float) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        diagnose_nernst(K, 140, 5, BODY_K, expected, tolerance)
