"""Project checks that ruff and the import contracts cannot express (run by `make lint`).

`lint-imports` checks the imports against `.importlinter`: the layers, and modules reaching each
other only through their services and selectors. This file reads the syntax tree of every
module, so that no spelling, spacing or line break hides what it looks for:

- views and API modules use no model manager and build no query; they call selectors and
  services (`.objects`, `._default_manager`, `get_object_or_404()`, `.filter()`, ...);
- role checks live only in the rules files, so that a page, the API and the command line
  cannot decide differently: reading `.is_superuser` or `.is_staff`, comparing with a member of
  accounts' `Role` (or a role's slug with something named after roles), querying by role
  (`.filter(role="expert")`), importing `aigov.accounts.predicates`;
- no import by string (`importlib`, `__import__`, `import_string`, `get_model`) outside
  migrations: the import contracts see only real imports;
- templates read no role flag and no manager;
- every app under `aigov/` is in the layers contract, and every app of the modules' layer in the
  interfaces contract, so a new module is checked from its first commit.

Each problem is printed as `path:line: message`; the exit status is 1 when there is any.
"""

import ast
import configparser
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.template.base import Lexer, TokenType

PACKAGE = Path(__file__).resolve().parent.parent
CONTRACTS_FILE = PACKAGE.parent / ".importlinter"

# Where roles may be read: the rules, what they are built from, the admin (Django's own staff
# flags), migrations and tests. Everything else asks `aigov.accounts.access`.
ROLE_FILES = {"accounts/predicates.py", "accounts/access.py", "accounts/models.py"}
# permissions.py, admin.py, or packages so named; demo data generators make role holders to fill
# a world, as tests do, and decide nobody's rights.
ROLE_NAMES = {"permissions", "admin", "demo"}
ROLE_FLAGS = {"is_superuser", "is_staff"}
ROLE_QUERIES = {"filter", "exclude", "get", "Q"}
ROLE_CLASS = "aigov.accounts.models.Role"
PREDICATES = "aigov.accounts.predicates"
# Dropping the cached roles after a role changes reads none, so the role services may do it.
ROLE_CACHE_HELPERS = {"forget_roles"}

MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERY_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
# QuerySet methods with no everyday meaning elsewhere (dict.values, str.count and the like are
# left out so the check never cries wolf). `.all()` is left out too: on a relation, it reads
# what the selector prefetched.
QUERY_METHODS = {
    "aggregate",
    "alias",
    "annotate",
    "bulk_create",
    "bulk_update",
    "defer",
    "difference",
    "distinct",
    "earliest",
    "exclude",
    "extra",
    "filter",
    "first",
    "get_or_create",
    "in_bulk",
    "intersection",
    "last",
    "latest",
    "only",
    "order_by",
    "prefetch_related",
    "raw",
    "select_for_update",
    "select_related",
    "union",
    "update_or_create",
    "values_list",
}
DYNAMIC_IMPORTS = {"import_module", "__import__", "import_string", "get_model"}
APP_NAME = re.compile(r"\baigov\.\w+")
TEMPLATE_WORDS = re.compile(r"\b(is_superuser|is_staff|objects|_default_manager|_base_manager)\b")

# Known problems in files another change is rewriting this session, by (file, kind): the kind's
# problems in that file are not reported. An allowance that hides nothing is reported itself, so
# each goes as soon as its file is fixed or moved.
ALLOWANCES = {
    # The staff-or-secretariat test of the TOTP requirement (lines 10 and 65) becomes a rule in
    # accounts/permissions.py; the middleware is being reworked with the actor kinds.
    ("accounts/middleware.py", "role"): "issue 16, part 1",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def is_view_or_api(relative: Path) -> bool:
    """Views and API modules: `views.py`, `api.py`, `*_views.py`, `*_api.py`, and the modules of
    `views/` or `api/` packages (not `reviews.py`, which only ends like one)."""
    stem = relative.stem
    return (
        stem in {"views", "api"}
        or stem.endswith(("_views", "_api"))
        or bool({"views", "api"} & set(relative.parts[:-1]))
    )


def may_check_roles(relative: Path) -> bool:
    return (
        relative.as_posix() in ROLE_FILES
        or relative.stem in ROLE_NAMES
        or bool(ROLE_NAMES & set(relative.parts[:-1]))
    )


class Imports:
    """What each name an import binds in one module stands for (`Role` ->
    `aigov.accounts.models.Role`), with relative imports resolved."""

    def __init__(self, tree: ast.Module, module: str, is_package: bool) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.names: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`.
                    bound = alias.asname or alias.name.split(".")[0]
                    self.names[bound] = alias.name if alias.asname else bound
            elif isinstance(node, ast.ImportFrom):
                source = self.source(node)
                for alias in node.names:
                    self.names[alias.asname or alias.name] = f"{source}.{alias.name}"

    def source(self, node: ast.ImportFrom) -> str:
        """Return the absolute name of the module a `from ... import` reads from."""
        if not node.level:
            return node.module or ""
        parts = self.package.split(".")
        parts = parts[: len(parts) - (node.level - 1)]
        return ".".join([*parts, node.module] if node.module else parts)

    def modules(self, node: ast.Import | ast.ImportFrom) -> list[str]:
        """Return each module or module member an import statement names."""
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        source = self.source(node)
        return [source, *(f"{source}.{alias.name}" for alias in node.names)]

    def dotted(self, node: ast.expr) -> str | None:
        """Return the full dotted name an expression stands for, when the imports tell."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None


def role_slugs(package: Path) -> set[str]:
    """Return the values of accounts' Role choices, read from the source (no Django set-up)."""
    tree = ast.parse((package / "accounts" / "models.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Role":
            return {
                statement.value.elts[0].value
                for statement in node.body
                if isinstance(statement, ast.Assign)
                and isinstance(statement.value, ast.Tuple)
                and isinstance(statement.value.elts[0], ast.Constant)
                and isinstance(statement.value.elts[0].value, str)
            }
    return set()


def _named_after_roles(node: ast.expr) -> bool:
    """Whether an expression is named after roles (`role`, `user.roles`, `role_slugs(user)`)."""
    while isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return "role" in node.attr.lower() or _named_after_roles(node.value)
    return isinstance(node, ast.Name) and "role" in node.id.lower()


def _attribute(node: ast.AST) -> str | None:
    """Return the attribute an expression reads, written `x.name` or `getattr(x, "name")`."""
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    ):
        return node.args[1].value
    return None


def _called(node: ast.Call) -> str | None:
    """Return the name of what a call calls: `f()`, `x.f()` or `getattr(x, "f")()`."""
    if isinstance(node.func, ast.Name):
        return node.func.id
    return _attribute(node.func)


def _elements(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [leaf for element in node.elts for leaf in _elements(element)]
    return [node]


class ModuleCheck:
    """The problems of one Python module."""

    def __init__(self, path: Path, package: Path, slugs: set[str]) -> None:
        self.relative = path.relative_to(package)
        self.shown = path.relative_to(package.parent).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        self.imports = Imports(self.tree, ".".join(parts[:-1] if is_package else parts), is_package)
        self.slugs = slugs

    def problem(self, node: ast.AST, kind: str, message: str) -> Problem:
        return Problem(self.shown, getattr(node, "lineno", 1), message, kind)

    def problems(self) -> Iterator[Problem]:
        roles = not may_check_roles(self.relative)
        queries = is_view_or_api(self.relative)
        for node in ast.walk(self.tree):
            if roles:
                yield from self.role_checks(node)
            if queries:
                yield from self.queries(node)
            yield from self.dynamic_imports(node)

    def is_role_member(self, node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr.isupper()
            and self.imports.dotted(node.value) == ROLE_CLASS
        )

    def is_role(self, node: ast.expr) -> bool:
        """Whether an expression is a role: a member of accounts' Role or a role's slug."""
        return self.is_role_member(node) or (
            isinstance(node, ast.Constant) and node.value in self.slugs
        )

    def role_checks(self, node: ast.AST) -> Iterator[Problem]:
        attribute = _attribute(node)
        if attribute in ROLE_FLAGS:
            message = f"role check outside the rules files: .{attribute}"
            yield self.problem(node, "role", message)
        elif isinstance(node, ast.Compare):
            operands = [leaf for side in (node.left, *node.comparators) for leaf in _elements(side)]
            with_member = any(self.is_role_member(operand) for operand in operands)
            with_slug = any(
                isinstance(operand, ast.Constant) and operand.value in self.slugs
                for operand in operands
            ) and any(_named_after_roles(operand) for operand in operands)
            if with_member or with_slug:
                yield self.problem(
                    node, "role", "role check outside the rules files: a comparison with a role"
                )
        elif isinstance(node, ast.Call) and _called(node) in ROLE_QUERIES:
            # user.role_assignments.filter(role="secretariat") asks the same as Role.X in ...
            if any(
                "role" in (keyword.arg or "")
                and any(self.is_role(value) for value in _elements(keyword.value))
                for keyword in node.keywords
            ):
                yield self.problem(
                    node, "role", "role check outside the rules files: a query by role"
                )
        elif isinstance(node, ast.Import | ast.ImportFrom):
            if isinstance(node, ast.ImportFrom) and self.imports.source(node) == PREDICATES:
                reads = any(alias.name not in ROLE_CACHE_HELPERS for alias in node.names)
            else:
                reads = any(
                    name == PREDICATES or name.startswith(f"{PREDICATES}.")
                    for name in self.imports.modules(node)
                )
            if reads:
                yield self.problem(
                    node, "role", f"role check outside the rules files: imports {PREDICATES}"
                )

    def queries(self, node: ast.AST) -> Iterator[Problem]:
        attribute = _attribute(node)
        if attribute in MANAGERS:
            message = f"model manager in a view or API module: .{attribute}"
            yield self.problem(node, "query", message)
        elif isinstance(node, ast.Call):
            called = _called(node)
            if called in QUERY_SHORTCUTS:
                yield self.problem(node, "query", f"query in a view or API module: {called}()")
            elif called in QUERY_METHODS and not isinstance(node.func, ast.Name):
                yield self.problem(node, "query", f"query in a view or API module: .{called}()")

    def dynamic_imports(self, node: ast.AST) -> Iterator[Problem]:
        message = "import by string ({}): the import contracts cannot see it"
        if isinstance(node, ast.Call) and _called(node) in DYNAMIC_IMPORTS:
            yield self.problem(node, "import", message.format(_called(node)))
        elif isinstance(node, ast.Import | ast.ImportFrom) and any(
            name.split(".")[0] == "importlib" for name in self.imports.modules(node)
        ):
            yield self.problem(node, "import", message.format("importlib"))


def check_template(path: Path, package: Path) -> Iterator[Problem]:
    """Yield the role flags and managers a template's variables and tags read."""
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            found = TEMPLATE_WORDS.search(token.contents)
            if found:
                yield Problem(
                    path.relative_to(package.parent).as_posix(),
                    token.lineno or 1,
                    f"role flag or manager in a template: {found.group(0)}",
                    "template",
                )


def check_contracts(package: Path, contracts_file: Path) -> Iterator[Problem]:
    """Yield each app the layers contract, or the interfaces contract, leaves out."""
    config = configparser.ConfigParser()
    config.read(contracts_file, encoding="utf-8")
    layers_option = config.get("importlinter:contract:layers", "layers", fallback="")
    interfaces_option = config.get("importlinter:contract:interfaces", "modules", fallback="")
    layers = [set(APP_NAME.findall(line)) for line in layers_option.splitlines()]
    interfaces = set(APP_NAME.findall(interfaces_option))
    modules_layer = next((layer for layer in layers if layer & interfaces), set())
    shown = contracts_file.name
    for apps_file in sorted(package.glob("*/apps.py")):
        app = f"aigov.{apps_file.parent.name}"
        if not any(app in layer for layer in layers):
            yield Problem(shown, 1, f"{app} is an app but no layer names it", "contracts")
        elif (app in modules_layer) != (app in interfaces):
            yield Problem(
                shown,
                1,
                f"{app}: the modules' layer and the interfaces contract must both name it",
                "contracts",
            )


def _skipped(relative: Path) -> bool:
    return bool({"tests", "migrations"} & set(relative.parts))


def problems(
    package: Path = PACKAGE,
    contracts_file: Path = CONTRACTS_FILE,
    allowances: dict[tuple[str, str], str] = ALLOWANCES,
) -> list[Problem]:
    """Return every problem under `package`, `allowances` applied (a stale one is a problem)."""
    slugs = role_slugs(package)
    found: list[Problem] = []
    for path in sorted(package.rglob("*.py")):
        if not _skipped(path.relative_to(package)):
            found.extend(ModuleCheck(path, package, slugs).problems())
    for path in sorted(package.rglob("*.html")):
        found.extend(check_template(path, package))
    found.extend(check_contracts(package, contracts_file))
    prefix = f"{package.name}/"
    used = {(p.path.removeprefix(prefix), p.kind) for p in found}
    kept = [p for p in found if (p.path.removeprefix(prefix), p.kind) not in allowances]
    kept.extend(
        Problem(
            f"{prefix}core/lint.py",
            1,
            f"the allowance for {kind} problems in {file} hides none any more; remove it",
            "allowance",
        )
        for file, kind in sorted(allowances)
        if (file, kind) not in used
    )
    return sorted(kept)


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
