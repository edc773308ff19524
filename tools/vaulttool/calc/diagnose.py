"""Explain a wrong expected potential by the classic mistake that reproduces it.

Codes: `wrong-valence`, `swapped`, `anion-not-swapped` (GHK), `celsius-as-kelvin`,
`log10-with-rt-over-f`, `ln-with-decade-slope`, `slope-from-other-temperature`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from vaulttool.calc.constants import (
    ZERO_CELSIUS_K,
    celsius_to_kelvin,
    thermal_voltage_mV,
)
from vaulttool.calc.ghk import IonSpec, ghk_mV
from vaulttool.calc.ions import Ion
from vaulttool.calc.nernst import nernst_mV
from vaulttool.calc.wording import number, signed, signed_mV, written_mV

COMMON_TEMPERATURES_C = (20.0, 25.0, 37.0)
"""Temperatures whose per-decade slope 2.303·RT/F students carry over to other temperatures."""

DECADE_SLOPES_MV = (58.0, 61.0)
"""Rounded per-decade slopes that students pair with ln by mistake."""


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The mistake that reproduces the expected value: a stable code and a plain-words message."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class _Mistake:
    code: str
    value_mV: float
    what: str
    correction: str


def diagnose_nernst(
    ion: Ion,
    inside_mM: float,
    outside_mM: float,
    temperature_K: float,
    expected_mV: float,
    tolerance_mV: float,
) -> Diagnosis | None:
    """Which classic mistake turns the Nernst potential into `expected_mV`; None if none does."""
    correct = nernst_mV(ion.valence, inside_mM, outside_mM, temperature_K)
    symbol = f"E_{ion.name}"
    result = f"{symbol} = {signed_mV(correct)} mV"
    wrong_valences = dict.fromkeys((_unit_valence(ion), abs(ion.valence), 1))
    mistakes = [
        _Mistake(
            "wrong-valence",
            nernst_mV(z, inside_mM, outside_mM, temperature_K),
            f"{ion.pretty} with the valence taken as {signed(z)}",
            f"with z = {signed(ion.valence)}, {result}",
        )
        for z in wrong_valences
        if z != ion.valence
    ]
    mistakes.append(
        _Mistake(
            "swapped",
            -correct,
            f"{symbol} with inside and outside swapped",
            f"with [{ion.pretty}]in = {inside_mM:g} mM and [{ion.pretty}]out = {outside_mM:g} mM, {result}",
        )
    )
    mistakes.extend(_scaling_mistakes(symbol, symbol, correct, temperature_K))
    return _best(mistakes, correct, expected_mV, tolerance_mV)


def diagnose_ghk(
    ions: Sequence[IonSpec], temperature_K: float, expected_mV: float, tolerance_mV: float
) -> Diagnosis | None:
    """Which classic mistake turns the GHK potential into `expected_mV`; None if none does."""
    correct = ghk_mV(ions, temperature_K)
    subject = "the GHK potential"
    result = f"V_m = {signed_mV(correct)} mV"
    permeant = [spec for spec in ions if spec.permeability > 0]
    mistakes: list[_Mistake] = []
    anions = [spec for spec in permeant if spec.ion.valence < 0]
    if anions:
        unswapped = [_swap(spec) if spec.ion.valence < 0 else spec for spec in ions]
        mistakes.append(
            _Mistake(
                "anion-not-swapped",
                ghk_mV(unswapped, temperature_K),
                f"{subject} with {_names(anions)} not swapped",
                f"anions enter with inside and outside exchanged, which gives {result}",
            )
        )
    multivalent = [spec for spec in permeant if abs(spec.ion.valence) != 1]
    if multivalent:
        monovalent = [_as_monovalent(spec) if abs(spec.ion.valence) != 1 else spec for spec in ions]
        taken = ", ".join(f"{spec.ion.pretty} taken as {signed(_unit_valence(spec.ion))}" for spec in multivalent)
        mistakes.append(
            _Mistake(
                "wrong-valence",
                ghk_mV(monovalent, temperature_K),
                f"{subject} with {taken}",
                f"with the valences as written, {result}",
            )
        )
    mistakes.append(
        _Mistake("swapped", -correct, f"{subject} with inside and outside swapped", f"as given, {result}")
    )
    mistakes.extend(_scaling_mistakes(subject, "V_m", correct, temperature_K))
    return _best(mistakes, correct, expected_mV, tolerance_mV)


def _scaling_mistakes(subject: str, symbol: str, correct: float, temperature_K: float) -> Iterator[_Mistake]:
    """Mistakes in RT/F alone: each scales the correct potential by a constant factor."""
    thermal = thermal_voltage_mV(temperature_K)
    slope = thermal * math.log(10)
    result = f"{symbol} = {signed_mV(correct)} mV"
    celsius = temperature_K - ZERO_CELSIUS_K
    if celsius > 0:
        yield _Mistake(
            "celsius-as-kelvin",
            correct * celsius / temperature_K,
            f"{subject} with {number(celsius)} °C used as kelvin (T = {number(celsius)} K)",
            f"with T = {temperature_K:.2f} K, {result}",
        )
    yield _Mistake(
        "log10-with-rt-over-f",
        correct / math.log(10),
        f"{subject} with log10 used alongside RT/F",
        f"RT/F goes with ln (or {slope:.2f} mV per decade with log10), which gives {result}",
    )
    for decade in DECADE_SLOPES_MV:
        yield _Mistake(
            "ln-with-decade-slope",
            correct * decade / thermal,
            f"{subject} with ln used alongside {decade:g} mV, a per-decade slope meant for log10",
            f"with RT/F and ln, {result}",
        )
    for other_C in COMMON_TEMPERATURES_C:
        other_K = celsius_to_kelvin(other_C)
        if abs(other_K - temperature_K) > 0.01:
            yield _Mistake(
                "slope-from-other-temperature",
                correct * other_K / temperature_K,
                f"{subject} with {thermal_voltage_mV(other_K) * math.log(10):.2f} mV per decade, "
                f"the slope at {other_C:g} °C",
                f"at {number(celsius)} °C the slope is {slope:.2f} mV per decade and {result}",
            )


def _best(mistakes: list[_Mistake], correct: float, expected: float, tolerance: float) -> Diagnosis | None:
    """The closest mistake within tolerance (earliest on a tie); None if the claim holds."""
    if not (math.isfinite(expected) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError("expected value and tolerance must be finite, and the tolerance >= 0")
    if abs(correct - expected) <= tolerance:
        return None
    within = [(round(abs(m.value_mV - expected), 9), i) for i, m in enumerate(mistakes)
              if abs(m.value_mV - expected) <= tolerance]
    if not within:
        return None
    best = mistakes[min(within)[1]]
    return Diagnosis(best.code, f"expected {written_mV(expected)} mV matches {best.what}; {best.correction}")


def _swap(spec: IonSpec) -> IonSpec:
    return replace(spec, inside_mM=spec.outside_mM, outside_mM=spec.inside_mM)


def _unit_valence(ion: Ion) -> int:
    return 1 if ion.valence > 0 else -1


def _as_monovalent(spec: IonSpec) -> IonSpec:
    return replace(spec, ion=Ion(spec.ion.name, _unit_valence(spec.ion)))


def _names(specs: Sequence[IonSpec]) -> str:
    return " and ".join(spec.ion.pretty for spec in specs)
