"""The GHK voltage equation: textbook value, a hand-solved divalent case, and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vaulttool.calc import (
    F,
    Ion,
    IonSpec,
    R,
    celsius_to_kelvin,
    ghk_method,
    ghk_monovalent_mV,
    ghk_mV,
    ghk_numeric_mV,
    ghk_one_divalent_mV,
    nernst_mV,
)

BODY_K = celsius_to_kelvin(37)
SQUID_K = celsius_to_kelvin(20)
K, NA, CL, CA, MG = Ion("K", 1), Ion("Na", 1), Ion("Cl", -1), Ion("Ca", 2), Ion("Mg", 2)
SQUID = [IonSpec(K, 400, 20, 1.0), IonSpec(NA, 50, 440, 0.04), IonSpec(CL, 52, 560, 0.45)]

concentrations = st.floats(min_value=1e-3, max_value=1e3)
permeabilities = st.floats(min_value=1e-3, max_value=10.0)
temperatures = st.floats(min_value=270.0, max_value=320.0)
monovalent_ions = st.sampled_from([K, NA, CL, Ion("HCO3", -1)])
any_ions = st.sampled_from([K, NA, CL, CA, MG, Ion("SO4", -2), Ion("Fe", 3)])


def specs(ions: st.SearchStrategy[Ion], min_size: int = 1) -> st.SearchStrategy[list[IonSpec]]:
    spec = st.builds(IonSpec, ions, concentrations, concentrations, permeabilities)
    return st.lists(spec, min_size=min_size, max_size=5)


def textbook_current(spec: IonSpec, v_mV: float, temperature: float) -> float:
    """GHK current ∝ P z² V (c_in − c_out e^(−zFV/RT)) / (1 − e^(−zFV/RT)), written out independently."""
    z, u = spec.ion.valence, v_mV / 1000 * F / (R * temperature)
    e = math.exp(-z * u)
    return spec.permeability * z**2 * v_mV * (spec.inside_mM - spec.outside_mM * e) / (1 - e)


def test_hodgkin_katz_squid_axon() -> None:
    """Hodgkin & Katz 1949, squid axon at 20 °C, P_K:P_Na:P_Cl = 1:0.04:0.45 → −59.93 mV."""
    assert round(ghk_mV(SQUID, SQUID_K), 2) == -59.93
    assert round(ghk_numeric_mV(SQUID, SQUID_K), 2) == -59.93


def test_one_divalent_solved_by_hand() -> None:
    """Na+ 1/1 and Ca2+ 1/4 mM, equal P: 5y² − 17 = 0, so V = (RT/2F)·ln 3.4 (check: I_Na = V, I_Ca = −V)."""
    ions = [IonSpec(NA, 1, 1, 1.0), IonSpec(CA, 1, 4, 1.0)]
    expected = 1000 * R * BODY_K / (2 * F) * math.log(3.4)
    assert ghk_one_divalent_mV(ions, BODY_K) == pytest.approx(expected, rel=1e-12)
    assert ghk_mV(ions, BODY_K) == pytest.approx(expected, rel=1e-12)


def test_calcium_in_the_mammalian_neuron_currents_cancel() -> None:
    """Purves et al. 6th ed. ch. 2 concentrations, P_K:P_Na:P_Ca = 1:0.05:0.01: the textbook currents sum to ~0."""
    ions = [IonSpec(K, 140, 5, 1.0), IonSpec(NA, 12, 145, 0.05), IonSpec(CA, 0.0001, 2, 0.01)]
    v = ghk_mV(ions, BODY_K)
    scale = sum(abs(textbook_current(spec, v, BODY_K)) for spec in ions)
    assert abs(sum(textbook_current(spec, v, BODY_K) for spec in ions)) < 1e-10 * scale
    assert nernst_mV(1, 140, 5, BODY_K) < v < nernst_mV(1, 12, 145, BODY_K)


@pytest.mark.parametrize(("inside", "outside"), [(1e3, 1e-9), (1e-9, 1e3)])
def test_closed_form_is_accurate_for_extreme_gradients(inside: float, outside: float) -> None:
    """With K+ alone the quadratic is (a·y − b)(y + 1) = 0, y = 10^±12: a naive root formula loses digits."""
    ions = [IonSpec(K, inside, outside, 1.0)]
    assert ghk_one_divalent_mV(ions, BODY_K) == pytest.approx(nernst_mV(1, inside, outside, BODY_K), rel=1e-12)


def test_impermeant_ions_are_ignored() -> None:
    """An ion with P = 0 carries no current, even a divalent one."""
    assert ghk_mV([*SQUID, IonSpec(CA, 0.0001, 2, 0.0)], SQUID_K) == ghk_mV(SQUID, SQUID_K)


def test_one_dominant_permeability_gives_nernst() -> None:
    """With P_K ≫ P_Na, P_Cl the membrane sits at E_K (Hodgkin & Katz 1949 concentrations)."""
    ions = [IonSpec(K, 400, 20, 1.0), IonSpec(NA, 50, 440, 1e-9), IonSpec(CL, 52, 560, 1e-9)]
    assert ghk_mV(ions, SQUID_K) == pytest.approx(nernst_mV(1, 400, 20, SQUID_K), abs=1e-6)


def test_two_divalents_use_the_numerical_root() -> None:
    """Ca2+ 1/4 and Mg2+ 1/4: both at E = (RT/2F)·ln 4, so the root is that value."""
    ions = [IonSpec(CA, 1, 4, 1.0), IonSpec(MG, 1, 4, 3.0)]
    assert ghk_mV(ions, BODY_K) == pytest.approx(1000 * R * BODY_K / (2 * F) * math.log(4), abs=1e-8)


@pytest.mark.parametrize(
    ("ions", "method"),
    [
        (SQUID, "monovalent"),
        ([*SQUID, IonSpec(CA, 0.0001, 2, 0.0)], "monovalent"),  # an impermeant divalent does not count
        ([*SQUID, IonSpec(CA, 0.0001, 2, 0.1)], "one-divalent"),
        ([IonSpec(CA, 1, 4, 1.0), IonSpec(MG, 1, 4, 3.0)], "numeric"),
        ([IonSpec(K, 140, 5, 1.0), IonSpec(Ion("SO4", -2), 1, 4, 1.0)], "numeric"),  # a divalent anion
    ],
)
def test_ghk_method_names_the_branch_ghk_mV_takes(ions: list[IonSpec], method: str) -> None:
    assert ghk_method(ions) == method
    solver = {"monovalent": ghk_monovalent_mV, "one-divalent": ghk_one_divalent_mV, "numeric": ghk_numeric_mV}
    assert ghk_mV(ions, BODY_K) == solver[method](ions, BODY_K)


@pytest.mark.parametrize("method", [ghk_mV, ghk_monovalent_mV, ghk_one_divalent_mV, ghk_numeric_mV])
def test_needs_a_permeant_ion(method) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="at least one ion"):
        method([IonSpec(K, 140, 5, 0.0)], BODY_K)


def test_monovalent_formula_refuses_divalents() -> None:
    with pytest.raises(ValueError, match="valence"):
        ghk_monovalent_mV([IonSpec(CA, 1, 2, 1.0)], BODY_K)


@pytest.mark.parametrize("ion", [MG, Ion("SO4", -2)])
def test_closed_form_refuses_what_it_cannot_solve(ion: Ion) -> None:
    with pytest.raises(ValueError, match="at most one divalent cation"):
        ghk_one_divalent_mV([IonSpec(CA, 1, 2, 1.0), IonSpec(ion, 1, 2, 1.0)], BODY_K)


@pytest.mark.parametrize(
    ("inside", "outside", "permeability", "message"),
    [(0, 1, 1, "positive"), (1, math.inf, 1, "positive"), (1, 1, -1, ">= 0"), (1, 1, math.nan, ">= 0")],
)
def test_ion_spec_validates(inside: float, outside: float, permeability: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IonSpec(K, inside, outside, permeability)


@given(any_ions, concentrations, concentrations, temperatures, specs(any_ions))
def test_one_permeant_ion_gives_nernst(
    ion: Ion, inside: float, outside: float, temperature: float, others: list[IonSpec]
) -> None:
    impermeant = [IonSpec(s.ion, s.inside_mM, s.outside_mM, 0.0) for s in others]
    ions = [IonSpec(ion, inside, outside, 2.5), *impermeant]
    assert ghk_mV(ions, temperature) == pytest.approx(nernst_mV(ion.valence, inside, outside, temperature), abs=1e-6)


@given(specs(monovalent_ions), concentrations, concentrations, permeabilities, temperatures)
def test_closed_form_equals_numerical_root(
    monovalent: list[IonSpec], ca_in: float, ca_out: float, p_ca: float, temperature: float
) -> None:
    ions = [*monovalent, IonSpec(CA, ca_in, ca_out, p_ca)]
    assert ghk_one_divalent_mV(ions, temperature) == pytest.approx(ghk_numeric_mV(ions, temperature), abs=1e-6)


@given(specs(monovalent_ions), temperatures)
def test_without_divalents_all_methods_agree(ions: list[IonSpec], temperature: float) -> None:
    expected = ghk_monovalent_mV(ions, temperature)
    assert ghk_one_divalent_mV(ions, temperature) == pytest.approx(expected, abs=1e-9)
    assert ghk_numeric_mV(ions, temperature) == pytest.approx(expected, abs=1e-6)


@settings(max_examples=200)
@given(specs(any_ions), temperatures)
def test_lies_between_the_nernst_potentials(ions: list[IonSpec], temperature: float) -> None:
    potentials = [nernst_mV(s.ion.valence, s.inside_mM, s.outside_mM, temperature) for s in ions]
    assert min(potentials) - 1e-6 <= ghk_mV(ions, temperature) <= max(potentials) + 1e-6


@given(specs(any_ions), temperatures)
def test_the_currents_cancel_at_the_result(ions: list[IonSpec], temperature: float) -> None:
    v = ghk_mV(ions, temperature)
    assume(abs(v) > 1e-3)  # the textbook form is 0/0 at V = 0
    thermal = 1000 * R * temperature / F  # near V = 0 each current is ~ P·z²·c·RT/F, not ~ V
    scale = sum(s.permeability * s.ion.valence**2 * (abs(v) + thermal) * (s.inside_mM + s.outside_mM) for s in ions)
    assert abs(sum(textbook_current(spec, v, temperature) for spec in ions)) <= 1e-8 * scale


@given(specs(any_ions), temperatures)
def test_swapping_everything_negates(ions: list[IonSpec], temperature: float) -> None:
    swapped = [IonSpec(s.ion, s.outside_mM, s.inside_mM, s.permeability) for s in ions]
    assert ghk_mV(swapped, temperature) == pytest.approx(-ghk_mV(ions, temperature), abs=1e-6)
