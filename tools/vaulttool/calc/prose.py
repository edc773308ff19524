"""Claims in prose: `E_K ≈ −80 mV`, `E_{Cl} is about −65 mV`, `V_rest = −65 mV`, written in a
paragraph or list item of a note (or section) that holds a table of concentrations.

The table (`vaulttool.calc.concentrations`) gives the inputs: a statement is a claim only when
its ion is a row of the table, or, for `V_rest`/`V_m` (GHK), when the table gives permeabilities.
The table used is the one of the statement's innermost section that has one, the nearest above
the statement (else the first below). The temperature is the one the statement names (`… at
20 °C`), else the one stated in the paragraph just above the table, else in the headings above it
(innermost first), else the front matter's `temperature`, else 37 °C, said in the message. The
tolerance is how the number is written: approximate (`≈`, `~`, "about", "around" …) or exact
(`=`, "is"), each with its tolerance from `[verify]`; `± 3 mV` as written wins. Code, math and
comments are never read (a math span that holds only the symbol, `$E_K$ ≈ −80 mV`, counts as
the symbol), nor ~~struck-through~~ text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from vaulttool.calc.concentrations import ConcentrationTable, read_table
from vaulttool.calc.constants import celsius_to_kelvin
from vaulttool.calc.ghk import IonSpec
from vaulttool.calc.inputs import Calculation, Expectation, GhkInput, NernstInput
from vaulttool.calc.ions import IonError, parse_ion
from vaulttool.calc.units import parse_temperature, parse_voltage
from vaulttool.model import Heading, Note, Position, Unit
from vaulttool.parse.inline import mask_inline
from vaulttool.parse.source import blank

DEFAULT_TEMPERATURE_C = 37.0

_APPROX = r"≈|~|∼|≃|≅|\\approx|about|around|approximately|approx\.|roughly|nearly|close\s+to|circa|ca\."
_WORDS = (
    r"is\s+equal\s+to|is|was|are|will\s+be|would\s+be|should\s+be|must\s+be|comes\s+(?:out\s+)?(?:to|at)"
    r"|equals|of|then|therefore|thus|so|just"
)
_SYMBOL = (
    r"(?:E_(?:\{(?P<braced>[^{}]*(?:\{[^{}]*\}[^{}]*)?)\}"
    r"|(?P<ion>[A-Z][A-Za-z0-9]*(?:\^?(?:\{[^{}]*\}|[0-9⁰-⁹]*[+\-−⁺⁻]+))?))"
    r"|(?P<vm>V_(?:\{(?:rest|m|r|mem|membrane)\}|(?:rest|m|r|mem)(?![A-Za-z0-9]))))"
)
_STATEMENT = re.compile(
    rf"(?<![\w\\])(?P<symbol>{_SYMBOL})(?![A-Za-z0-9_])"
    rf"(?P<relation>(?:\s*(?:=|:|(?<![A-Za-z])(?i:{_APPROX}|{_WORDS})(?![A-Za-z]))){{1,4}})"
    r"\s*(?P<value>[+\-−–]?\s?\d+(?:\.\d+)?)\s*(?P<unit>mV|V)(?![A-Za-z])"
    r"(?:\s*(?:±|\+/-|\+-)\s*(?P<tolerance>\d+(?:\.\d+)?)\s*(?:mV(?![A-Za-z]))?)?"
    r"(?!\s*(?:to|–|—|-)\s*[+\-−]?\d)"
    r"(?:\s*,?\s*(?:at|@)\s+(?P<temperature>[+\-−]?\d+(?:\.\d+)?\s*(?:°\s*C|℃|degC|K)(?![A-Za-z])))?",
)
_IS_APPROX = re.compile(rf"(?:{_APPROX})", re.IGNORECASE)
_BARE_SYMBOL = re.compile(rf"\$(?P<symbol>{_SYMBOL})\$")
_STRUCK = re.compile(r"~~.+?~~", re.DOTALL)
_TEMPERATURE = re.compile(
    r"(?<![\w.])(?P<celsius>[+\-−]?\d+(?:\.\d+)?)\s*(?:°\s*C|℃|degC|deg\s+C)(?![A-Za-z])"
    r"|(?<![\w.])(?P<kelvin>[23]\d\d(?:\.\d+)?)\s*K(?![A-Za-z+⁺])"
)


@dataclass(frozen=True, slots=True)
class ProseClaim:
    """A statement in prose with the calculation its table gives and the value it states."""

    position: Position  # the symbol's first character
    calculator: str  # "nernst" | "ghk"
    text: str  # the statement as written
    calculation: Calculation
    expectation: Expectation

    def read(self) -> tuple[Calculation, Expectation | None]:
        return self.calculation, self.expectation


@dataclass(frozen=True, slots=True)
class _Source:
    """A table of concentrations with its section and the temperature that goes with it."""

    table: ConcentrationTable
    sections: tuple[Heading, ...]  # the headings it lies under, outermost first
    temperature_K: float
    said: str  # where the temperature comes from, for the message


def prose_claims(note: Note, approximate_mV: float, exact_mV: float) -> list[ProseClaim]:
    """The claims written in the prose of a note, in the order they appear; a value written as
    approximate (`≈`, "about") has the tolerance `approximate_mV`, one written as exact `exact_mV`."""
    tables = [table for t in note.tables if (table := read_table(t))]
    if not tables:
        return []
    sources = [_source(table, note) for table in tables]
    return [claim for unit in note.units for claim in _unit_claims(unit, note, sources, (approximate_mV, exact_mV))]


def _unit_claims(
    unit: Unit, note: Note, sources: Sequence[_Source], tolerances: tuple[float, float]
) -> Iterator[ProseClaim]:
    for match in _STATEMENT.finditer(_visible(unit.text)):
        line, column = _locate(unit, match.start("symbol"))
        source = _source_for(line, note.headings, sources)
        if source is None:
            continue
        calculation = _calculation(match, source)
        if calculation is not None:
            yield ProseClaim(
                Position(note.path, line, column),
                "ghk" if match["vm"] else "nernst",
                unit.text[match.start() : match.end()],
                calculation,
                _expectation(match, *tolerances),
            )


def _calculation(match: re.Match[str], source: _Source) -> Calculation | None:
    temperature, said = source.temperature_K, source.said
    if match["temperature"]:
        temperature, said = _temperature(match["temperature"]), ""
    remark = f"from the table on line {source.table.position.line}{said}"
    table = source.table
    if match["vm"]:
        if not table.permeabilities:
            return None
        specs = tuple(
            IonSpec(r.ion, r.inside_mM, r.outside_mM, r.permeability or 0.0) for r in table.rows if r.permeability
        )
        return GhkInput(specs, temperature, remark)
    row = table.row(_formula(match["braced"] or match["ion"]))
    if row is None:
        return None
    return NernstInput(row.ion, row.inside_mM, row.outside_mM, temperature, remark)


def _expectation(match: re.Match[str], approximate_mV: float, exact_mV: float) -> Expectation:
    value = parse_voltage(f"{match['value'].replace('–', '-').replace(' ', '')} {match['unit']}")
    if match["tolerance"]:
        return Expectation(value, float(match["tolerance"]))
    approximate = _IS_APPROX.search(match["relation"]) is not None
    return Expectation(value, approximate_mV if approximate else exact_mV)


def _formula(text: str) -> str:
    """The formula an `E_…` subscript names: `K`, `Cl^-` → `Cl`, `Ca^{2+}` → `Ca`."""
    try:
        return parse_ion(text).name
    except IonError:
        return text


def _source(table: ConcentrationTable, note: Note) -> _Source:
    sections = _sections(note.headings, table.position.line)
    stated = [_lead_in(table, note), *((_temperatures(h.text), h.position.line) for h in reversed(sections))]
    for found, line in stated:
        if found is not None:
            return _Source(table, sections, found, f", at the temperature stated on line {line}")
    front = note.frontmatter.get("temperature")
    if isinstance(front, str) and (found := _temperatures(front)) is not None:
        return _Source(table, sections, found, ", at the front matter's temperature")
    return _Source(table, sections, celsius_to_kelvin(DEFAULT_TEMPERATURE_C), "; the note states no temperature: 37 °C")


def _lead_in(table: ConcentrationTable, note: Note) -> tuple[float | None, int]:
    """The temperature stated in the paragraph or list item right above the table, if one is."""
    line = table.position.line
    above = [u for u in note.units if u.lines[-1][0] < line]
    if not above:
        return None, 0
    unit = max(above, key=lambda u: u.lines[-1][0])
    last = unit.lines[-1][0]
    if last < line - 2 or any(last < h.position.line < line for h in note.headings):
        return None, 0
    return _temperatures(_visible(unit.text)), unit.position.line


def _temperatures(text: str) -> float | None:
    """The one temperature a text states (in kelvin); None if it states none or several."""
    found = {round(_temperature(m.group()), 2) for m in _TEMPERATURE.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _temperature(text: str) -> float:
    """`20 °C`, `20° C`, `20 deg C`, `20℃`, `293 K` in kelvin."""
    return parse_temperature("".join(text.split()).replace("℃", "°C"))


def _source_for(line: int, headings: Sequence[Heading], sources: Sequence[_Source]) -> _Source | None:
    """The table of the innermost section around `line` that has one: the nearest above, else below."""
    around = _sections(headings, line)
    fitting = [s for s in sources if s.sections == around[: len(s.sections)]]
    if not fitting:
        return None
    depth = max(len(s.sections) for s in fitting)
    inner = [s for s in fitting if len(s.sections) == depth]
    above = [s for s in inner if s.table.position.line < line]
    if above:
        return max(above, key=lambda s: s.table.position.line)
    return min(inner, key=lambda s: s.table.position.line)


def _sections(headings: Sequence[Heading], line: int) -> tuple[Heading, ...]:
    """The headings `line` lies under, outermost first."""
    chain: list[Heading] = []
    for heading in headings:
        if heading.position.line > line:
            break
        while chain and chain[-1].level >= heading.level:
            chain.pop()
        chain.append(heading)
    return tuple(chain)


def _visible(text: str) -> str:
    """The text with code, math, comments and struck-through text blanked (offsets kept); a math
    span that holds only a symbol keeps the symbol."""
    masked, _ = mask_inline(text)
    spans = [match.span() for match in _STRUCK.finditer(text)]
    for start, end in masked:
        symbol_only = _BARE_SYMBOL.fullmatch(text, start, end) is not None
        spans += [(start, start + 1), (end - 1, end)] if symbol_only else [(start, end)]
    return blank(text, spans)


def _locate(unit: Unit, offset: int) -> tuple[int, int]:
    """The note line and column of an offset in a unit's text."""
    for (line, column), chunk in zip(unit.lines, unit.text.split("\n")):
        if offset <= len(chunk):
            return line, column + offset
        offset -= len(chunk) + 1
    raise ValueError("offset beyond the unit's text")
