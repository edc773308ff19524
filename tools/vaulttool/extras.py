"""The optional extras of the `obsidian-vaulttool` distribution, and the one-line hint that installs one.

The distribution is `obsidian-vaulttool` (the name `vaulttool` on PyPI is another project); the
command and the import package are `vaulttool`. The hint names the interpreter that runs vaulttool,
so the package lands where it is needed however vaulttool was installed (a clone, a git URL, pipx).
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from vaulttool.errors import VaulttoolError

DISTRIBUTION = "obsidian-vaulttool"
HOMEPAGE = f"https://pypi.org/project/{DISTRIBUTION}/"  # SARIF's informationUri
EXTRAS: dict[str, tuple[str, str]] = {  # extra → (module imported, requirement): as in pyproject.toml
    "anki": ("genanki", "genanki>=0.13"),
    "plots": ("matplotlib", "matplotlib>=3.8.4"),
    "watch": ("watchfiles", "watchfiles>=0.21"),
}


class ExtraMissing(VaulttoolError):
    """An optional package a feature needs is not installed."""


def install_hint(extra: str) -> str:
    """`python -m pip install 'genanki>=0.13'`, with the interpreter that runs vaulttool."""
    return f"{sys.executable or 'python3'} -m pip install '{EXTRAS[extra][1]}'"


def require(extra: str, feature: str) -> ModuleType:
    """Import the module of `extra`, or raise `ExtraMissing` with the hint that installs it."""
    module = EXTRAS[extra][0]
    try:
        return import_module(module)
    except ImportError:
        raise ExtraMissing(
            f"{feature} needs {module}, from {DISTRIBUTION}'s {extra!r} extra: {install_hint(extra)}"
        ) from None


def installed(extra: str) -> str | None:
    """The version of `extra`'s module when it can be imported, else None: what an output drawn
    with it (the report's charts) depends on."""
    from importlib import metadata, util

    module = EXTRAS[extra][0]
    try:
        if util.find_spec(module) is None:
            return None
        return metadata.version(module)
    except (ImportError, ValueError):  # a broken or blocked module
        return None
    except metadata.PackageNotFoundError:  # importable but not installed as a distribution
        return "unknown"
