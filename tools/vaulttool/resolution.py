"""Where a link leads: the `Resolution` that `resolve.Resolver` makes for each link.

A module of its own so that `resolve` can be compiled (`hatch_build.py`): msgspec builds a Struct
from its annotations, which a compiled module does not keep.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from vaulttool.model import BlockId, Heading, Link
from vaulttool.rules import Code

Scope = Literal["vault", "external", "foreign", "other"]
TieBreak = Literal["folder", "shortest", "order"]


class Resolution(Struct, frozen=True, array_like=True, gc=False):
    """Where one link of `source` leads (a `Struct`: a vault has as many as links, made quickly).

    `scope`: `vault` (a link into this vault, checked), `external` (a URL, not checked), `foreign`
    (an `obsidian://` URI naming another vault), `other` (an `obsidian://` action that opens no file).
    `problem` is the diagnostic code of a broken link (`missing-note`, `missing-heading`, …).
    `candidates` lists every file the name matched when Obsidian had to choose among several;
    `tie_break` says how it chose: `folder` (the one in the linking note's folder), `shortest`
    (the shortest path) or `order` (shortest paths tied: the one that sorts first).
    """

    source: str
    link: Link
    scope: Scope = "vault"
    target: str | None = None
    heading: Heading | None = None
    block: BlockId | None = None
    problem: Code | None = None
    candidates: tuple[str, ...] = ()
    case_exact: bool = True
    tie_break: TieBreak | None = None
