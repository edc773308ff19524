"""Claims in notes: ```nernst / ```ghk blocks, `nernst: …` / `ghk: …` code spans and statements in
prose under a table of concentrations (`vaulttool.calc.prose`), evaluated.

Each claim gets a result: `pass`, `fail` (computed outside the tolerance, with a diagnosis when a
classic mistake reproduces the expected value), `error` (it cannot be evaluated; the message
names the line and what is wrong) or `value` (a calculation without `expect`, never fails).
"""

from __future__ import annotations

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
    results += [_evaluate(c.position, c.calculator, c.text, c.read, "prose")
                for c in prose_claims(note, verify.approximate_tolerance_mV, verify.exact_tolerance_mV)]
    return sorted(results, key=lambda claim: (claim.position.line, claim.position.column))


def _evaluate(
    position: Position, calculator: str, source: str, read: Callable[[], tuple[Calculation, Expectation | None]],
    origin: str = "block",
) -> ClaimResult:
    try:
        calculation, expect = read()
    except ClaimError as error:
        return ClaimResult(position, calculator, "error", None, None, None, None, str(error), source, origin)
    try:
        computed = calculation.potential_mV()
    except (ValueError, ArithmeticError) as error:  # values the arithmetic cannot carry
        return ClaimResult(position, calculator, "error", None, None, None, None,
                           str(ClaimError(position.line, f"cannot compute it: {error}")), source, origin)
    result = f"{calculation.symbol} = {signed_mV(computed)} mV"
    if expect is None:
        return ClaimResult(position, calculator, "value", computed, None, None, None,
                           f"{result} ({calculation.describe()})", source, origin)
    if expect.holds(computed):
        return ClaimResult(position, calculator, "pass", computed, expect.value_mV, expect.tolerance_mV, None,
                           f"{result}, expected {expect} ({calculation.describe()})", source, origin)
    try:
        diagnoses = calculation.diagnose(expect)
    except (ValueError, ArithmeticError):  # a mistake that cannot be computed explains nothing
        diagnoses = ()
    off = abs(computed - expect.value_mV)
    return ClaimResult(position, calculator, "fail", computed, expect.value_mV, expect.tolerance_mV,
                       summary(diagnoses),
                       f"{result}, expected {expect}: off by {off:.2f} mV ({calculation.describe()})", source,
                       origin, diagnoses)


def claims_of_item(item: Item, note: Note | None, claims: Sequence[ClaimResult]) -> tuple[ClaimResult, ...]:
    """The calculator claims that belong to an item: those inside its unit, else a claim whose
    block comes directly under the unit (no paragraph, list item, heading or other block between)."""
    if note is None:
        return ()
    line = item.position.line
    unit = next((u for u in note.units if any(t.position == item.position for t in u.tags)), None)
    unit_lines = {row for row, _ in unit.lines} if unit else {line}
    here = [c for c in claims if c.position.path == note.path]
    inside = tuple(c for c in here if c.position.line in unit_lines)
    if inside:
        return inside
    last = max(unit_lines)
    starts = [u.position.line for u in note.units] + [h.position.line for h in note.headings] \
        + [b.position.line for b in note.code_blocks] + [c.position.line for c in here]
    following = min((s for s in starts if s > last), default=None)
    return tuple(c for c in here if c.position.line == following)[:1]


def evaluate_vault(vault: Vault) -> tuple[ClaimResult, ...]:
    """Every claim of the vault's notes (excluded files left out), in path, line and column order."""
    return tuple(claim for note in vault.included for claim in evaluate_note(note, vault.settings.verify))


def claims_by_item(vault: Vault, items: Sequence[Item],
                   evaluated: Callable[[], Sequence[ClaimResult]]) -> dict[Position, tuple[ClaimResult, ...]]:
    """The claims that belong to each item (by its position); `evaluated` is called only when the
    vault holds a code block, a code span or a table at all."""
    if not any(note.code_blocks or note.code_spans or note.tables for note in vault.notes):
        return {}
    claims = evaluated()
    return {item.position: found for item in items
            if (found := claims_of_item(item, vault.note(item.position.path), claims))}
