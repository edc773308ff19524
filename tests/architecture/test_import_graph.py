"""Issue 9: the package's modules import one another without a circle, and every module imports.

The graph is read with the standard library's `ast`: every `import vaulttool…` and
`from vaulttool… import …`, at module level or inside a function (a lazy import is still a
dependency), except those under `if TYPE_CHECKING:` (annotations only). A package's
`__init__` is a module like the others: importing `vaulttool.analyse.checks` is an edge to
`vaulttool.analyse.checks`, not to `vaulttool.analyse`.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tools" / "vaulttool"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return {name for name in found if name in MODULES}


def import_graph() -> dict[str, set[str]]:
    return {name: _imports(ast.parse(path.read_text(encoding="utf-8"))) - {name} for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports as a path `a → b → … → a`, or None (depth-first search)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_there_is_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_vault_imports_no_analysis_and_the_analyses_no_command():
    """Data flows one way: vault → analyse → render → commands (DESIGN.md)."""
    graph = import_graph()
    assert not {m for m in graph["vaulttool.vault"] if m.startswith(("vaulttool.analyse", "vaulttool.render"))}
    for name, imported in graph.items():
        if name.startswith(("vaulttool.analyse", "vaulttool.render", "vaulttool.parse", "vaulttool.calc")):
            assert not {m for m in imported if m.startswith(("vaulttool.commands", "vaulttool.cli"))}, name
        if name.startswith(("vaulttool.analyse", "vaulttool.parse", "vaulttool.calc")):
            assert not {m for m in imported if m.startswith("vaulttool.render")}, name


@pytest.mark.parametrize("name", sorted(set(MODULES) - {"vaulttool.__main__"}))  # __main__ runs the CLI
def test_every_module_imports(name):
    importlib.import_module(name)
