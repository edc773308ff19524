"""vaulttool: read an Obsidian vault of study notes and tell what is open, broken, wrong or worth revising.

From Python:

    vault = vaulttool.load("vault")          # a Vault: settings, notes, files (data)
    analysis = vaulttool.Analysis(vault)     # everything derived, each computed once
    analysis.items, analysis.diagnostics(), analysis.claims, analysis.graph

The names are imported on first use, so `vaulttool --help` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "vaulttool.vault",
    "Vault": "vaulttool.vault",
    "VaultError": "vaulttool.vault",
    "Analysis": "vaulttool.analyse",
    "VaulttoolError": "vaulttool.errors",
    "Position": "vaulttool.model",
    "Note": "vaulttool.model",
    "Item": "vaulttool.model",
    "Finding": "vaulttool.model",
    "Link": "vaulttool.model",
    "Tag": "vaulttool.model",
    "Heading": "vaulttool.model",
    "BlockId": "vaulttool.model",
    "Code": "vaulttool.rules",
    "Severity": "vaulttool.rules",
    "RULES": "vaulttool.rules",
}
__all__ = [
    "RULES",
    "Analysis",
    "BlockId",
    "Code",
    "Finding",
    "Heading",
    "Item",
    "Link",
    "Note",
    "Position",
    "Severity",
    "Tag",
    "Vault",
    "VaultError",
    "VaulttoolError",
    "__version__",
    "load",
]

if TYPE_CHECKING:
    from vaulttool.analyse import Analysis
    from vaulttool.errors import VaulttoolError
    from vaulttool.model import (
        BlockId,
        Finding,
        Heading,
        Item,
        Link,
        Note,
        Position,
        Tag,
    )
    from vaulttool.rules import RULES, Code, Severity
    from vaulttool.vault import Vault, VaultError, load


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'vaulttool' has no attribute {name!r}")
