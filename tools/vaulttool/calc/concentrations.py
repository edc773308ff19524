"""Read a Markdown table of ion concentrations: which ions, inside, outside, and permeabilities.

A table qualifies when its header has an ion column (`Ion`, `Ions`, `Species`), exactly one
inside column (`Inside`, `Intracellular`, `In`, `[X]i`, `Cytosol` …) and exactly one outside
column (`Outside`, `Extracellular`, `Out`, `[X]o` …); a permeability column (`Permeability`,
`P`, `P_X`, `Relative permeability`) is optional. Units are in the header (`Inside (mM)`) or in
each cell (`100 nM`). A row is used only when its ion and both concentrations can be read; an
ion given twice is not used at all. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaulttool.calc.ions import Ion, IonError, parse_ion
from vaulttool.calc.units import UnitError, parse_concentration, parse_permeability
from vaulttool.model import Position, Table, TableCell

_MARKUP = re.compile(r"[*`$]|\\(?=[\[\]|])")
_ION_HEADER = re.compile(r"(?:ions?|(?:ion(?:ic)? )?species|solutes?)(?:\s*\(.*\))?", re.IGNORECASE)
_INSIDE = re.compile(
    r"inside|intra-?cellular|cytosol\w*|cytoplasm\w*|internal|\bin\b|\](?:_\{?)?i(?:n)?\b", re.IGNORECASE
)
_OUTSIDE = re.compile(r"outside|extra-?cellular|external|\bout\b|\](?:_\{?)?o(?:ut)?\b", re.IGNORECASE)
_PERMEABILITY = re.compile(r"permeabilit\w*|^(?:relative\s+)?p(?:_\{?\w+\}?)?(?:\s*\(.*\))?$", re.IGNORECASE)
_UNIT = re.compile(r"(?<![\w/])(mmol/[lL]|mol/[lL]|mM|µM|μM|uM|nM|pM|M)(?![\w/])")
_APPROXIMATELY = re.compile(r"^(?:≈|~|∼|about|approx\.?)\s*", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-−]?\d+)?")
_NO_VALUE = frozenset({"", "-", "–", "—", "0", "n/a", "na"})
_ION_WORDS = {
    "potassium": "K+",
    "sodium": "Na+",
    "chloride": "Cl-",
    "calcium": "Ca2+",
    "magnesium": "Mg2+",
    "bicarbonate": "HCO3-",
    "proton": "H+",
    "protons": "H+",
    "hydrogen": "H+",
}
_ION_TOKEN = re.compile(r"[A-Z][A-Za-z0-9]*(?:\^?\{?[0-9⁰-⁹]*[+\-−⁺⁻]+[0-9]?\}?)")


@dataclass(frozen=True, slots=True)
class Row:
    """One ion of a concentration table: concentrations in mM, permeability if the table has them."""

    ion: Ion
    inside_mM: float
    outside_mM: float
    permeability: float | None
    position: Position  # the ion cell


@dataclass(frozen=True, slots=True)
class ConcentrationTable:
    """The usable rows of a table of concentrations; `permeabilities` is true when every row gives one."""

    position: Position
    rows: tuple[Row, ...]
    permeabilities: bool

    def row(self, formula: str) -> Row | None:
        """The row of the ion with this formula (`K`, `Cl`, `HCO3`), if the table gives it."""
        return next((row for row in self.rows if row.ion.name == formula), None)


def read_table(table: Table) -> ConcentrationTable | None:
    """The concentrations a table gives, or None if it is not a table of concentrations."""
    if len(table.rows) < 2:
        return None
    header = [_clean(cell.text) for cell in table.rows[0]]
    columns = _columns(header)
    if columns is None:
        return None
    ion_at, inside_at, outside_at, p_at = columns
    read = [(_row(cells, header, ion_at, inside_at, outside_at, p_at), cells) for cells in table.rows[1:]]
    names = [row.ion.name for row, _ in read if row is not None]
    usable = tuple(row for row, _ in read if row is not None and names.count(row.ion.name) == 1)
    if not usable:
        return None
    # GHK needs every permeant row: a row with a permeability must be readable, and used
    permeabilities = (
        p_at is not None
        and any(row.permeability for row in usable)
        and all(
            row in usable and row.permeability is not None
            if row is not None
            else p_at < len(cells) and _permeability(cells[p_at].text) == 0
            for row, cells in read
        )
    )
    return ConcentrationTable(table.position, usable, permeabilities)


def _columns(header: list[str]) -> tuple[int, int, int, int | None] | None:
    ion = [i for i, text in enumerate(header) if _ION_HEADER.fullmatch(text.strip())]
    inside = [i for i, text in enumerate(header) if _INSIDE.search(text) and not _OUTSIDE.search(text)]
    outside = [i for i, text in enumerate(header) if _OUTSIDE.search(text) and not _INSIDE.search(text)]
    permeability = [i for i, text in enumerate(header) if _PERMEABILITY.search(text.strip())]
    if len(ion) != 1 or len(inside) != 1 or len(outside) != 1 or len(permeability) > 1:
        return None
    return ion[0], inside[0], outside[0], permeability[0] if permeability else None


def _row(
    cells: tuple[TableCell, ...], header: list[str], ion_at: int, inside_at: int, outside_at: int, p_at: int | None
) -> Row | None:
    if max(ion_at, inside_at, outside_at, p_at or 0) >= len(cells):
        return None
    ion = read_ion_cell(cells[ion_at].text)
    inside = _concentration(cells[inside_at].text, header[inside_at])
    outside = _concentration(cells[outside_at].text, header[outside_at])
    if ion is None or inside is None or outside is None:
        return None
    permeability = _permeability(cells[p_at].text) if p_at is not None else None
    return Row(ion, inside, outside, permeability, cells[ion_at].position)


def read_ion_cell(text: str) -> Ion | None:
    """`K+`, `K⁺`, `**Ca²⁺**`, `Potassium (K+)`, `Chloride`: the ion a table cell names, if any."""
    cleaned = _clean(text).strip()
    try:
        return parse_ion(cleaned)
    except IonError:
        pass
    ions = set()
    for token in _ION_TOKEN.findall(cleaned):
        try:
            ions.add(parse_ion(token))
        except IonError:
            continue
    words = {_ION_WORDS[word] for word in re.findall(r"[a-z]+", cleaned.lower()) if word in _ION_WORDS}
    ions |= {parse_ion(name) for name in words}
    return ions.pop() if len(ions) == 1 else None


def _concentration(text: str, header: str) -> float | None:
    cleaned = _APPROXIMATELY.sub("", _clean(text).strip())
    unit = _UNIT.search(header)
    if unit and _BARE_NUMBER.fullmatch(cleaned):
        cleaned = f"{cleaned} {unit.group(1).replace('/l', '/L')}"
    try:
        return parse_concentration(cleaned)
    except UnitError:
        return None


def _permeability(text: str) -> float | None:
    cleaned = _APPROXIMATELY.sub("", _clean(text).strip())
    if cleaned.lower() in _NO_VALUE:
        return 0.0
    try:
        return parse_permeability(cleaned)
    except UnitError:
        return None


def _clean(text: str) -> str:
    """A cell without emphasis, code and math markers: `**K⁺**` → `K⁺`."""
    return _MARKUP.sub("", text)
