"""Physical constants (exact since the 2019 SI) and the thermal voltage RT/F."""

from __future__ import annotations

import math

R = 8.31446261815324
"""Molar gas constant in J/(mol·K): N_A·k, exact."""

F = 96485.33212331001
"""Faraday constant in C/mol: N_A·e, exact."""

ZERO_CELSIUS_K = 273.15
"""0 °C in kelvin."""


def celsius_to_kelvin(temperature_C: float) -> float:
    """Convert a temperature from degrees Celsius to kelvin."""
    return temperature_C + ZERO_CELSIUS_K


def thermal_voltage_mV(temperature_K: float) -> float:
    """RT/F in millivolts; the temperature must be finite and above 0 K."""
    if not (math.isfinite(temperature_K) and temperature_K > 0):
        raise ValueError(f"temperature must be finite and above 0 K, got {temperature_K!r} K")
    return 1000.0 * R * temperature_K / F
