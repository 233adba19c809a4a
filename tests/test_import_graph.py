"""The caseweb modules import each other without a cycle (a cycle means two modules should be one,
or a shared piece belongs below both).

Every import statement counts, also those inside functions: a lazy import hides a cycle, it
does not remove it. Importing `a.b.c` runs `a/__init__` and `a/b/__init__` first, so it depends
on them too (a feature package's `__init__` imports all its views). Only the edge from a module
to its own package is left out: a blueprint package defines `bp` and then imports its views,
which use `bp`.
"""
import ast
from pathlib import Path

import caseweb

PKG = Path(caseweb.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> set[str]:
    """caseweb modules that `path` imports (a name imported from a package counts as its module, if it is one)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source)
    with_packages = set()
    for module in found:
        parts = module.split(".")
        with_packages.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
    return {m for m in with_packages if m in modules and m != name and not name.startswith(m + ".")}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PKG.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules) for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read():
    graph = import_graph()
    assert "caseweb.cases.guard" in graph["caseweb.cases.workflow"]
    assert "caseweb.cases.workflow" in graph["caseweb.cases.actions"]
    assert "caseweb.households" in graph["caseweb.cases.views_list"]  # its package runs first


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_caseweb_has_no_import_cycle():
    assert cycles(import_graph()) == []
