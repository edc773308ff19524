"""Reading a table of concentrations: the header shapes, units, ion names and permeabilities accepted.

Values from Kandel et al., *Principles of Neural Science* 5th ed. (squid axon, with the impermeant
organic anions A⁻ 385 mM inside) and Purves et al., *Neuroscience* 6th ed., table 2.1.
"""

from __future__ import annotations

import pytest

from vaulttool.calc.concentrations import read_ion_cell, read_table
from vaulttool.calc.ions import Ion
from vaulttool.parse import parse_note


def table(text: str):
    (found,) = parse_note("n.md", text).tables
    return read_table(found)


@pytest.mark.parametrize(
    "header",
    [
        "| Ion | Inside (mM) | Outside (mM) |",
        "| ion | Intracellular [mM] | Extracellular [mM] |",
        "| Species | [X]in, mM | [X]out, mM |",
        "| Ions | [X]_i (mM) | [X]_o (mM) |",
        "| Ion | Cytosol (mmol/L) | Blood plasma, outside (mmol/L) |",
        "| **Ion** | in (mM) | out (mM) |",
        "| Ion (symbol) | Inside (mmol/l) | Outside (mmol/l) |",
    ],
)
def test_header_shapes(header: str) -> None:
    read = table(f"{header}\n|---|---|---|\n| K+ | 140 | 5 |\n")
    assert read is not None
    (row,) = read.rows
    assert (row.ion, row.inside_mM, row.outside_mM, row.permeability) == (Ion("K", 1), 140, 5, None)
    assert not read.permeabilities


def test_unit_in_the_header_applies_to_bare_numbers() -> None:
    """Ca²⁺ 100 nM = 0.1 µM inside, 2 mM = 2000 µM outside (Purves)."""
    read = table("| Ion | Inside (µM) | Outside (µM) |\n|---|---|---|\n| Ca2+ | 0.1 | 2000 |\n")
    assert read is not None and [(r.inside_mM, r.outside_mM) for r in read.rows] == [
        (pytest.approx(1e-4), pytest.approx(2))
    ]


def test_columns_in_any_order_and_units_in_cells() -> None:
    """Purves: Ca²⁺ 0.0001 mM (100 nM) inside, 1–2 mM outside (2 taken)."""
    read = table("| Outside | Ion | Inside |\n|---|---|---|\n| 2 mM | Ca²⁺ | 100 nM |\n")
    assert read is not None and [(r.ion, r.inside_mM, r.outside_mM) for r in read.rows] == [
        (Ion("Ca", 2), pytest.approx(1e-4), 2)
    ]


@pytest.mark.parametrize(
    ("cell", "ion"),
    [
        ("K+", Ion("K", 1)),
        ("**K⁺**", Ion("K", 1)),
        ("`Cl-`", Ion("Cl", -1)),
        ("$Ca^{2+}$", Ion("Ca", 2)),
        ("Ca+2", Ion("Ca", 2)),
        ("Potassium (K+)", Ion("K", 1)),
        ("Chloride", Ion("Cl", -1)),
        ("Mg++", Ion("Mg", 2)),
        ("A⁻ (organic anions)", None),
        ("K+ and Na+", None),
        ("", None),
    ],
)
def test_ion_cells(cell: str, ion: Ion | None) -> None:
    assert read_ion_cell(cell) == ion


def test_a_table_that_is_not_about_concentrations() -> None:
    assert table("| a | b |\n|---|---|\n| 1 | 2 |\n") is None
    assert table("| Ion | Inside (mM) |\n|---|---|\n| K+ | 140 |\n") is None  # no outside column
    assert table("| Ion | In/out (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n") is None  # ambiguous


def test_permeabilities_with_an_impermeant_row() -> None:
    """Kandel's squid table lists A⁻ (385 mM inside) with no permeability: GHK is still possible;
    a row that has a permeability but cannot be read makes GHK impossible (nothing guessed)."""
    rows = "| K+ | 400 | 20 | 1 |\n| Na+ | 50 | 440 | 0.04 |\n| Cl- | 52 | 560 | 0.45 |\n"
    head = "| Ion | Inside (mM) | Outside (mM) | P_{X} |\n|---|---|---|---|\n"
    read = table(head + rows + "| A- | 385 | — | — |\n")
    assert read is not None and read.permeabilities
    assert [r.permeability for r in read.rows] == [1, 0.04, 0.45]
    unreadable = table(head + rows + "| A- | 385 | — | 0.1 |\n")
    assert unreadable is not None and not unreadable.permeabilities
    all_zero = table(head + "| K+ | 400 | 20 | 0 |\n")
    assert all_zero is not None and not all_zero.permeabilities
