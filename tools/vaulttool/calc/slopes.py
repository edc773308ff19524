"""Per-decade slopes: 2.303·RT/F, the rounded figures books print, and the temperature each belongs to.

    E = (RT/zF)·ln([out]/[in]) = (s/z)·log10([out]/[in]),  s = ln 10 · RT/F

s is 58.17 mV at 20 °C, 59.16 mV at 25 °C and 61.54 mV at 37 °C. Books round it: 58 mV at room
temperature, 61.5 mV (Bear's 61.54 at 37 °C), 62 mV (Izhikevich, at 37 °C), 60 or 61 mV.
"""

from __future__ import annotations

import math

from vaulttool.calc.constants import ZERO_CELSIUS_K, celsius_to_kelvin, thermal_voltage_mV

SLOPE_RANGE_MV = (54.0, 64.0)
"""An implied per-decade slope in this range (about −1 °C to 50 °C) is named as a slope mistake."""

ROUNDED_SLOPES_MV = (58.0, 59.0, 60.0, 61.0, 61.5, 62.0)
"""Rounded slopes printed in textbooks and lecture notes."""

EXACT_SLOPE_TEMPERATURES_C = (20.0, 25.0, 37.0)
"""Temperatures whose exact slope students carry over to another temperature."""


def decade_slope_mV(temperature_K: float) -> float:
    """ln 10 · RT/F in mV: the change of a monovalent equilibrium potential per tenfold ratio."""
    return thermal_voltage_mV(temperature_K) * math.log(10)


def slope_temperature_C(slope_mV: float) -> float:
    """The temperature in °C at which ln 10 · RT/F equals `slope_mV`."""
    return slope_mV / decade_slope_mV(1.0) - ZERO_CELSIUS_K


def textbook_slopes_mV() -> tuple[float, ...]:
    """The rounded slopes and the exact slopes at 20, 25 and 37 °C, in increasing order."""
    exact = (decade_slope_mV(celsius_to_kelvin(c)) for c in EXACT_SLOPE_TEMPERATURES_C)
    return tuple(sorted((*ROUNDED_SLOPES_MV, *exact)))
