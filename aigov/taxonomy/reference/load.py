"""Writing the shared vocabulary in one transaction (`aigov load-reference`)."""

from typing import Any

from django.db import transaction

from aigov.core.reference import (
    LoadReport,
    Progress,
    ReferenceDataError,
    UpsertStep,
    upsert_all,
)
from aigov.taxonomy.models import (
    Country,
    Language,
    LifecycleScheme,
    LifecycleStage,
    RiskArea,
    RiskDomain,
    RiskPulseItem,
    SdgTarget,
    SustainableDevelopmentGoal,
    Topic,
)
from aigov.taxonomy.reference.common import (
    COUNTRY_SOURCES,
    LANGUAGE_SOURCES,
    RISK_SOURCES,
    Collector,
)
from aigov.taxonomy.reference.countries import read_countries, read_languages
from aigov.taxonomy.reference.vocabularies import (
    read_lifecycle,
    read_risks,
    read_sdgs,
    read_topics,
)


def load_taxonomy(
    *, actor: Any, report: LoadReport, progress: Progress | None = None, dry_run: bool = False
) -> None:
    """Validate every taxonomy file, then upsert all of it in one transaction.

    Raise ReferenceDataError listing every bad row (nothing written). With dry_run, roll back.
    """
    problems = Collector()
    countries = read_countries(problems)
    languages = read_languages()
    goals, targets = read_sdgs(problems)
    domains, areas, pulse = read_risks(problems)
    schemes, stages, links = read_lifecycle(problems)
    topics = read_topics()
    if problems.problems:
        raise ReferenceDataError(problems.problems)

    with transaction.atomic():
        plan: list[tuple[str, type, str, list[dict[str, Any]], list[str], str]] = [
            ("countries", Country, "taxonomy.country", countries, ["iso3"], COUNTRY_SOURCES),
            ("languages", Language, "taxonomy.language", languages, ["tag"], LANGUAGE_SOURCES),
            (
                "sdgs",
                SustainableDevelopmentGoal,
                "taxonomy.sdg",
                goals,
                ["number"],
                "sdg_goals.csv",
            ),
            ("sdg targets", SdgTarget, "taxonomy.sdg_target", targets, ["code"], "sdg_targets.csv"),
            ("risk domains", RiskDomain, "taxonomy.risk_domain", domains, ["slug"], RISK_SOURCES),
            ("risk areas", RiskArea, "taxonomy.risk_area", areas, ["slug"], RISK_SOURCES),
            (
                "risk pulse items",
                RiskPulseItem,
                "taxonomy.risk_pulse_item",
                pulse,
                ["letter"],
                "risk_pulse_items.csv",
            ),
            (
                "lifecycle schemes",
                LifecycleScheme,
                "taxonomy.lifecycle_scheme",
                schemes,
                ["slug"],
                "lifecycle_schemes.csv",
            ),
            (
                "lifecycle stages",
                LifecycleStage,
                "taxonomy.lifecycle_stage",
                stages,
                ["scheme_id", "slug"],
                "lifecycle_stages.csv",
            ),
            ("topics", Topic, "taxonomy.topic", topics, ["slug"], "topics.csv"),
        ]
        upsert_all(
            actor=actor,
            report=report,
            progress=progress,
            steps=[UpsertStep(*step) for step in plan],
        )
        _link_lifecycle(links, report)
        if dry_run:
            transaction.set_rollback(True)


def _link_lifecycle(links: list[tuple[str, str, str, str]], report: LoadReport) -> None:
    stages = {(s.scheme_id, s.slug): s for s in LifecycleStage.objects.all()}
    counts = report.for_kind("lifecycle mappings")
    for scheme, slug, other_scheme, other_slug in links:
        stage, other = stages[(scheme, slug)], stages[(other_scheme, other_slug)]
        if stage.maps_to.filter(pk=other.pk).exists():
            counts.unchanged += 1
        else:
            stage.maps_to.add(other)
            counts.created += 1
