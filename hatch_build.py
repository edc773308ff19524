"""Build hook: a wheel with the parse and lifecycle modules compiled by mypyc, when asked.

With `VAULTTOOL_COMPILE=1` in the environment, building a wheel (`pip install .`) compiles the
modules that `[tool.hatch.build.targets.wheel.hooks.custom] compile` lists, in a copy of the
package in a temporary folder (nothing is written beside the sources, where a compiled module
would shadow the file being edited), and puts the extension modules into the wheel beside their
sources: Python imports a module's extension before its source. Without it, or for an editable
install, the wheel is pure Python, as before. mypyc ships with mypy (https://mypyc.readthedocs.io);
it compiles the same typed sources, so both builds give the same results (`tests/test_compiled.py`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SWITCH = "VAULTTOOL_COMPILE"


class CompiledModules(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def _wanted(self) -> bool:
        return self.target_name == "wheel" and os.environ.get(SWITCH) == "1"

    def dependencies(self) -> list[str]:
        """What compiling needs: mypy, the stubs and packages it reads the types of, setuptools."""
        if not self._wanted():
            return []
        return ["mypy>=1.13", "types-PyYAML>=6.0", "setuptools>=70", *self.metadata.core.dependencies]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if not self._wanted():
            return
        if version == "editable":
            self.app.display_warning(
                f"{SWITCH}=1: an editable install stays pure Python (its sources are read in place)"
            )
            return
        modules: list[str] = self.config["compile"]
        self._scratch = tempfile.mkdtemp(prefix="vaulttool-mypyc-")
        tree = Path(self._scratch)
        shutil.copytree(
            Path(self.root) / "tools" / "vaulttool", tree / "vaulttool", ignore=shutil.ignore_patterns("__pycache__")
        )
        self.app.display_info(f"compiling {len(modules)} modules with mypyc")
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", "--ignore-missing-imports", *modules],
            cwd=tree,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"mypyc failed:\n{done.stdout}{done.stderr}")
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = [*tree.glob(f"*{suffix}"), *(tree / "vaulttool").rglob(f"*{suffix}")]  # mypyc's shared library first
        if len(built) < len(modules):
            raise RuntimeError(f"mypyc built {len(built)} extension modules for {len(modules)} sources")
        for extension in built:
            build_data["force_include"][str(extension)] = extension.relative_to(tree).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
