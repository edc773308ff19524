"""Constants, RT/F and the Nernst equation against textbook values and algebraic properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaulttool.calc import F, R, celsius_to_kelvin, nernst_mV, thermal_voltage_mV

BODY_K = celsius_to_kelvin(37)
SQUID_K = celsius_to_kelvin(20)

concentrations = st.floats(min_value=1e-4, max_value=1e3)
temperatures = st.floats(min_value=250.0, max_value=330.0)
valences = st.sampled_from([-3, -2, -1, 1, 2, 3])


def test_constants_are_the_exact_2019_si_products() -> None:
    """2019 SI: N_A = 6.02214076e23 /mol, k = 1.380649e-23 J/K, e = 1.602176634e-19 C (all exact)."""
    assert R == pytest.approx(6.02214076e23 * 1.380649e-23, rel=1e-15)
    assert F == pytest.approx(6.02214076e23 * 1.602176634e-19, rel=1e-15)


def test_celsius_to_kelvin() -> None:
    """T/K = t/°C + 273.15 (SI brochure)."""
    assert celsius_to_kelvin(37) == pytest.approx(310.15)
    assert celsius_to_kelvin(-273.15) == 0


def test_thermal_voltage_at_body_temperature() -> None:
    """RT/F at 37 °C is 26.7267 mV (Purves et al., Neuroscience 6th ed., ch. 2 uses ~26.7 mV)."""
    assert thermal_voltage_mV(BODY_K) == pytest.approx(26.7267, abs=5e-5)


@pytest.mark.parametrize("temperature", [0.0, -1.0, math.inf, math.nan])
def test_thermal_voltage_rejects_impossible_temperatures(temperature: float) -> None:
    with pytest.raises(ValueError, match="above 0 K"):
        thermal_voltage_mV(temperature)


@pytest.mark.parametrize(
    ("z", "inside", "outside", "expected"),
    [(1, 140, 5, -89.06), (1, 12, 145, 66.60), (2, 0.0001, 2, 132.34)],
    ids=["K", "Na", "Ca"],
)
def test_mammalian_neuron(z: int, inside: float, outside: float, expected: float) -> None:
    """Purves et al., Neuroscience 6th ed., ch. 2, mammalian neuron at 37 °C.

    K+ 140/5, Na+ 12/145, Ca2+ 0.0001/2 mM (in/out).
    """
    assert round(nernst_mV(z, inside, outside, BODY_K), 2) == expected


@pytest.mark.parametrize(
    ("z", "inside", "outside", "expected"),
    [(1, 400, 20, -75.68), (1, 50, 440, 54.94), (-1, 52, 560, -60.04)],
    ids=["K", "Na", "Cl"],
)
def test_squid_axon(z: int, inside: float, outside: float, expected: float) -> None:
    """Hodgkin & Katz 1949, squid giant axon at 20 °C: K+ 400/20, Na+ 50/440, Cl- 52/560 mM."""
    assert round(nernst_mV(z, inside, outside, SQUID_K), 2) == expected


def test_equal_concentrations_give_zero() -> None:
    """ln(1) = 0: no gradient, no equilibrium potential."""
    assert nernst_mV(2, 7.5, 7.5, BODY_K) == 0


@pytest.mark.parametrize("valence", [0, 1.0, True, "1"])
def test_rejects_bad_valence(valence: object) -> None:
    with pytest.raises(ValueError, match="non-zero integer"):
        nernst_mV(valence, 1, 2, BODY_K)  # type: ignore[arg-type]


@pytest.mark.parametrize(("inside", "outside"), [(0, 1), (1, -2), (math.inf, 1), (1, math.nan)])
def test_rejects_bad_concentrations(inside: float, outside: float) -> None:
    with pytest.raises(ValueError, match="positive and finite"):
        nernst_mV(1, inside, outside, BODY_K)


@given(valences, concentrations, concentrations, temperatures)
def test_swapping_inside_and_outside_negates(z: int, inside: float, outside: float, temperature: float) -> None:
    expected = -nernst_mV(z, inside, outside, temperature)
    assert nernst_mV(z, outside, inside, temperature) == pytest.approx(expected, abs=1e-9)


@given(valences, concentrations, concentrations, temperatures)
def test_doubling_valence_halves(z: int, inside: float, outside: float, temperature: float) -> None:
    expected = nernst_mV(z, inside, outside, temperature) / 2
    assert nernst_mV(2 * z, inside, outside, temperature) == pytest.approx(expected, abs=1e-9)


@given(valences, concentrations, temperatures)
def test_tenfold_gradient_gives_one_decade_slope(z: int, inside: float, temperature: float) -> None:
    """A tenfold gradient gives 2.303·RT/(zF), the per-decade slope."""
    expected = math.log(10) * R * temperature / (z * F) * 1000
    assert nernst_mV(z, inside, 10 * inside, temperature) == pytest.approx(expected, rel=1e-12)
