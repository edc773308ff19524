"""vaulttool: read an Obsidian vault of study notes and tell what is open, broken, wrong or worth revising.

From Python: `vaulttool.load("vault")` returns a `Vault` with `.notes`, `.problems`,
`.hypotheses()`. The names are imported on first use, so `vaulttool --help` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Vault", "VaultError", "load", "__version__"]

if TYPE_CHECKING:
    from vaulttool.vault import Vault, VaultError, load


def __getattr__(name: str) -> Any:
    if name in ("Vault", "VaultError", "load"):
        from vaulttool import vault

        return getattr(vault, name)
    raise AttributeError(f"module 'vaulttool' has no attribute {name!r}")
