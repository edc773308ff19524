"""Reading quantities: every accepted unit, and every error path of vaulttool.calc.units."""

from __future__ import annotations

import pytest

from vaulttool.calc import (
    Quantity,
    UnitError,
    parse_concentration,
    parse_permeability,
    parse_quantity,
    parse_temperature,
    parse_voltage,
)


@pytest.mark.parametrize(
    ("text", "millimolar"),
    [
        ("140 mM", 140.0),
        ("140mM", 140.0),
        ("0.145 M", 145.0),
        ("0.145 mol/L", 145.0),
        ("12 mmol/L", 12.0),
        ("100 µM", 0.1),  # U+00B5 micro sign
        ("100 μM", 0.1),  # U+03BC Greek mu
        ("100 uM", 0.1),
        ("100 nM", 1e-4),
        ("100 pM", 1e-7),
        ("1e-4 mM", 1e-4),
        ("  2.5  mM ", 2.5),
    ],
)
def test_concentrations_in_mM(text: str, millimolar: float) -> None:
    """SI prefixes: M = 10³ mM, µ = 10⁻⁶, n = 10⁻⁹, p = 10⁻¹²."""
    assert parse_concentration(text) == pytest.approx(millimolar, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "kelvin"),
    [
        ("37 °C", 310.15),
        ("37°C", 310.15),
        ("37C", 310.15),
        ("20 degC", 293.15),
        ("310.15 K", 310.15),
        ("-5 °C", 268.15),
    ],
)
def test_temperatures_in_kelvin(text: str, kelvin: float) -> None:
    """T/K = t/°C + 273.15."""
    assert parse_temperature(text) == pytest.approx(kelvin, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "millivolts"), [("-89 mV", -89.0), ("−89 mV", -89.0), ("+66.6mV", 66.6), ("-0.07 V", -70.0)]
)
def test_voltages_in_mV(text: str, millivolts: float) -> None:
    assert parse_voltage(text) == pytest.approx(millivolts, rel=1e-12)


@pytest.mark.parametrize(("text", "ratio"), [("0.04", 0.04), ("1", 1.0), ("0", 0.0), (".45", 0.45)])
def test_permeabilities_are_bare_numbers(text: str, ratio: float) -> None:
    assert parse_permeability(text) == ratio


def test_quantity_knows_its_kind_and_canonical_unit() -> None:
    assert parse_quantity("2 µM") == Quantity(pytest.approx(0.002), "concentration")
    assert [parse_quantity(t).unit for t in ("1 M", "1 C", "1 V", "1")] == ["mM", "K", "mV", ""]


@pytest.mark.parametrize("text", ["", "mM", "abc", "1.2.3 mM", "- 5 mM", "1,5 mM"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(UnitError, match="cannot read a number and a unit.*accepted: concentration M, mM"):
        parse_quantity(text)


@pytest.mark.parametrize(("text", "unit"), [("5 mmHg", "mmHg"), ("140 mm", "mm"), ("37 F", "F"), ("2 mol", "mol")])
def test_unknown_unit_is_named_and_accepted_units_listed(text: str, unit: str) -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert f"unknown unit {unit!r}" in message
    assert "°C, degC, C, K" in message and "mV, V" in message and "bare number" in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["0 mM", "-5 mM", "0 M"])
def test_concentration_must_be_positive(text: str) -> None:
    with pytest.raises(UnitError, match="must be positive"):
        parse_concentration(text)


@pytest.mark.parametrize("text", ["1e400 mM", "1e400 mV", "1e400"])
def test_values_must_be_finite(text: str) -> None:
    with pytest.raises(UnitError, match="not finite"):
        parse_quantity(text)


@pytest.mark.parametrize("text", ["0 K", "-1 K", "-273.15 °C", "-300 C"])
def test_temperature_must_be_above_absolute_zero(text: str) -> None:
    with pytest.raises(UnitError, match="above 0 K"):
        parse_temperature(text)


def test_permeability_must_not_be_negative() -> None:
    with pytest.raises(UnitError, match="must not be negative"):
        parse_permeability("-0.04")


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_concentration, "37 °C", "is a temperature, not a concentration; accepted: concentration M"),
        (parse_concentration, "140", "'140' has no unit; a concentration needs one: M, mM"),
        (parse_temperature, "140 mM", "is a concentration, not a temperature; accepted: temperature °C"),
        (parse_voltage, "37", "'37' has no unit; a voltage needs one: mV, V"),
        (parse_permeability, "0.04 mM", "is a concentration, not a permeability; accepted: permeability as a bare"),
    ],
)
def test_wrong_kind(parse, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitError, match=message):
        parse(text)


def test_unit_error_is_a_value_error() -> None:
    assert issubclass(UnitError, ValueError)
