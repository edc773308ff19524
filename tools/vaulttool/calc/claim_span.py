"""Read a `nernst: …` or `ghk: …` code span → a calculation and its expectation.

    nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV
    ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04 => -60 mV ± 2

Fields are separated by commas (ions in a ghk span by semicolons). The labels `in` and `out`
are required: swapping them is the most common mistake. `=> value [± tol]` makes it a claim.
"""

from __future__ import annotations

import re

from vaulttool.calc.ghk import IonSpec
from vaulttool.calc.inputs import (
    Calculation,
    ClaimError,
    Expectation,
    GhkInput,
    NernstInput,
    on_line,
    read_expectation,
    read_valence,
)
from vaulttool.calc.ions import Ion, parse_ion
from vaulttool.calc.units import (
    UnitError,
    parse_concentration,
    parse_permeability,
    parse_quantity,
    parse_temperature,
)
from vaulttool.model import CodeSpan

NERNST_EXAMPLE = "`nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`"
GHK_EXAMPLE = "`ghk: 20 °C; K+ in 400 mM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04 => -60 mV ± 2`"

_ARROW = re.compile(r"=>|⇒")
_LABEL = re.compile(
    r"(?P<label>inside|outside|in|out|permeability|P|z|T|at)(?:\s*[:=]\s*|\s+)(?P<value>\S.*)",
    re.IGNORECASE,
)
_FIELDS = {"inside": "in", "outside": "out", "permeability": "p", "at": "t"}
_NAMES = {"in": "in", "out": "out", "p": "P", "z": "z", "t": "temperature"}


def span_calculator(text: str) -> str | None:
    """`nernst` or `ghk` if a code span's text is a calculator claim (`nernst: …`, any case)."""
    head, colon, _ = text.partition(":")
    calculator = head.strip().lower()
    return calculator if colon and calculator in ("nernst", "ghk") else None


def read_span(span: CodeSpan) -> tuple[Calculation, Expectation | None]:
    """The calculation a claim span asks for, and its expectation if any."""
    calculator = span_calculator(span.text)
    rest = span.text.partition(":")[2]
    line = span.position.line
    body, *expect = _ARROW.split(rest, maxsplit=1)
    expectation = None
    if expect:
        if not expect[0].strip():
            raise ClaimError(line, f"nothing after '=>'; write the expected value, e.g. {NERNST_EXAMPLE}")
        expectation = on_line(line, "expected value", read_expectation, expect[0].strip())
    reader = _nernst if calculator == "nernst" else _ghk
    return reader(body.strip(), line), expectation


def _nernst(body: str, line: int) -> NernstInput:
    fields, ion = _ion_part(body, line, ("in", "out", "z", "t"), NERNST_EXAMPLE)
    _require(fields, ("in", "out", "t"), line, ion.symbol, NERNST_EXAMPLE)
    return NernstInput(
        ion, *_concentrations(fields, line), on_line(line, "temperature", parse_temperature, fields["t"])
    )


def _ghk(body: str, line: int) -> GhkInput:
    temperature: float | None = None
    specs: list[IonSpec] = []
    for part in (part.strip() for part in body.split(";")):
        if not part:
            continue
        if _reads_as_temperature(part):
            if temperature is not None:
                raise ClaimError(line, f"two temperatures in one ghk span ({part!r})")
            temperature = on_line(line, "temperature", parse_temperature, _strip_label(part))
            continue
        specs.append(_ghk_ion(part, line))
        if sum(spec.ion == specs[-1].ion for spec in specs) > 1:
            raise ClaimError(line, f"{specs[-1].ion.pretty} is listed twice")
    if temperature is None:
        raise ClaimError(line, f"no temperature; write it like {GHK_EXAMPLE}")
    if not specs:
        raise ClaimError(line, f"no ions; write them like {GHK_EXAMPLE}")
    if all(spec.permeability == 0 for spec in specs):
        raise ClaimError(line, "every permeability is 0; at least one ion must permeate")
    return GhkInput(tuple(specs), temperature)


def _ghk_ion(part: str, line: int) -> IonSpec:
    fields, ion = _ion_part(part, line, ("in", "out", "p", "z"), GHK_EXAMPLE)
    _require(fields, ("in", "out", "p"), line, ion.symbol, GHK_EXAMPLE)
    return IonSpec(ion, *_concentrations(fields, line), on_line(line, "P", parse_permeability, fields["p"]))


def _concentrations(fields: dict[str, str], line: int) -> tuple[float, float]:
    """The `in` and `out` concentrations in mM."""
    return (
        on_line(line, "in", parse_concentration, fields["in"]),
        on_line(line, "out", parse_concentration, fields["out"]),
    )


def _ion_part(part: str, line: int, allowed: tuple[str, ...], example: str) -> tuple[dict[str, str], Ion]:
    """`K+ in 140 mM, out 5 mM, …` → its labelled fields and the ion (with `z` applied)."""
    first, *rest = part.split(",")
    words = first.split(maxsplit=1)
    if not words:
        raise ClaimError(line, f"no ion; write it like {example}")
    ion_name, *field = words
    fields = _fields([*field, *rest], line, allowed, example)
    valence = on_line(line, "z", read_valence, fields["z"]) if "z" in fields else None
    return fields, on_line(line, "ion", lambda text: parse_ion(text, valence), ion_name)


def _fields(texts: list[str], line: int, allowed: tuple[str, ...], example: str) -> dict[str, str]:
    """`label value` fields → {label: value}; an unlabelled temperature is `t`."""
    fields: dict[str, str] = {}
    for text in (piece.strip() for piece in texts):
        if not text:
            continue
        match = _LABEL.fullmatch(text)
        if match:
            label = match["label"].lower()
            label, value = _FIELDS.get(label, label), match["value"].strip()
        elif "t" in allowed and _reads_as_temperature(text):
            label, value = "t", text
        else:
            raise ClaimError(line, _unlabelled(text, example))
        if label not in allowed:
            raise ClaimError(line, f"{_NAMES[label]!r} does not belong here; write it like {example}")
        if label in fields:
            raise ClaimError(line, f"{_NAMES[label]!r} is given twice")
        fields[label] = value
    return fields


def _unlabelled(text: str, example: str) -> str:
    try:
        kind = parse_quantity(text).kind
    except UnitError as error:
        starts_with_number = text.lstrip("+-−.")[:1].isdigit()
        return str(error) if starts_with_number else f"cannot read {text!r}; write it like {example}"
    if kind == "concentration":
        return (
            f"{text!r} has no label: write `in {text}` or `out {text}` (the labels in and out are "
            f"required, swapping them is the most common mistake)"
        )
    if kind == "permeability":
        return f"{text!r} has no label: write `P {text}` for a permeability or `z {text}` for a valence"
    return f"{text!r} does not belong here; write it like {example}"


def _require(fields: dict[str, str], labels: tuple[str, ...], line: int, ion: str, example: str) -> None:
    missing = [_NAMES[label] for label in labels if label not in fields]
    if missing:
        raise ClaimError(line, f"{ion}: no {' and no '.join(repr(name) for name in missing)}; write it like {example}")


def _reads_as_temperature(text: str) -> bool:
    """Labelled `T …` or `at …`, or a bare quantity in a temperature unit."""
    stripped = _strip_label(text)
    if stripped != text.strip():
        return True
    try:
        parse_temperature(stripped)
    except UnitError:
        return False
    return True


def _strip_label(text: str) -> str:
    match = _LABEL.fullmatch(text.strip())
    return match["value"] if match and match["label"].lower() in ("t", "at") else text.strip()
