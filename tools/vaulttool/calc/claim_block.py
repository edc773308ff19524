"""Read a ```nernst or ```ghk block: YAML `key: value` lines → a calculation and its expectation.

Values are read from the YAML text as written (so `permeability: 1`, `z: -1` and `37 °C` all
reach the unit table as text); every error names the note line it is on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import yaml

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
from vaulttool.calc.ions import parse_ion
from vaulttool.calc.units import (
    parse_concentration,
    parse_permeability,
    parse_temperature,
)
from vaulttool.model import CodeBlock

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
T = TypeVar("T")

EXAMPLES = {
    "ion": "ion: K+",
    "z": "z: -1",
    "inside": "inside: 140 mM",
    "outside": "outside: 5 mM",
    "temperature": "temperature: 37 °C",
    "expect": "expect: -89 mV ± 1",
    "permeability": "permeability: 0.04",
    "ions": "ions: {K+: {inside: 400 mM, outside: 20 mM, permeability: 1}}",
}
NERNST_KEYS = ("ion", "z", "inside", "outside", "temperature", "expect")
GHK_KEYS = ("temperature", "ions", "expect")
ION_KEYS = ("inside", "outside", "permeability", "z")
_HINTS = {
    "in": "inside",
    "out": "outside",
    "t": "temperature",
    "temp": "temperature",
    "expected": "expect",
    "valence": "z",
    "charge": "z",
    "p": "permeability",
    "perm": "permeability",
}


class _Entries:
    """A YAML mapping's keys with their note lines and their scalar values as written."""

    def __init__(
        self, node: yaml.Node, allowed: tuple[str, ...], where: str, body_line: int, line: int | None = None
    ) -> None:
        self.where, self.body_line = where, body_line
        node_line = body_line + node.start_mark.line
        self.line = node_line if line is None else line
        if not isinstance(node, yaml.MappingNode):
            raise ClaimError(node_line, f"{where} is a list of `key: value` lines ({', '.join(allowed)})")
        self.nodes: dict[str, yaml.Node] = {}
        self.lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = body_line + key_node.start_mark.line
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or not key:
                raise ClaimError(line, f"{where}: a key must be a plain name such as {(allowed or ('K+',))[0]}")
            if key in self.nodes:
                raise ClaimError(line, f"{where}: {key!r} is given twice (first on line {self.lines[key]})")
            if allowed and key not in allowed:
                raise ClaimError(
                    line, f"{where}: unknown key {key!r}{_suggest(key, allowed)}; it takes {', '.join(allowed)}"
                )
            self.nodes[key], self.lines[key] = value_node, line

    def node(self, key: str) -> yaml.Node:
        """The value of a required key."""
        if key not in self.nodes:
            raise ClaimError(self.line, f"{self.where} has no {key!r} (write e.g. `{EXAMPLES[key]}`)")
        return self.nodes[key]

    def text(self, key: str, required: bool = True) -> str | None:
        """The scalar value of `key` as written; None if it is absent and optional."""
        if key not in self.nodes and not required:
            return None
        node = self.node(key)
        if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
            raise ClaimError(self.lines[key], f"{key!r} needs a single value, e.g. `{EXAMPLES[key]}`")
        return node.value

    def read(self, key: str, parse: Callable[[str], T]) -> T:
        """Parse the value of a required key; a unit, ion or number error names its line."""
        text = self.text(key)
        assert text is not None  # a required key: `text` raised if it is absent
        return on_line(self.lines[key], key, parse, text)

    def read_optional(self, key: str, parse: Callable[[str], T]) -> T | None:
        text = self.text(key, required=False)
        return None if text is None else on_line(self.lines[key], key, parse, text)


def read_block(block: CodeBlock) -> tuple[Calculation, Expectation | None]:
    """The calculation a ```nernst or ```ghk block asks for, and its `expect` if any."""
    root = _compose(block)
    if block.language == "nernst":
        entries = _Entries(root, NERNST_KEYS, "a nernst block", block.body_line, block.position.line)
        valence = entries.read_optional("z", read_valence)
        calculation: Calculation = NernstInput(
            entries.read("ion", lambda text: parse_ion(text, valence)),
            entries.read("inside", parse_concentration),
            entries.read("outside", parse_concentration),
            entries.read("temperature", parse_temperature),
        )
    else:
        entries = _Entries(root, GHK_KEYS, "a ghk block", block.body_line, block.position.line)
        temperature = entries.read("temperature", parse_temperature)
        calculation = GhkInput(_ghk_ions(entries), temperature)
    return calculation, entries.read_optional("expect", read_expectation)


def _compose(block: CodeBlock) -> yaml.Node:
    try:
        root = yaml.compose(block.body, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = block.body_line + mark.line if mark else block.position.line
        problem = ", ".join(part for part in (error.context, error.problem) if part) or "cannot be read"
        hint = " (YAML indents with spaces, not tabs)" if "tab" in problem else ""
        raise ClaimError(line, f"malformed YAML: {problem}{hint}") from None
    except yaml.YAMLError as error:
        raise ClaimError(block.position.line, f"malformed YAML: {error}") from None
    if root is None:
        keys = NERNST_KEYS if block.language == "nernst" else GHK_KEYS
        raise ClaimError(block.position.line, f"the {block.language} block is empty; write {', '.join(keys)}")
    return root


def _ghk_ions(entries: _Entries) -> tuple[IonSpec, ...]:
    ions_node, ions_line = entries.node("ions"), entries.lines["ions"]
    if not isinstance(ions_node, yaml.MappingNode):
        raise ClaimError(ions_line, f"'ions' lists each ion by name, e.g. `{EXAMPLES['ions']}`")
    names = _Entries(ions_node, (), "'ions'", entries.body_line)
    specs: list[IonSpec] = []
    for name, node in names.nodes.items():
        line = names.lines[name]
        ion_entries = _Entries(node, ION_KEYS, name, entries.body_line, line)
        valence = ion_entries.read_optional("z", read_valence)
        ion = on_line(line, "ion", partial(parse_ion, z=valence), name)
        if any(spec.ion == ion for spec in specs):
            raise ClaimError(line, f"{ion.pretty} is listed twice under 'ions'")
        specs.append(
            IonSpec(
                ion,
                ion_entries.read("inside", parse_concentration),
                ion_entries.read("outside", parse_concentration),
                ion_entries.read("permeability", parse_permeability),
            )
        )
    if not specs:
        raise ClaimError(ions_line, f"'ions' is empty; write e.g. `{EXAMPLES['ions']}`")
    if all(spec.permeability == 0 for spec in specs):
        raise ClaimError(ions_line, "every permeability is 0; at least one ion must permeate")
    return tuple(specs)


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    hint = _HINTS.get(key.casefold())
    close = [hint] if hint in allowed else difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
