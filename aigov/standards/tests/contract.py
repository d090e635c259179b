"""Checks the standards and landscape tests share: the API document and system jobs' writes.

Schema names are global in the OpenAPI document: two modules' `ReviewIn` become one component,
and one of them is then documented with the other's fields (issue 17, part 7). A module names
its schemas so that each component it uses is its own.

A system job holds exactly the permissions its purpose is granted (issue 16, part 1).
"""

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from auditlog.models import LogEntry
from ninja import Schema

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.errors import NotAllowed


def _shape(schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    return sorted(schema.get("properties", {})), sorted(schema.get("required", []))


def misdocumented_schemas(document: dict[str, Any], module: ModuleType) -> list[str]:
    """Return the schemas of `module` whose component in `document` has other fields."""
    components = document["components"]["schemas"]
    problems = []
    for name, value in vars(module).items():
        if not (
            isinstance(value, type)
            and issubclass(value, Schema)
            and value.__module__ == module.__name__
            and name in components
        ):
            continue
        defined = _shape(value.model_json_schema())
        documented = _shape(components[name])
        if defined != documented:
            problems.append(f"{name}: defined {defined}, documented {documented}")
    return problems


def check_job_write(
    purpose: Purpose, write: Callable[[Any], Any], granted: set[Purpose], count: Callable[[], int]
) -> None:
    """Run `write` as a job of `purpose`: with a granted purpose it adds one record; otherwise it
    raises NotAllowed and changes nothing, the audit log included."""
    before, audited = count(), LogEntry.objects.count()
    if purpose in granted:
        write(system_actor(purpose))
        assert count() == before + 1
    else:
        with pytest.raises(NotAllowed):
            write(system_actor(purpose))
        assert count() == before and LogEntry.objects.count() == audited
