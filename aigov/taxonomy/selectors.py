"""Reads of the shared vocabulary. Taxonomy records are public reference data."""

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from aigov.core.collation import sorted_by_names
from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.taxonomy.models import (
    Country,
    Language,
    LifecycleScheme,
    LifecycleStage,
    RiskArea,
    RiskDomain,
    SdgTarget,
    SustainableDevelopmentGoal,
    Topic,
)


def country_list(
    *,
    un_member: bool | None = None,
    regional_group: str | None = None,
    income_group: str | None = None,
    is_ldc: bool | None = None,
    kind: str | None = None,
) -> QuerySet[Country]:
    """Return countries and jurisdictions, filtered; ordered by ISO alpha-3."""
    countries = Country.objects.all()
    if un_member is not None:
        countries = countries.filter(is_un_member=un_member)
    if regional_group:
        countries = countries.filter(regional_group=regional_group)
    if income_group:
        countries = countries.filter(income_group=income_group)
    if is_ldc is not None:
        countries = countries.filter(is_ldc=is_ldc)
    if kind:
        countries = countries.filter(kind=kind)
    return countries.order_by("iso3")


def country_list_by_name(**filters: Any) -> list[Country]:
    """Return `country_list(**filters)` sorted by the name the reader sees, in the reader's
    language (ICU collation: "Uganda" before "United Arab Emirates", not code order)."""
    countries = country_list(**filters).defer("aliases", "formal_names", "source")
    return sorted_by_names(countries)


def country_get_by_code(*, code: str) -> Country:
    """Return the country with ISO alpha-3 or alpha-2 `code`; raise NotFound."""
    code = (code or "").strip().upper()
    field = "iso2" if len(code) == 2 else "iso3"
    country = Country.objects.filter(**{field: code}).first()
    if country is None:
        raise NotFound()
    return country


def country_summary() -> dict[str, Any]:
    """Return counts of UN Member States by regional group and income group."""
    members = Country.objects.filter(is_un_member=True)
    return {
        "un_member_states": members.count(),
        "by_regional_group": dict(
            members.values_list("regional_group")
            .annotate(n=Count("iso3"))
            .order_by("regional_group")
        ),
        "by_income_group": dict(
            members.values_list("income_group").annotate(n=Count("iso3")).order_by("income_group")
        ),
        "least_developed": members.filter(is_ldc=True).count(),
    }


def language_list(*, un_official: bool | None = None) -> QuerySet[Language]:
    languages = Language.objects.all()
    if un_official is not None:
        languages = languages.filter(is_un_official=un_official)
    return languages


def language_list_by_name(*, un_official: bool | None = None) -> list[Language]:
    """Return the languages sorted by the name the reader sees, in the reader's order."""
    return sorted_by_names(language_list(un_official=un_official))


def sdg_list() -> QuerySet[SustainableDevelopmentGoal]:
    return SustainableDevelopmentGoal.objects.prefetch_related(
        Prefetch("targets", queryset=SdgTarget.objects.order_by("position"))
    )


def sdg_get(*, number: int) -> SustainableDevelopmentGoal:
    goal = sdg_list().filter(number=number).first()
    if goal is None:
        raise NotFound()
    return goal


def sdg_target_list(*, goal: int | None = None) -> QuerySet[SdgTarget]:
    targets = SdgTarget.objects.select_related("goal")
    if goal is not None:
        targets = targets.filter(goal_id=goal)
    return targets.order_by("goal_id", "position")


def risk_domain_list() -> QuerySet[RiskDomain]:
    return RiskDomain.objects.prefetch_related(
        Prefetch("areas", queryset=RiskArea.objects.order_by("position"))
    )


def risk_area_list(*, domain: str | None = None) -> QuerySet[RiskArea]:
    areas = RiskArea.objects.select_related("domain")
    if domain:
        areas = areas.filter(domain_id=domain)
    return areas


def lifecycle_scheme_list() -> QuerySet[LifecycleScheme]:
    return LifecycleScheme.objects.prefetch_related(
        Prefetch(
            "stages",
            queryset=LifecycleStage.objects.order_by("position").prefetch_related("maps_to"),
        )
    )


def lifecycle_stage_list(*, scheme: str | None = None) -> QuerySet[LifecycleStage]:
    stages = LifecycleStage.objects.prefetch_related("maps_to")
    if scheme:
        stages = stages.filter(scheme_id=scheme)
    return stages.order_by("scheme_id", "position")


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.all()


def topic_names() -> dict[str, str]:
    """Return each topic's name in the reader's language (with fallback), by slug."""
    return {slug: pick(names).text for slug, names in topic_list().values_list("slug", "names")}


def topic_list_by_name() -> list[Topic]:
    """Return the topics sorted by the name the reader sees, in the reader's order."""
    return sorted_by_names(topic_list())
