"""vaulttool: read an Obsidian vault of study notes and tell what is open, broken, wrong or worth revising.

From Python: `vaulttool.load("vault")` returns a `Vault` with `.notes`, `.diagnostics`,
`.hypotheses()`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from vaulttool.vault import Vault, VaultError, load

__all__ = ["Vault", "VaultError", "load", "__version__"]
