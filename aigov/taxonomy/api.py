"""/api/taxonomy/: the shared vocabulary, public and read-only."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.taxonomy import selectors
from aigov.taxonomy.models import Country, IncomeGroup, RegionalGroup

router = Router(tags=["taxonomy"])


class CountryOut(Schema):
    iso3: str
    iso2: str
    m49: str
    name: str
    names: dict[str, str]
    kind: str
    is_un_member: bool
    un_member_since: int | None
    regional_group: str | None
    income_group: str | None
    income_fiscal_year: str
    is_ldc: bool
    ldc_graduation_on: date | None
    region: str
    subregion: str
    source: str

    @staticmethod
    def resolve_name(obj: Country) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_regional_group(obj: Country) -> str | None:
        return obj.regional_group or None

    @staticmethod
    def resolve_income_group(obj: Country) -> str | None:
        return obj.income_group or None


class CountryFilter(Schema):
    un_member: bool | None = None
    regional_group: RegionalGroup | None = None
    income_group: IncomeGroup | None = None
    is_ldc: bool | None = None
    kind: Country.Kind | None = None


class NamedOut(Schema):
    name: str
    names: dict[str, str]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return pick(obj.names).text


class SdgOut(NamedOut):
    number: int
    full_title: str
    colour: str
    target_count: int
    source: str

    @staticmethod
    def resolve_full_title(obj: Any) -> str:
        return pick(obj.full_titles).text

    @staticmethod
    def resolve_target_count(obj: Any) -> int:
        return len(obj.targets.all())


class SdgTargetOut(Schema):
    code: str
    goal: int
    title: str
    titles: dict[str, str]
    source: str

    @staticmethod
    def resolve_goal(obj: Any) -> int:
        return int(obj.goal_id)

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return pick(obj.titles).text


class RiskAreaOut(NamedOut):
    slug: str
    domain: str
    domain_name: str
    examples: str
    names_provenance: dict[str, str]
    confidence: str
    source: str

    @staticmethod
    def resolve_domain(obj: Any) -> str:
        return str(obj.domain_id)

    @staticmethod
    def resolve_domain_name(obj: Any) -> str:
        return pick(obj.domain.names).text

    @staticmethod
    def resolve_examples(obj: Any) -> str:
        return pick(obj.examples).text


class LanguageOut(NamedOut):
    tag: str
    is_un_official: bool
    is_rtl: bool


class LifecycleStageOut(NamedOut):
    scheme: str
    slug: str
    position: int
    maps_to: list[str]

    @staticmethod
    def resolve_scheme(obj: Any) -> str:
        return str(obj.scheme_id)

    @staticmethod
    def resolve_maps_to(obj: Any) -> list[str]:
        return sorted(f"{s.scheme_id}:{s.slug}" for s in obj.maps_to.all())


class TopicOut(NamedOut):
    slug: str
    source: str


@router.get(
    "/countries",
    response=list[CountryOut],
    summary="Countries and other jurisdictions",
    operation_id="taxonomy_countries",
)
@paginate(Page)
def countries(request: HttpRequest, filters: Query[CountryFilter]) -> Any:
    return selectors.country_list(
        un_member=filters.un_member,
        regional_group=filters.regional_group,
        income_group=filters.income_group,
        is_ldc=filters.is_ldc,
        kind=filters.kind,
    )


@router.get(
    "/countries/{code}",
    response=CountryOut,
    summary="One country by ISO alpha-3 or alpha-2 code",
    operation_id="taxonomy_country",
)
def country(request: HttpRequest, code: str) -> Any:
    return selectors.country_get_by_code(code=code)


@router.get(
    "/languages",
    response=list[LanguageOut],
    summary="Languages (BCP 47)",
    operation_id="taxonomy_languages",
)
@paginate(Page)
def languages(request: HttpRequest, un_official: bool | None = None) -> Any:
    return selectors.language_list(un_official=un_official)


@router.get(
    "/sdgs",
    response=list[SdgOut],
    summary="The 17 Sustainable Development Goals",
    operation_id="taxonomy_sdgs",
)
@paginate(Page)
def sdgs(request: HttpRequest) -> Any:
    return selectors.sdg_list()


@router.get(
    "/sdg-targets",
    response=list[SdgTargetOut],
    summary="The 169 SDG targets",
    operation_id="taxonomy_sdg_targets",
)
@paginate(Page)
def sdg_targets(request: HttpRequest, goal: int | None = Query(None, ge=1, le=17)) -> Any:
    return selectors.sdg_target_list(goal=goal)


@router.get(
    "/risk-areas",
    response=list[RiskAreaOut],
    summary="AI risk areas by vulnerability (HLAB Box 4)",
    operation_id="taxonomy_risk_areas",
)
@paginate(Page)
def risk_areas(request: HttpRequest, domain: str | None = None) -> Any:
    return selectors.risk_area_list(domain=domain)


@router.get(
    "/lifecycle-stages",
    response=list[LifecycleStageOut],
    summary="AI lifecycle stages in both schemes",
    operation_id="taxonomy_lifecycle_stages",
)
@paginate(Page)
def lifecycle_stages(request: HttpRequest, scheme: str | None = None) -> Any:
    return selectors.lifecycle_stage_list(scheme=scheme)


@router.get("/topics", response=list[TopicOut], summary="Topics", operation_id="taxonomy_topics")
@paginate(Page)
def topics(request: HttpRequest) -> Any:
    return selectors.topic_list()
