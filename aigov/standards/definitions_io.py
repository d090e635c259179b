"""Concepts and definitions upserted by natural key: by the reference loader and SKOS import."""

from typing import Any

from aigov.accounts.access import Actor
from aigov.core.reference import LoadReport, Progress, UpsertStep, upsert_all
from aigov.standards.models import Concept, Definition


def apply_definitions(
    *,
    actor: Actor,
    report: LoadReport,
    progress: Progress | None,
    concepts: list[dict[str, Any]],
    definitions: list[dict[str, Any]],
) -> None:
    """Upsert concepts and definitions by natural key (inside a transaction)."""
    upsert_all(
        actor=actor,
        report=report,
        progress=progress,
        steps=[
            UpsertStep("concepts", Concept, "standards.concept", concepts, ["slug"]),
            UpsertStep(
                "definitions", Definition, "standards.definition", definitions, ["fingerprint"]
            ),
        ],
    )
