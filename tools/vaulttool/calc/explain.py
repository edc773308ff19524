"""The intermediate numbers of a calculation, for `vaulttool calc --explain`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

from vaulttool.calc.constants import thermal_voltage_mV
from vaulttool.calc.ghk import IonSpec, Method, ghk_method
from vaulttool.calc.inputs import GhkInput, NernstInput
from vaulttool.calc.ions import Ion
from vaulttool.calc.slopes import decade_slope_mV

Steps = Union["NernstSteps", "GhkSteps"]


@dataclass(frozen=True, slots=True)
class NernstSteps:
    """E = (RT/zF)·ln([out]/[in]), step by step."""

    calculation: NernstInput
    thermal_mV: float  # RT/F
    ratio: float  # [out]/[in]
    log_ratio: float  # ln([out]/[in])
    potential_mV: float
    decade_slope_mV: float  # ln 10 · RT/F: E = (slope/z)·log10([out]/[in])
    log10_ratio: float


@dataclass(frozen=True, slots=True)
class Term:
    """One ion's P·[X] in a GHK sum: `side` is the compartment whose concentration is used."""

    ion: Ion
    permeability: float
    side: str  # "in" | "out"
    concentration_mM: float

    @property
    def value(self) -> float:
        return self.permeability * self.concentration_mM


@dataclass(frozen=True, slots=True)
class Share:
    """One ion's part of a weighted sum: its P·[X] (4P·[X] for a divalent cation) and the fraction."""

    ion: Ion
    side: str  # "in" | "out"
    weighted: float
    fraction: float


@dataclass(frozen=True, slots=True)
class GhkSteps:
    """The GHK potential step by step.

    `monovalent`: V = (RT/F)·ln(Σ numerator / Σ denominator).
    `one-divalent`: with y = e^(FV/RT), quadratic[0]·y² + quadratic[1]·y − quadratic[2] = 0, where
    the divalent cation adds 4P·[X]in to the first and 4P·[X]out to the last coefficient.
    `numeric`: the zero of the summed GHK currents, bracketed by the extreme Nernst potentials.
    """

    calculation: GhkInput
    method: Method
    thermal_mV: float
    numerator: tuple[Term, ...]  # monovalent ions: P·[cation]out and P·[anion]in
    denominator: tuple[Term, ...]  # monovalent ions: P·[cation]in and P·[anion]out
    numerator_sum: float
    denominator_sum: float
    divalent: IonSpec | None
    quadratic: tuple[float, float, float] | None
    root: float | None  # y = e^(FV/RT) for the quadratic
    bracket_mV: tuple[float, float] | None
    potential_mV: float
    decade_slope_mV: float  # ln 10 · RT/F
    # each ion's share of the sum above the fraction bar (monovalent: Σ numerator; one divalent
    # cation: b + 4P·[X]out) and of the sum below it (Σ denominator; a + 4P·[X]in); () for `numeric`
    numerator_shares: tuple[Share, ...]
    denominator_shares: tuple[Share, ...]


def explain_nernst(calculation: NernstInput) -> NernstSteps:
    ratio = calculation.outside_mM / calculation.inside_mM
    temperature = calculation.temperature_K
    return NernstSteps(
        calculation,
        thermal_voltage_mV(temperature),
        ratio,
        math.log(ratio),
        calculation.potential_mV(),
        decade_slope_mV(temperature),
        math.log10(ratio),
    )


def explain_ghk(calculation: GhkInput) -> GhkSteps:
    permeant = [spec for spec in calculation.ions if spec.permeability > 0]
    monovalent = [spec for spec in permeant if abs(spec.ion.valence) == 1]
    numerator = tuple(_term(spec, spec.ion.valence > 0) for spec in monovalent)
    denominator = tuple(_term(spec, spec.ion.valence < 0) for spec in monovalent)
    method = ghk_method(calculation.ions)
    thermal = thermal_voltage_mV(calculation.temperature_K)
    potential = calculation.potential_mV()
    b, a = sum(term.value for term in numerator), sum(term.value for term in denominator)
    divalent = quadratic = root = bracket = None
    above = [(t.ion, t.side, t.value) for t in numerator]
    below = [(t.ion, t.side, t.value) for t in denominator]
    if method == "one-divalent":
        divalent = next(spec for spec in permeant if abs(spec.ion.valence) != 1)
        four_p = 4 * divalent.permeability
        quadratic = (a + four_p * divalent.inside_mM, a - b, b + four_p * divalent.outside_mM)
        root = math.exp(potential / thermal)
        above.append((divalent.ion, "out", four_p * divalent.outside_mM))
        below.append((divalent.ion, "in", four_p * divalent.inside_mM))
    elif method == "numeric":
        potentials = [
            NernstInput(s.ion, s.inside_mM, s.outside_mM, calculation.temperature_K).potential_mV() for s in permeant
        ]
        bracket = (min(potentials), max(potentials))
        above = below = []
    return GhkSteps(
        calculation,
        method,
        thermal,
        numerator,
        denominator,
        b,
        a,
        divalent,
        quadratic,
        root,
        bracket,
        potential,
        decade_slope_mV(calculation.temperature_K),
        _shares(above),
        _shares(below),
    )


def _shares(parts: list[tuple[Ion, str, float]]) -> tuple[Share, ...]:
    total = sum(value for _, _, value in parts)
    return tuple(Share(ion, side, value, value / total if total else 0.0) for ion, side, value in parts)


def _term(spec: IonSpec, outside: bool) -> Term:
    if outside:
        return Term(spec.ion, spec.permeability, "out", spec.outside_mM)
    return Term(spec.ion, spec.permeability, "in", spec.inside_mM)
