"""Every rule that lists records has an agreement test, and no module decides by is_system."""

import importlib
import subprocess
from pathlib import Path

from django.apps import apps

from aigov.accounts import access

ROOT = Path(__file__).resolve().parents[3]


def _covered() -> set[str]:
    covered: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("aigov."):
            continue
        if not (Path(config.path) / "tests" / "test_rule_agreement.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.tests.test_rule_agreement")
        covered |= set(module.RULES)
    return covered


def test_every_scoped_rule_has_an_agreement_test() -> None:
    missing = sorted(set(access.registered_permissions()) - _covered())
    assert not missing, f"rules with a scope but no agreement test: {missing}"


def test_agreement_tests_name_only_real_rules() -> None:
    unknown = sorted(_covered() - set(access.registered_permissions()))
    assert not unknown, f"agreement tests name rules that list nothing: {unknown}"


def test_no_module_decides_by_is_system() -> None:
    """Rights come from a job's purpose, declared with the rule (issue 16): only accounts (the
    field, the system actor, the access layer) and migrations may name is_system."""
    found = subprocess.run(
        ["git", "grep", "-n", "is_system", "--", "aigov/*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    outside = [
        line
        for line in found
        if not line.startswith("aigov/accounts/")
        and "/migrations/" not in line
        and "/tests/" not in line
    ]
    assert not outside, "\n".join(outside)
