"""Claims in notes: ```nernst / ```ghk blocks, `nernst: …` / `ghk: …` code spans and statements in
prose under a table of concentrations (`vaulttool.calc.prose`), evaluated.

Each claim gets a result: `pass`, `fail` (computed outside the tolerance, with a diagnosis when a
classic mistake reproduces the expected value), `error` (it cannot be evaluated; the message
names the line and what is wrong) or `value` (a calculation without `expect`, never fails).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from vaulttool.calc.claim_block import read_block
from vaulttool.calc.claim_span import read_span, span_calculator
from vaulttool.calc.diagnose import Diagnosis, summary
from vaulttool.calc.inputs import Calculation, ClaimError, Expectation
from vaulttool.calc.prose import prose_claims
from vaulttool.calc.wording import signed_mV
from vaulttool.model import Item, Note, Position
from vaulttool.settings import VerifySettings

if TYPE_CHECKING:
    from vaulttool.vault import Vault

CALCULATORS = ("nernst", "ghk")
Result = Literal["pass", "fail", "error", "value"]
DEFAULT_VERIFY = VerifySettings()


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One claim and what became of it; potentials in mV."""

    position: Position  # the opening fence, or the code span's opening backtick
    calculator: str  # "nernst" | "ghk"
    result: Result  # "value": a calculation without `expect`, never fails
    computed_mV: float | None
    expected_mV: float | None
    tolerance_mV: float | None
    diagnosis: str | None  # the classic mistake that reproduces the expected value, in plain words
    message: str  # one line: what was computed, or what is wrong and on which line
    source: str  # the block body, the code-span text or the prose statement as written
    origin: str = "block"  # "block" | "span" | "prose"
    diagnoses: tuple[Diagnosis, ...] = ()  # every explanation, the simplest first; `diagnosis` sums them up

    @property
    def failed(self) -> bool:
        """A claim that fails or cannot be evaluated: `verify` exits 1."""
        return self.result in ("fail", "error")


def evaluate_note(note: Note, verify: VerifySettings = DEFAULT_VERIFY) -> list[ClaimResult]:
    """Every claim of a note, evaluated, in line and column order; `verify` gives the tolerances of prose."""
    results = [
        _evaluate(block.position, block.language, block.body, partial(read_block, block))
        for block in note.code_blocks
        if block.language in CALCULATORS
    ]
    results += [
        _evaluate(span.position, calculator, span.text, partial(read_span, span), "span")
        for span in note.code_spans
        if (calculator := span_calculator(span.text))
    ]
    results += [
        _evaluate(c.position, c.calculator, c.text, c.read, "prose")
        for c in prose_claims(note, verify.approximate_tolerance_mV, verify.exact_tolerance_mV)
    ]
    return sorted(results, key=lambda claim: (claim.position.line, claim.position.column))


def _evaluate(
    position: Position,
    calculator: str,
    source: str,
    read: Callable[[], tuple[Calculation, Expectation | None]],
    origin: str = "block",
) -> ClaimResult:
    try:
        calculation, expect = read()
    except ClaimError as error:
        return ClaimResult(position, calculator, "error", None, None, None, None, str(error), source, origin)
    try:
        computed = calculation.potential_mV()
    except (ValueError, ArithmeticError) as error:  # values the arithmetic cannot carry
        return ClaimResult(
            position,
            calculator,
            "error",
            None,
            None,
            None,
            None,
            str(ClaimError(position.line, f"cannot compute it: {error}")),
            source,
            origin,
        )
    result = f"{calculation.symbol} = {signed_mV(computed)} mV"
    if expect is None:
        return ClaimResult(
            position,
            calculator,
            "value",
            computed,
            None,
            None,
            None,
            f"{result} ({calculation.describe()})",
            source,
            origin,
        )
    if expect.holds(computed):
        return ClaimResult(
            position,
            calculator,
            "pass",
            computed,
            expect.value_mV,
            expect.tolerance_mV,
            None,
            f"{result}, expected {expect} ({calculation.describe()})",
            source,
            origin,
        )
    try:
        diagnoses = calculation.diagnose(expect)
    except (ValueError, ArithmeticError):  # a mistake that cannot be computed explains nothing
        diagnoses = ()
    off = abs(computed - expect.value_mV)
    return ClaimResult(
        position,
        calculator,
        "fail",
        computed,
        expect.value_mV,
        expect.tolerance_mV,
        summary(diagnoses),
        f"{result}, expected {expect}: off by {off:.2f} mV ({calculation.describe()})",
        source,
        origin,
        diagnoses,
    )


class _ClaimPlaces:
    """Where a note's claims sit, indexed once so each item finds its own in O(log n)."""

    def __init__(self, note: Note, claims: Sequence[ClaimResult]) -> None:
        self.unit_lines: dict[Position, list[int]] = {}
        for unit in note.units:
            lines = sorted({row for row, _ in unit.lines})
            for tag in unit.tags:
                self.unit_lines.setdefault(tag.position, lines)
        self.on_line: dict[int, list[ClaimResult]] = {}
        for claim in claims:
            self.on_line.setdefault(claim.position.line, []).append(claim)
        self.starts = sorted(
            {u.position.line for u in note.units}
            | {h.position.line for h in note.headings}
            | {b.position.line for b in note.code_blocks}
            | set(self.on_line)
        )

    def of(self, item: Item) -> tuple[ClaimResult, ...]:
        """The claims inside the item's unit, else a claim whose block comes directly under the unit
        (no paragraph, list item, heading or other block between)."""
        lines = self.unit_lines.get(item.position, [item.position.line])
        inside = tuple(claim for line in lines for claim in self.on_line.get(line, ()))
        if inside:
            return inside
        after = bisect_right(self.starts, lines[-1])
        following = self.starts[after] if after < len(self.starts) else None
        return tuple(self.on_line.get(following, ())[:1]) if following is not None else ()


def evaluate_vault(vault: Vault) -> tuple[ClaimResult, ...]:
    """Every claim of the vault's notes (excluded files left out), in path, line and column order;
    an unchanged note's claims are taken from the cache (`analyse.per_note`)."""
    from vaulttool.analyse.per_note import per_note
    from vaulttool.cache import canonical, derived_key

    verify = vault.settings.verify
    salt = derived_key("claims", canonical(verify))
    evaluated = per_note(
        vault, vault.included, "claims", salt, lambda note: tuple(evaluate_note(note, verify)), tuple[ClaimResult, ...]
    )
    return tuple(claim for claims in evaluated for claim in claims)


def claims_by_item(
    vault: Vault, items: Sequence[Item], evaluated: Callable[[], Sequence[ClaimResult]]
) -> dict[Position, tuple[ClaimResult, ...]]:
    """The claims that belong to each item (by its position); `evaluated` is called only when the
    vault holds a code block, a code span or a table at all."""
    if not any(note.code_blocks or note.code_spans or note.tables for note in vault.notes):
        return {}
    by_path: dict[str, list[ClaimResult]] = {}
    for claim in evaluated():
        by_path.setdefault(claim.position.path, []).append(claim)
    places: dict[str, _ClaimPlaces] = {}
    found: dict[Position, tuple[ClaimResult, ...]] = {}
    for item in items:
        path = item.position.path
        note = vault.note(path)
        if note is None or path not in by_path:
            continue
        if path not in places:
            places[path] = _ClaimPlaces(note, by_path[path])
        if mine := places[path].of(item):
            found[item.position] = mine
    return found
