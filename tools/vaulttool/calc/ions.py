"""Ions: a formula and a valence, read from names such as `K+`, `Cl-`, `Ca2+`, `Ca+2`, `HCO3-`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*)+")
_NAME = re.compile(r"(?P<head>[A-Za-z0-9]+?)(?:(?P<signs>\++|-+)|(?P<sign>[+-])(?P<count>[1-9]))?")
_WRAPPERS = re.compile(r"[\^{}()]")  # `Ca^{2+}`, `Ca^2+`, `Ca(2+)` are `Ca2+`
_TO_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉−", "0123456789+-0123456789-")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_EXAMPLES = "K+, Na+, Cl-, Ca2+, Ca++, Ca+2, Mg2+, H+, HCO3-"
_SYMBOL = re.compile(r"[A-Z][a-z]?")
ELEMENTS = frozenset(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr "
    "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb "
    "Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr "
    "Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og".split()
)
"""The 118 element symbols (IUPAC): an ion's formula must be made of them."""

COMMON_VALENCES: dict[str, int] = {
    "H": 1,
    "Li": 1,
    "Na": 1,
    "K": 1,
    "Rb": 1,
    "Cs": 1,
    "NH4": 1,
    "Mg": 2,
    "Ca": 2,
    "Sr": 2,
    "Ba": 2,
    "Mn": 2,
    "Zn": 2,
    "Cd": 2,
    "F": -1,
    "Cl": -1,
    "Br": -1,
    "I": -1,
    "OH": -1,
    "HCO3": -1,
    "NO3": -1,
    "H2PO4": -1,
    "SO4": -2,
    "HPO4": -2,
}
"""Usual valence of common ions, by formula; used for bare names and to read `HCO3-` vs `Ca2+`."""


class IonError(ValueError):
    """An ion name that cannot be read, or an invalid valence."""


@dataclass(frozen=True, slots=True)
class Ion:
    """An ion: its formula (`Ca`, `HCO3`) and its non-zero valence."""

    name: str
    valence: int  # the valence the computation uses
    written: int | None = None  # the charge the name gave, when an explicit z overrides it

    def __post_init__(self) -> None:
        if not _FORMULA.fullmatch(self.name):
            raise IonError(f"ion formula {self.name!r} does not look chemical (e.g. K, Ca, HCO3)")
        _require_valence(self.valence)

    @property
    def charge(self) -> int:
        """The charge the ion is named with: as written, even when z overrides the valence."""
        return self.valence if self.written is None else self.written

    @property
    def symbol(self) -> str:
        """ASCII name with charge: `Ca2+`, `Cl-`."""
        size = abs(self.charge)
        return f"{self.name}{'' if size == 1 else size}{'+' if self.charge > 0 else '-'}"

    @property
    def pretty(self) -> str:
        """Typeset name for messages: `Ca²⁺`, `Cl⁻`, `HCO₃⁻`."""
        size = abs(self.charge)
        charge = ("" if size == 1 else str(size)).translate(_SUPERSCRIPT)
        return f"{self.name.translate(_SUBSCRIPT)}{charge}{'⁺' if self.charge > 0 else '⁻'}"

    def __str__(self) -> str:
        return self.pretty


def parse_ion(text: str, z: int | None = None) -> Ion:
    """Read an ion from a name like `Ca2+`, `Ca++`, `Ca+2`, `Ca^{2+}`, `Cl⁻`; an explicit `z`
    overrides the valence the computation uses, not the name (`Cl-` with z = 1 is still Cl⁻)."""
    if z is not None:
        _require_valence(z)
    compact = _WRAPPERS.sub("", "".join(text.split()).translate(_TO_ASCII))
    match = _NAME.fullmatch(compact)
    if match is None:
        raise IonError(f"cannot read an ion from {text!r}; write a formula and a charge, e.g. {_EXAMPLES}")
    valence: int | None
    if match["sign"]:  # `Ca+2`, `SO4-2`: the sign before the size of the charge
        formula, valence = match["head"], int(match["count"]) * (1 if match["sign"] == "+" else -1)
    else:
        formula, valence = _read(match["head"], match["signs"] or "")
    if not _FORMULA.fullmatch(formula):
        raise IonError(f"{text!r} does not start with a chemical formula; write e.g. {_EXAMPLES}")
    if z is None and valence is None:
        raise IonError(f"{text!r} has no charge; write it like {_EXAMPLES} or give z")
    unknown = [symbol for symbol in _SYMBOL.findall(formula) if symbol not in ELEMENTS]
    if unknown:
        raise IonError(
            f"unknown ion {text.strip()!r}: {unknown[0]!r} is not a chemical element; write e.g. {_EXAMPLES}"
        )
    if z is None:
        return Ion(formula, valence)  # type: ignore[arg-type]
    return Ion(formula, z, valence if valence is not None and valence != z else None)


def _read(head: str, signs: str) -> tuple[str, int | None]:
    """Split a name into formula and valence; `Ca2+` is Ca²⁺ but `HCO3-` is HCO₃⁻."""
    if not signs:
        return head, COMMON_VALENCES.get(head)
    sign = 1 if signs[0] == "+" else -1
    if len(signs) > 1 or head[-1] not in "123456789":
        return head, sign * len(signs)
    stripped = head[:-1]
    if head in COMMON_VALENCES and stripped not in COMMON_VALENCES:
        return head, sign
    return stripped, sign * int(head[-1])


def _require_valence(valence: int) -> None:
    if isinstance(valence, bool) or not isinstance(valence, int) or valence == 0:
        raise IonError(f"valence must be a non-zero integer, got {valence!r}")
