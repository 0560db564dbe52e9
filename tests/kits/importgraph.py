"""The import graph of the ``mockserver`` package, read from the source (ast), and the layer contract it keeps.

Layers, top to bottom (docs/architecture.md): a module imports only from its own layer or a lower one.

1. entry points: the package itself, ``__main__``, ``app``, ``cli``, ``endpoint``, ``serving/``, ``logs``,
   ``faces``, ``pytest_plugin``, ``fixture/``, ``admin/``
2. the faces: ``xml/`` and ``rest/`` (never each other)
3. ``controls/`` and ``persistence/`` (persistence may read controls, never the other way round)
4. ``domain/``
5. the base: ``base/``, ``config``, ``resources``
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ENTRY, FACES, CONTROLS, DOMAIN, BASE = 1, 2, 3, 4, 5
LAYER_NAMES = {ENTRY: "entry points", FACES: "faces", CONTROLS: "controls and persistence", DOMAIN: "domain",
               BASE: "base"}
#: the first matching prefix decides (longest first)
LAYERS = {
    "mockserver.xml": FACES, "mockserver.rest": FACES,
    "mockserver.controls": CONTROLS, "mockserver.persistence": CONTROLS,
    "mockserver.domain": DOMAIN,
    "mockserver.base": BASE, "mockserver.config": BASE, "mockserver.resources": BASE,
    "mockserver.fixture": ENTRY, "mockserver.admin": ENTRY,
    "mockserver.app": ENTRY, "mockserver.cli": ENTRY, "mockserver.endpoint": ENTRY, "mockserver.serving": ENTRY,
    "mockserver.logs": ENTRY, "mockserver.faces": ENTRY, "mockserver.pytest_plugin": ENTRY,
    "mockserver.__main__": ENTRY, "mockserver": ENTRY,
}
#: pairs of the same layer that must not meet: (importer prefix, imported prefix)
SIBLINGS_APART = (("mockserver.xml", "mockserver.rest"), ("mockserver.rest", "mockserver.xml"),
                  ("mockserver.controls", "mockserver.persistence"))
#: imports allowed inside a function: optional or slow dependencies, each with a comment saying why
LAZY_ALLOWED = {"httpx", "xmlschema"}


@dataclass
class Graph:
    modules: dict[str, Path] = field(default_factory=dict)
    edges: dict[str, set[str]] = field(default_factory=dict)
    #: (module, line, the import statement) of imports inside a function
    lazy: list[tuple[str, int, str]] = field(default_factory=list)
    #: (module, line) of every ``noqa: E402``
    late: list[tuple[str, int]] = field(default_factory=list)

    @property
    def arrows(self) -> int:
        return sum(len(targets) for targets in self.edges.values())


def layer(module: str) -> int:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    raise KeyError(f"{module} is in no layer: add it to tests/kits/importgraph.py LAYERS and docs/architecture.md")


def _module_name(root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if package else parts), package


def _target(node: ast.ImportFrom, module: str, package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base) + (f".{node.module}" if node.module else "")


def read(root: Path) -> Graph:
    """The graph of the package at ``root`` (its directory)."""
    graph = Graph()
    parsed = {}
    for path in sorted(root.rglob("*.py")):
        name, package = _module_name(root, path)
        graph.modules[name] = path
        parsed[name] = (ast.parse(path.read_text(encoding="utf-8")), package)
    for name, (tree, package) in parsed.items():
        targets = graph.edges.setdefault(name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _target(node, name, package)
                found = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in graph.modules]
                targets.update(found or ([target] if target in graph.modules else []))
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names if alias.name in graph.modules)
        targets.discard(name)
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    graph.lazy.append((name, node.lineno, ast.unparse(node)))
        for number, line in enumerate(graph.modules[name].read_text(encoding="utf-8").splitlines(), start=1):
            if "noqa" in line and "E402" in line:
                graph.late.append((name, number))
    return graph


def circles(graph: Graph) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph.modules:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def upward(graph: Graph) -> list[str]:
    """Every arrow from a lower layer up, or between siblings that must stay apart, as text."""
    wrong = []
    for source, targets in sorted(graph.edges.items()):
        for target in sorted(targets):
            if layer(target) < layer(source):
                wrong.append(f"{source} ({LAYER_NAMES[layer(source)]}) imports {target} "
                             f"({LAYER_NAMES[layer(target)]}), a higher layer")
            for importer, imported in SIBLINGS_APART:
                if _under(source, importer) and _under(target, imported):
                    wrong.append(f"{source} imports {target}: {importer} never imports {imported}")
    return wrong


def unexplained_lazy(graph: Graph) -> list[str]:
    """Imports inside a function other than the optional or slow dependencies, or without a comment saying why."""
    wrong = []
    for module, line, statement in graph.lazy:
        words = statement.replace(",", " ").split()
        named = words[1].split(".")[0] if words[0] == "import" else words[1].split(".")[0]
        text = graph.modules[module].read_text(encoding="utf-8").splitlines()
        commented = any("#" in text[i] for i in range(max(0, line - 3), line))
        if named not in LAZY_ALLOWED or not commented:
            wrong.append(f"{module}:{line}: {statement}")
    return wrong


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def counts(graph: Graph, packages: Iterable[str] = ()) -> dict[str, int]:
    return {"modules": len(graph.modules), "arrows": graph.arrows, "circles": len(circles(graph)),
            "arrows up": len(upward(graph)), "function-level imports": len(graph.lazy), "noqa E402": len(graph.late)}
