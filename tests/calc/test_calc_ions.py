"""Reading ion names, and every error path of vaulttool.calc.ions."""

from __future__ import annotations

import pytest

from vaulttool.calc import Ion, IonError, parse_ion


@pytest.mark.parametrize(
    ("text", "name", "valence"),
    [
        ("K+", "K", 1),
        ("Na+", "Na", 1),
        ("Cl-", "Cl", -1),
        ("Ca2+", "Ca", 2),
        ("Ca++", "Ca", 2),
        ("Mg2+", "Mg", 2),
        ("H+", "H", 1),
        ("HCO3-", "HCO3", -1),
        ("NH4+", "NH4", 1),
        ("H2PO4-", "H2PO4", -1),
        ("SO42-", "SO4", -2),
        ("SO4--", "SO4", -2),
        ("Fe3+", "Fe", 3),
        ("Cl⁻", "Cl", -1),
        ("Ca²⁺", "Ca", 2),
        ("Ca⁺⁺", "Ca", 2),
        ("HCO₃⁻", "HCO3", -1),
        ("Cl−", "Cl", -1),  # U+2212 minus sign
        (" Ca 2+ ", "Ca", 2),
        ("Cl", "Cl", -1),  # a bare common name takes its usual valence
        ("Ca+2", "Ca", 2),  # the sign before the size, as many courses write it
        ("Mg+2", "Mg", 2),
        ("SO4-2", "SO4", -2),
        ("Ca^{2+}", "Ca", 2),  # LaTeX, as in $Ca^{2+}$
        ("Ca^2+", "Ca", 2),
        ("Cl^-", "Cl", -1),
    ],
)
def test_parse(text: str, name: str, valence: int) -> None:
    """Charges as written in Purves et al. and Hille: K⁺, Cl⁻, Ca²⁺, HCO₃⁻, SO₄²⁻."""
    assert parse_ion(text) == Ion(name, valence)


def test_explicit_valence_overrides() -> None:
    """z is the valence computed with; the name keeps the charge it was written with (issue 12:
    `calc -z 1` on Cl- computes with +1 and still prints Cl⁻)."""
    calcium = parse_ion("Ca2+", z=1)
    assert (calcium.valence, calcium.pretty, calcium.symbol) == (1, "Ca²⁺", "Ca2+")
    chloride = parse_ion("Cl-", z=1)
    assert (chloride.valence, chloride.pretty, chloride.symbol) == (1, "Cl⁻", "Cl-")
    assert parse_ion("Fe", z=3) == Ion("Fe", 3)
    assert parse_ion("K+", z=1) == Ion("K", 1)


@pytest.mark.parametrize(("text", "symbol"), [("Xx+", "Xx"), ("Xy", "Xy"), ("Kq+", "Kq"), ("NaQ+", "Q")])
def test_unknown_element(text: str, symbol: str) -> None:
    """Formulas are made of the 118 IUPAC element symbols; `Xx`, `Kq` and `Q` are none."""
    with pytest.raises(IonError, match=f"unknown ion .*{symbol!r} is not a chemical element"):
        parse_ion(text, z=-2 if text == "Xy" else None)


@pytest.mark.parametrize(
    ("ion", "pretty", "symbol"),
    [
        (Ion("Cl", -1), "Cl⁻", "Cl-"),
        (Ion("Ca", 2), "Ca²⁺", "Ca2+"),
        (Ion("HCO3", -1), "HCO₃⁻", "HCO3-"),
        (Ion("SO4", -2), "SO₄²⁻", "SO42-"),
    ],
)
def test_names_for_messages(ion: Ion, pretty: str, symbol: str) -> None:
    assert (ion.pretty, str(ion), ion.symbol) == (pretty, pretty, symbol)
    assert parse_ion(symbol) == parse_ion(pretty) == ion


@pytest.mark.parametrize("text", ["", "K+-", "Ca+22", "K+ ion", "Na/K"])
def test_unreadable(text: str) -> None:
    with pytest.raises(IonError, match="cannot read an ion from .*e.g. K\\+, Na\\+, Cl-, Ca2\\+, Ca\\+\\+, Ca\\+2"):
        parse_ion(text)


@pytest.mark.parametrize("text", ["k+", "2+", "potassium+", "1K+"])
def test_not_a_formula(text: str) -> None:
    with pytest.raises(IonError, match="does not start with a chemical formula"):
        parse_ion(text)


@pytest.mark.parametrize("text", ["Xy", "Fe", "potassium".capitalize()[:2]])
def test_no_charge_and_not_common(text: str) -> None:
    with pytest.raises(IonError, match="has no charge.*or give z"):
        parse_ion(text)


@pytest.mark.parametrize("z", [0, True, 1.0])
def test_bad_explicit_valence(z: object) -> None:
    with pytest.raises(IonError, match="non-zero integer"):
        parse_ion("K+", z=z)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "valence", "message"),
    [("K", 0, "non-zero integer"), ("k", 1, "does not look chemical"), ("", 1, "does not look chemical")],
)
def test_ion_validates(name: str, valence: int, message: str) -> None:
    with pytest.raises(IonError, match=message):
        Ion(name, valence)


def test_ion_error_is_a_value_error() -> None:
    assert issubclass(IonError, ValueError)
