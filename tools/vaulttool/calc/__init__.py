"""Calculators for membrane potentials: Nernst, Goldman–Hodgkin–Katz, unit and ion parsing,
and diagnosis of the classic mistakes behind a wrong expected value."""

from vaulttool.calc.constants import F, R, celsius_to_kelvin, thermal_voltage_mV
from vaulttool.calc.diagnose import Diagnosis, diagnose_ghk, diagnose_nernst
from vaulttool.calc.ghk import (
    IonSpec,
    ghk_method,
    ghk_monovalent_mV,
    ghk_mV,
    ghk_numeric_mV,
    ghk_one_divalent_mV,
)
from vaulttool.calc.ions import Ion, IonError, parse_ion
from vaulttool.calc.nernst import nernst_mV
from vaulttool.calc.units import (
    Quantity,
    UnitError,
    parse_concentration,
    parse_permeability,
    parse_quantity,
    parse_temperature,
    parse_voltage,
)

__all__ = [
    "F",
    "R",
    "Diagnosis",
    "Ion",
    "IonError",
    "IonSpec",
    "Quantity",
    "UnitError",
    "celsius_to_kelvin",
    "diagnose_ghk",
    "diagnose_nernst",
    "ghk_method",
    "ghk_mV",
    "ghk_monovalent_mV",
    "ghk_numeric_mV",
    "ghk_one_divalent_mV",
    "nernst_mV",
    "parse_concentration",
    "parse_ion",
    "parse_permeability",
    "parse_quantity",
    "parse_temperature",
    "parse_voltage",
    "thermal_voltage_mV",
]
