"""The Nernst equilibrium potential."""

from __future__ import annotations

import math

from vaulttool.calc.constants import thermal_voltage_mV


def require_concentration(label: str, value_mM: float) -> None:
    """Raise ValueError unless a concentration is positive and finite."""
    if not (math.isfinite(value_mM) and value_mM > 0):
        raise ValueError(f"{label} concentration must be positive and finite, got {value_mM!r}")


def require_finite(what: str, value_mV: float) -> float:
    """`value_mV`, or ValueError when the arithmetic ran out of floating point (inf, nan)."""
    if not math.isfinite(value_mV):
        raise ValueError(f"{what} cannot be computed from these values (it is {value_mV!r} in floating point)")
    return value_mV


def nernst_mV(valence: int, inside_mM: float, outside_mM: float, temperature_K: float) -> float:
    """E = (RT/zF)·ln([out]/[in]) in mV, for any non-zero integer valence z.

    The logarithm is taken of each concentration, not of their ratio, which no concentration
    can overflow or round to 0."""
    if isinstance(valence, bool) or not isinstance(valence, int) or valence == 0:
        raise ValueError(f"valence must be a non-zero integer, got {valence!r}")
    require_concentration("inside", inside_mM)
    require_concentration("outside", outside_mM)
    ratio = math.log(outside_mM) - math.log(inside_mM)
    return require_finite("the Nernst potential", thermal_voltage_mV(temperature_K) / valence * ratio)
