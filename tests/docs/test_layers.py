"""The import graph keeps the layers (docs/architecture.md): no circle, no arrow up, no import inside a function
but the optional or slow dependencies (each with a comment), no ``noqa: E402``, handlers that are peers, and a root
a newcomer can read. The checker itself is tested: an added forbidden import fails it."""

from __future__ import annotations

import shutil
from pathlib import Path

import importgraph
import pytest
from repo import ROOT

PACKAGE = ROOT / "mockserver"
OPERATIONS = "mockserver.xml.operations"
#: modules of mockserver/xml/operations/ that are not handlers: handlers may import these, never each other
NOT_HANDLERS = {OPERATIONS, f"{OPERATIONS}.registry", f"{OPERATIONS}.shared"}
#: the most modules the package's root may hold (docs/architecture.md)
ROOT_MODULES = 14


@pytest.fixture(scope="module")
def graph() -> importgraph.Graph:
    return importgraph.read(PACKAGE)


def test_every_module_is_in_a_layer(graph):
    for module in graph.modules:
        importgraph.layer(module)  # raises, naming the module, when it is in none


def test_no_import_circle(graph):
    assert importgraph.circles(graph) == []


def test_no_arrow_runs_up(graph):
    assert importgraph.upward(graph) == []


def test_only_optional_or_slow_dependencies_are_imported_inside_a_function(graph):
    assert importgraph.unexplained_lazy(graph) == []


def test_no_late_imports(graph):
    assert graph.late == []


def test_operation_handlers_are_peers(graph):
    """No module of the operations imports a handler module (one that declares ``@operation``): what handlers
    share is in shared.py or in a helper module beside them that declares none."""
    modules = {name for name in graph.modules if name.startswith(OPERATIONS + ".")} - NOT_HANDLERS
    handlers = {name for name in modules if "@operation(" in graph.modules[name].read_text(encoding="utf-8")}
    assert {f"{OPERATIONS}.meeting", f"{OPERATIONS}.ep"} <= handlers
    crossing = sorted(f"{source} imports {target}" for source in modules
                      for target in graph.edges[source] if target in handlers)
    assert crossing == []


def test_the_root_is_small_and_every_module_is_readable(graph):
    root = list(PACKAGE.glob("*.py"))
    assert len(root) <= ROOT_MODULES, sorted(p.name for p in root)
    long = {name: n for name, path in graph.modules.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "mockserver"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static"))
    return copy


@pytest.mark.parametrize(("module", "statement", "check"), [
    ("domain/store.py", "from ..xml import envelope", importgraph.upward),
    ("controls/journal.py", "from ..persistence import export", importgraph.upward),
    ("xml/intake.py", "from ..rest import __name__ as rest", importgraph.upward),
    ("base/redact.py", "from ..domain import sites", importgraph.upward),
    ("domain/sites.py", "from . import store", importgraph.circles),
])
def test_the_checker_fails_on_a_forbidden_import(tmp_path, module, statement, check):
    copy = _copy(tmp_path)
    assert check(importgraph.read(copy)) == []
    target = copy / module
    text = target.read_text(encoding="utf-8")
    head, tail = text.split("\nfrom __future__ import annotations\n", 1)
    target.write_text(f"{head}\nfrom __future__ import annotations\n\n{statement}\n{tail}", encoding="utf-8")
    assert check(importgraph.read(copy)) != []


def test_the_checker_fails_on_a_late_or_unexplained_lazy_import(tmp_path):
    copy = _copy(tmp_path)
    target = copy / "domain" / "links.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n\ndef later() -> None:\n    from . import store\n"
                      "    import json  # noqa: E402\n", encoding="utf-8")
    graph = importgraph.read(copy)
    assert any("from . import store" in line for line in importgraph.unexplained_lazy(graph))
    assert graph.late
