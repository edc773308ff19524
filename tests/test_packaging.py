"""Issue 12: the distribution is ours and declares what the package imports.

PEP 621 (pyproject.toml `[project]`): `name` is the distribution, `dependencies` and
`optional-dependencies` what pip installs; `vaulttool` on PyPI is an unrelated project, so the
distribution is `obsidian-vaulttool` while the command and the import package stay `vaulttool`.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from vaulttool.extras import DISTRIBUTION, EXTRAS

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    """PEP 503 normalised name of a requirement such as `PyYAML>=6.0`."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement)[0]).lower()


def _imported_modules() -> set[str]:
    """Top-level modules imported anywhere in the package (lazy imports included)."""
    found = set()
    for path in (ROOT / "tools" / "vaulttool").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"vaulttool", "__future__"}


def test_the_distribution_is_ours_and_the_command_is_vaulttool():
    assert PROJECT["name"] == DISTRIBUTION == "obsidian-vaulttool"
    assert PROJECT["scripts"] == {"vaulttool": "vaulttool.cli:run"}


def test_every_imported_package_is_declared():
    """markupsafe, for one, is imported by the renderers and must not ride on jinja2's requirement."""
    declared = {_name(r) for r in PROJECT["dependencies"]}
    extras = {_name(r) for name in ("anki", "plots", "watch", "fast") for r in PROJECT["optional-dependencies"][name]}
    distributions = packages_distributions()
    for module in sorted(_imported_modules()):
        names = {_name(d) for d in distributions.get(module, [module])}
        assert names & (declared | extras), f"{module} is imported but no dependency declares it"


def test_the_install_hints_name_the_extras_as_declared():
    """`vaulttool.extras` (the hints in error messages) and pyproject.toml name the same requirements,
    and the test extra installs every extra so that their code paths are tested."""
    optional = PROJECT["optional-dependencies"]
    for extra, (_, requirement) in EXTRAS.items():
        assert optional[extra] == [requirement]
        assert requirement in optional["test"]
    assert optional["fast"][0] in optional["test"]  # the compiled block pass, without a hint: it only speeds
