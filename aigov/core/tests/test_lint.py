"""The lint fails on planted violations and names their file and line.

Violations are planted in a copy of the package under a temporary directory, never in the tree.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aigov.core import lint

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A package with accounts' models (where the role slugs are read) and nothing else."""
    root = tmp_path / "aigov"
    _write(root / "__init__.py", "")
    models = (lint.PACKAGE / "accounts" / "models.py").read_text(encoding="utf-8")
    (root / "accounts").mkdir()
    (root / "accounts" / "models.py").write_text(models, encoding="utf-8")
    return root


def _found(package: Path, contracts: Path | None = None) -> list[str]:
    contracts = contracts or package.parent / ".importlinter"
    return [str(p) for p in lint.problems(package, contracts, allowances={})]


def test_the_tree_passes_the_lint() -> None:
    assert [str(p) for p in lint.problems()] == []


def test_a_view_using_managers_and_queries_fails(package: Path) -> None:
    _write(
        package / "landscape" / "views.py",
        """
        from aigov.landscape import models, selectors


        def initiatives(request):
            everything = models.Initiative.objects.all()
            hidden = getattr(models.Initiative, "_default_manager")
            mine = selectors.initiative_list(actor=request.user).filter(
                owner=request.user
            )
            return everything, hidden, mine, models.Initiative._base_manager
        """,
    )
    assert _found(package) == [
        "aigov/landscape/views.py:5: model manager in a view or API module: .objects",
        "aigov/landscape/views.py:6: model manager in a view or API module: ._default_manager",
        "aigov/landscape/views.py:7: query in a view or API module: .filter()",
        "aigov/landscape/views.py:10: model manager in a view or API module: ._base_manager",
    ]


def test_modules_of_an_api_package_are_checked_and_a_service_is_not(package: Path) -> None:
    _write(
        package / "capacity" / "api" / "offerings.py",
        "from django.shortcuts import get_object_or_404\n\n"
        "def offering(request, pk):\n    return get_object_or_404(Offering, pk=pk)\n",
    )
    _write(package / "capacity" / "services.py", "rows = Offering.objects.filter(pk=1)\n")
    assert _found(package) == [
        "aigov/capacity/api/offerings.py:4: query in a view or API module: get_object_or_404()"
    ]


def test_role_checks_outside_the_rules_files_fail(package: Path) -> None:
    _write(
        package / "standards" / "views.py",
        """
        from aigov.accounts.models import Role
        from ..accounts import predicates


        def page(request, role, roles):
            if request.user.is_superuser or getattr(request.user, "is_staff", False):
                return 1
            if Role.SECRETARIAT in roles or role == "focal_point":
                return 2
            if request.user.role_assignments.filter(role__in=["expert", Role.DONOR]).exists():
                return 3
            return predicates.is_secretariat(request.user)
        """,
    )
    # the same lines are the rules file's business, and a demo generator's
    _write(package / "standards" / "permissions.py", "if user.is_superuser: pass\n")
    _write(package / "standards" / "demo.py", 'experts = users.filter(roles__role="expert")\n')
    assert _found(package) == [
        "aigov/standards/views.py:2: role check outside the rules files: imports "
        "aigov.accounts.predicates",
        "aigov/standards/views.py:6: role check outside the rules files: .is_staff",
        "aigov/standards/views.py:6: role check outside the rules files: .is_superuser",
        "aigov/standards/views.py:8: role check outside the rules files: a comparison with a role",
        "aigov/standards/views.py:8: role check outside the rules files: a comparison with a role",
        "aigov/standards/views.py:10: query in a view or API module: .filter()",
        "aigov/standards/views.py:10: role check outside the rules files: a query by role",
    ]


def test_a_role_slug_compared_with_something_else_is_no_role_check(package: Path) -> None:
    # "expert" is a role's slug, but a report's kind is not a role.
    _write(package / "panel" / "views.py", 'def page(kind):\n    return kind == "expert"\n')
    assert _found(package) == []


def test_forgetting_cached_roles_is_no_role_check_but_reading_them_is(package: Path) -> None:
    _write(package / "accounts" / "services.py", "from .predicates import forget_roles\n")
    _write(
        package / "accounts" / "selectors.py",
        "from aigov.accounts.predicates import forget_roles, role_slugs\n",
    )
    assert _found(package) == [
        "aigov/accounts/selectors.py:1: role check outside the rules files: imports "
        "aigov.accounts.predicates"
    ]


def test_imports_by_string_and_role_flags_in_templates_fail(package: Path) -> None:
    _write(
        package / "dialogue" / "selectors.py",
        "import importlib\nfrom django.apps import apps\n\n"
        'Policy = apps.get_model("landscape", "Policy")\n',
    )
    _write(
        package / "dialogue" / "templates" / "dialogue" / "page.html",
        "Only staff: is_staff is text here.\n"
        "{% if request.user.is_staff %}\n{{ session.objects.count }}{% endif %}\n",
    )
    assert _found(package) == [
        "aigov/dialogue/selectors.py:1: import by string (importlib): the import contracts "
        "cannot see it",
        "aigov/dialogue/selectors.py:4: import by string (get_model): the import contracts "
        "cannot see it",
        "aigov/dialogue/templates/dialogue/page.html:2: role flag or manager in a template: "
        "is_staff",
        "aigov/dialogue/templates/dialogue/page.html:3: role flag or manager in a template: "
        "objects",
    ]


def test_an_app_missing_from_the_contracts_fails(package: Path) -> None:
    for app in ("core", "landscape", "compute"):
        _write(package / app / "apps.py", "")
    contracts = _write(
        package.parent / ".importlinter",
        """
        [importlinter:contract:layers]
        layers =
            aigov.landscape : aigov.compute
            aigov.core
        [importlinter:contract:interfaces]
        modules =
            aigov.landscape
        """,
    )
    assert _found(package, contracts=contracts) == [
        ".importlinter:1: aigov.compute: the modules' layer and the interfaces contract must "
        "both name it"
    ]
    _write(package / "fund" / "apps.py", "")
    assert ".importlinter:1: aigov.fund is an app but no layer names it" in _found(
        package, contracts=contracts
    )


def test_allowances_hide_their_file_only_and_a_stale_one_fails(package: Path) -> None:
    _write(package / "panel" / "views.py", "def page(user):\n    return user.is_staff\n")
    allowances = {
        ("panel/views.py", "role"): "planted",
        ("panel/api.py", "query"): "planted",
    }
    found = [str(p) for p in lint.problems(package, package / "none.ini", allowances)]
    assert found == [
        "aigov/core/lint.py:1: the allowance for query problems in panel/api.py hides none any "
        "more; remove it"
    ]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's Python files and .importlinter, where lint-imports can be run."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(
        lint.PACKAGE,
        root / "aigov",
        ignore=lambda folder, names: [
            name
            for name in names
            if name in {"__pycache__", "locale", "static", "templates"}
            # Reference data folders, but not the package aigov/data (the data module).
            or (name == "data" and not Path(folder, name, "__init__.py").exists())
            or (Path(folder, name).is_file() and not name.endswith(".py"))
        ],
    )
    shutil.copy(lint.CONTRACTS_FILE, root / ".importlinter")
    return root


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_tree_keeps_the_import_contracts(tree: Path) -> None:
    result = _lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_lower_layer_importing_a_higher_one_fails(tree: Path) -> None:
    planted = _write(
        tree / "aigov" / "taxonomy" / "planted.py",
        """
        '''Planted by the lint's test.'''


        def late():
            from aigov.accounts import selectors

            return selectors
        """,
    )
    try:
        result = _lint_imports(tree)
    finally:
        planted.unlink()
    assert result.returncode == 1
    assert "aigov.taxonomy is not allowed to import aigov.accounts" in result.stdout
    assert "aigov.taxonomy.planted -> aigov.accounts.selectors (l.5)" in result.stdout


def test_a_module_importing_another_modules_models_or_views_fails(tree: Path) -> None:
    planted = _write(
        tree / "aigov" / "landscape" / "planted.py",
        """
        from aigov.standards import selectors, views
        from aigov.standards.models import Standard
        import aigov.panel.services.planted_sub_module as allowed
        """,
    )
    # aigov/panel/services is a package: a submodule of it is planted beside the others.
    sub_module = _write(tree / "aigov" / "panel" / "services" / "planted_sub_module.py", "")
    try:
        result = _lint_imports(tree)
    finally:
        planted.unlink()
        sub_module.unlink()
    assert result.returncode == 1
    assert "aigov.landscape.planted -> aigov.standards.views (l.1)" in result.stdout
    assert "aigov.landscape.planted -> aigov.standards.models (l.2)" in result.stdout
    # selectors, and a submodule of a services package, are a module's public face
    assert "-> aigov.standards.selectors" not in result.stdout
    assert "-> aigov.panel.services" not in result.stdout
