"""Reads of the shared vocabulary. Taxonomy records are public reference data."""

import functools
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import language_data
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext

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
from aigov.taxonomy.profiles import ProfileItem, country_sections


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


# CLDR's territory information, as shipped with language_data (a dependency of langcodes):
# which languages each territory holds official, by ISO 3166 alpha-2 code.
CLDR_SUPPLEMENTAL = Path(language_data.__file__).parent / "data" / "supplementalData.xml"
_OFFICIAL = {"official", "de_facto_official"}


@functools.cache
def _official_language_tags() -> dict[str, tuple[str, ...]]:
    """Return BCP 47 tags of the official (or de facto official) languages per alpha-2 code."""
    tags: dict[str, tuple[str, ...]] = {}
    # The package's own data file, not input from anyone: the standard parser is safe here.
    for _event, element in ElementTree.iterparse(CLDR_SUPPLEMENTAL):  # noqa: S314
        territory = element.get("type") or ""
        if element.tag == "territory" and len(territory) == 2:
            tags[territory] = tuple(
                (language.get("type") or "").replace("_", "-")
                for language in element.iter("languagePopulation")
                if language.get("officialStatus") in _OFFICIAL
            )
    return tags


def country_official_languages(*, country: Country) -> list[Language]:
    """Return the country's official languages (CLDR), those the taxonomy knows, by tag."""
    tags = _official_language_tags().get(country.iso2, ())
    if not tags:
        return []
    # A script or region subtag the taxonomy lacks ("sr-Latn") falls back to the language.
    wanted = {*tags, *(tag.split("-")[0] for tag in tags)}
    known = {language.tag: language for language in Language.objects.filter(tag__in=wanted)}
    found = [known.get(tag) or known.get(tag.split("-")[0]) for tag in tags]
    return list({language.tag: language for language in found if language}.values())


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


# --- Country profiles -------------------------------------------------------------------------

PROFILE_ITEMS = 5
MAX_PROFILE_ITEMS = 50


@dataclass(frozen=True)
class ProfileSection:
    key: str
    module: str
    title: str
    count: int
    items: list[ProfileItem]
    more_url: str
    note: str

    @property
    def anchor(self) -> str:
        """The id of the section on the profile page: "capacity-courses"."""
        return self.key.replace(".", "-")


@dataclass(frozen=True)
class CountryProfile:
    country: Country
    iso3: str
    name: str
    official_languages: list[str]  # BCP 47 tags
    sections: list[ProfileSection]


def country_profile(
    *, actor: Any, code: str, limit: int = PROFILE_ITEMS, expand: str | None = None
) -> CountryProfile:
    """Return what every module holds about the country with ISO code `code` that `actor` may
    see: per registered section, a count and the first `limit` records (at most 50; the section
    whose key is `expand`, the first 50).

    Raise NotFound for an unknown code. `actor` is a user or a visitor; each section's provider
    reads through its module's selectors, so counts and items follow the module's rules.
    """
    try:
        country = country_get_by_code(code=code)
    except NotFound:
        message = gettext("No country or jurisdiction has the ISO code %(code)s.")
        raise NotFound(message % {"code": code[:12]}) from None
    limit = max(0, min(limit, MAX_PROFILE_ITEMS))
    sections = []
    for section in country_sections():
        wanted = MAX_PROFILE_ITEMS if section.key == expand else limit
        content = section.provider(actor, country, wanted)
        sections.append(
            ProfileSection(
                key=section.key,
                module=section.module,
                title=str(section.title),
                count=content.count,
                items=list(content.items[:wanted]),
                more_url=content.more_url,
                note=content.note,
            )
        )
    return CountryProfile(
        country=country,
        iso3=country.iso3,
        name=pick(country.names).text,
        official_languages=[
            language.tag for language in country_official_languages(country=country)
        ],
        sections=sections,
    )


def topic_names() -> dict[str, str]:
    """Return each topic's name in the reader's language (with fallback), by slug."""
    return {slug: pick(names).text for slug, names in topic_list().values_list("slug", "names")}


def topic_list_by_name() -> list[Topic]:
    """Return the topics sorted by the name the reader sees, in the reader's order."""
    return sorted_by_names(topic_list())
