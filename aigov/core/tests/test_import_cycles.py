"""No import circle inside one app, counting imports made inside functions too.

A circle that Python tolerates today (because one side imports lazily) still ties the modules
together: neither can be read, tested or moved without the other, and the next module-level
import turns it into an ImportError. The graph is read from the source (AST), so an import in
a function body counts exactly like one at the top of the file; imports under
`if TYPE_CHECKING:` never run and are left out. Importing `a.b.c` runs `a/b/__init__.py`
first, but that implicit step is not an edge: a package's `__init__` re-exporting its
submodules is not a circle with them; a submodule importing its own package explicitly is.
"""

import ast
from pathlib import Path

import pytest

AIGOV = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {"tests", "migrations", "locale", "templates", "static"}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(app: Path) -> dict[str, Path]:
    """Return every module of the app (its package included) by dotted name."""
    return {
        module_name(path, AIGOV): path
        for path in sorted(app.rglob("*.py"))
        if not SKIPPED_DIRECTORIES.intersection(path.relative_to(app).parts[:-1])
    }


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Return every import statement in the tree except those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the modules among `known` that the module `name` imports anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            targets.add(submodule if submodule in known else base)
    return {target for target in targets if target in known and target != name}


def import_graph(app: Path) -> dict[str, set[str]]:
    modules = app_modules(app)
    known = set(modules)
    return {name: imported_modules(name, path, known) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = lowest[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                lowest[node] = min(lowest[node], lowest[target])
            elif target in on_stack:
                lowest[node] = min(lowest[node], index[target])
        if lowest[node] == index[node]:
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
            connect(node)
    return found


APPS = sorted(path.parent for path in AIGOV.glob("*/__init__.py"))


@pytest.mark.parametrize("app", APPS, ids=[app.name for app in APPS])
def test_no_import_circle_inside_an_app(app: Path):
    found = circles(import_graph(app))
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_graph_sees_function_level_and_relative_imports(tmp_path: Path):
    app = tmp_path / "aigov" / "demoapp"
    (app / "services").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "tasks.py").write_text("def run():\n    from aigov.demoapp import services\n")
    (app / "services" / "__init__.py").write_text("from .writes import save\n")
    (app / "services" / "writes.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from aigov.demoapp import notes\n"
        "def save():\n    from aigov.demoapp.tasks import run\n"
    )
    (app / "notes.py").write_text("from aigov.demoapp.services import writes\n")
    modules = {module_name(path, tmp_path / "aigov"): path for path in sorted(app.rglob("*.py"))}
    known = set(modules)
    graph = {name: imported_modules(name, path, known) for name, path in modules.items()}

    assert graph["aigov.demoapp.services"] == {"aigov.demoapp.services.writes"}
    assert graph["aigov.demoapp.services.writes"] == {"aigov.demoapp.tasks"}
    assert graph["aigov.demoapp.notes"] == {"aigov.demoapp.services.writes"}
    assert circles(graph) == [
        ["aigov.demoapp.services", "aigov.demoapp.services.writes", "aigov.demoapp.tasks"]
    ]
