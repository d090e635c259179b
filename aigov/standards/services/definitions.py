"""Writes of definitions: the SKOS import."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from aigov.accounts.access import Actor, require
from aigov.core.reference import LoadReport
from aigov.standards.definitions_io import apply_definitions


@dataclass(frozen=True)
class DefinitionImport:
    report: LoadReport


@transaction.atomic
def definitions_import(
    *, actor: Actor, concepts: list[dict[str, Any]], definitions: list[dict[str, Any]]
) -> DefinitionImport:
    """Upsert validated concepts and definitions (from SKOS) by natural key; audit each change."""
    require(actor, "standards.change_definition")
    report = LoadReport()
    apply_definitions(
        actor=actor, report=report, progress=None, concepts=concepts, definitions=definitions
    )
    return DefinitionImport(report=report)
