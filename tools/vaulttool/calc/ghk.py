"""The Goldman–Hodgkin–Katz voltage equation: the membrane potential at which the GHK currents sum to zero.

With u = FV/RT, the GHK current of an ion of valence z is proportional to
P·z·g(zu)·(c_in − c_out·e^(−zu)) with g(x) = x/(1 − e^(−x)); it has the sign of V − E_ion.
Every method returns a finite potential or raises ValueError saying why it cannot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from vaulttool.calc.constants import thermal_voltage_mV
from vaulttool.calc.ions import Ion
from vaulttool.calc.nernst import nernst_mV, require_concentration, require_finite

TOLERANCE_MV = 1e-9
RELATIVE_TOLERANCE = 1e-13
MAX_ITERATIONS = 200
"""Bisection halves the bracket each step: 200 steps take any bracket to the tolerance."""


@dataclass(frozen=True, slots=True)
class IonSpec:
    """One ion's concentrations in mM and its permeability (a ratio to the others)."""

    ion: Ion
    inside_mM: float
    outside_mM: float
    permeability: float

    def __post_init__(self) -> None:
        require_concentration(f"inside {self.ion.symbol}", self.inside_mM)
        require_concentration(f"outside {self.ion.symbol}", self.outside_mM)
        if not (math.isfinite(self.permeability) and self.permeability >= 0):
            raise ValueError(f"permeability of {self.ion.symbol} must be finite and >= 0, got {self.permeability!r}")


Method = Literal["monovalent", "one-divalent", "numeric"]


def ghk_method(ions: Sequence[IonSpec]) -> Method:
    """The simplest exact method for these ions: the log formula, the quadratic, or bisection."""
    multivalent = [spec for spec in _permeant(ions) if abs(spec.ion.valence) != 1]
    if not multivalent:
        return "monovalent"
    if len(multivalent) == 1 and multivalent[0].ion.valence == 2:
        return "one-divalent"
    return "numeric"


def ghk_mV(ions: Sequence[IonSpec], temperature_K: float) -> float:
    """The GHK resting potential in mV, by the simplest exact method the ions allow."""
    method = ghk_method(ions)
    if method == "monovalent":
        return ghk_monovalent_mV(ions, temperature_K)
    if method == "one-divalent":
        return ghk_one_divalent_mV(ions, temperature_K)
    return ghk_numeric_mV(ions, temperature_K)


def ghk_monovalent_mV(ions: Sequence[IonSpec], temperature_K: float) -> float:
    """V = (RT/F)·ln(b/a), b = ΣP[cation]out + ΣP[anion]in, a = ΣP[cation]in + ΣP[anion]out."""
    permeant = _permeant(ions)
    if any(abs(spec.ion.valence) != 1 for spec in permeant):
        raise ValueError("the monovalent GHK formula takes only ions of valence +1 or −1")
    a, b = _monovalent_sums(permeant)
    if not (0 < a < math.inf and 0 < b < math.inf):
        raise ValueError("the GHK sums of permeability × concentration are out of floating-point range")
    return require_finite("the GHK potential", thermal_voltage_mV(temperature_K) * (math.log(b) - math.log(a)))


def ghk_one_divalent_mV(ions: Sequence[IonSpec], temperature_K: float) -> float:
    """Closed form for monovalent ions plus at most one divalent cation (P, c_in, c_out).

    Summing the GHK currents, multiplying by (y − 1)(y + 1)/V with y = e^(FV/RT) gives
    (a + 4P·c_in)·y² + (a − b)·y − (b + 4P·c_out) = 0, which has exactly one positive root.
    """
    permeant = _permeant(ions)
    divalent = [spec for spec in permeant if abs(spec.ion.valence) != 1]
    if len(divalent) > 1 or any(spec.ion.valence != 2 for spec in divalent):
        raise ValueError("the closed form takes monovalent ions and at most one divalent cation")
    a, b = _monovalent_sums([spec for spec in permeant if abs(spec.ion.valence) == 1])
    p_in = sum(4 * spec.permeability * spec.inside_mM for spec in divalent)
    p_out = sum(4 * spec.permeability * spec.outside_mM for spec in divalent)
    quadratic, linear, constant = a + p_in, a - b, b + p_out
    root = math.sqrt(linear * linear + 4 * quadratic * constant)
    # the positive root of quadratic·y² + linear·y − constant, in the form that avoids cancellation
    y = 2 * constant / (linear + root) if linear >= 0 else (root - linear) / (2 * quadratic)
    if not 0 < y < math.inf:
        raise ValueError("the GHK quadratic has no usable root at these values (floating-point range)")
    return require_finite("the GHK potential", thermal_voltage_mV(temperature_K) * math.log(y))


def ghk_numeric_mV(ions: Sequence[IonSpec], temperature_K: float) -> float:
    """Any valences: bisect the summed GHK currents between the extreme Nernst potentials.

    At most `MAX_ITERATIONS` steps, until the bracket is within `TOLERANCE_MV` (or, for large
    potentials, a relative 1e-13); ValueError when the currents are not finite numbers or the
    search does not converge."""
    permeant = _permeant(ions)
    thermal = thermal_voltage_mV(temperature_K)
    potentials = [nernst_mV(s.ion.valence, s.inside_mM, s.outside_mM, temperature_K) for s in permeant]
    low, high = min(potentials), max(potentials)
    for _ in range(MAX_ITERATIONS):
        if high - low <= max(TOLERANCE_MV, RELATIVE_TOLERANCE * max(abs(low), abs(high))):
            return (low + high) / 2
        middle = (low + high) / 2
        current = _total_current(permeant, middle / thermal)
        if not math.isfinite(current):
            raise ValueError("the GHK currents cannot be computed at these values (floating-point range)")
        if current < 0:
            low = middle
        else:
            high = middle
    raise ValueError(f"the GHK root search did not converge in {MAX_ITERATIONS} steps (bracket {low:g} to {high:g} mV)")


def _permeant(ions: Sequence[IonSpec]) -> list[IonSpec]:
    permeant = [spec for spec in ions if spec.permeability > 0]
    if not permeant:
        raise ValueError("the GHK equation needs at least one ion with a permeability above 0")
    return permeant


def _monovalent_sums(ions: Sequence[IonSpec]) -> tuple[float, float]:
    a = sum(s.permeability * (s.inside_mM if s.ion.valence > 0 else s.outside_mM) for s in ions)
    b = sum(s.permeability * (s.outside_mM if s.ion.valence > 0 else s.inside_mM) for s in ions)
    return a, b


def _total_current(ions: Sequence[IonSpec], u: float) -> float:
    """Sum of GHK currents (outward positive, common factors dropped) at u = FV/RT.

    g(x)·(c_in − c_out·e^(−x)) is written with e^(−|x|) only, so no exponential overflows:
    x·(c_in − c_out·e^(−x))/(1 − e^(−x)) for x > 0, x·(c_in·e^x − c_out)/(e^x − 1) for x < 0."""
    total = 0.0
    for spec in ions:
        x = spec.ion.valence * u
        if x == 0:
            term = spec.inside_mM - spec.outside_mM
        elif x > 0:
            term = x * (spec.inside_mM - spec.outside_mM * math.exp(-x)) / -math.expm1(-x)
        else:
            term = x * (spec.inside_mM * math.exp(x) - spec.outside_mM) / math.expm1(x)
        total += spec.permeability * spec.ion.valence * term
    return total
