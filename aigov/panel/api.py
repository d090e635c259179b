"""/api/panel/: the panel's surveys, their analysis and its reports; published ones are public."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.panel import reports, roster, selectors
from aigov.panel.models import Nomination, Report, Survey

router = Router(tags=["panel"])


class SurveyOut(Schema):
    slug: str
    title: str
    titles: dict[str, str]
    status: str
    form_version: int
    scale_items: list[str]
    is_demo: bool
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_title(obj: Survey) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_scale_items(obj: Survey) -> list[str]:
        return list(obj.layout)


class FiguresOut(Schema):
    n: int
    mean: float | None
    top2_share: float | None


class BreakdownOut(Schema):
    weog: FiguresOut
    non_weog: FiguresOut
    regional_group: dict[str, FiguresOut]
    gender: dict[str, FiguresOut]
    field: dict[str, FiguresOut]


class PanelItemOut(FiguresOut):
    by: BreakdownOut


class AnalysisOut(Schema):
    respondents: int
    items: dict[str, PanelItemOut]


@router.get(
    "/surveys",
    response=list[SurveyOut],
    summary="Expert surveys (published ones; all of them for the secretariat)",
    operation_id="panel_surveys",
)
@paginate(Page)
def surveys(request: HttpRequest) -> Any:
    return selectors.survey_list(actor=request.user)


@router.get(
    "/surveys/{slug}",
    response=SurveyOut,
    summary="One expert survey",
    operation_id="panel_survey",
)
def survey(request: HttpRequest, slug: str) -> Any:
    return selectors.survey_get(actor=request.user, slug=slug)


@router.get(
    "/surveys/{slug}/analysis",
    response=AnalysisOut,
    summary="The Annex E analysis of a survey (as `aigov panel survey analyse` prints it)",
    operation_id="panel_survey_analysis",
)
def survey_analysis(request: HttpRequest, slug: str) -> Any:
    found = selectors.survey_get(actor=request.user, slug=slug)
    return selectors.survey_analysis(actor=request.user, survey=found)


class PanelReportTextOut(Schema):
    title: str
    summary: str
    body: str


class PanelReportOut(Schema):
    slug: str
    kind: str
    status: str
    title: str
    original_language: str
    languages: list[str]
    working_group: str | None
    version: int | None
    published_at: datetime.datetime | None
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Report) -> str:
        version = reports.shown_version(obj)
        if version is None:
            return obj.slug
        return reports.text_of(version.texts, get_language(), obj.original_language)[0]["title"]

    @staticmethod
    def resolve_languages(obj: Report) -> list[str]:
        version = reports.shown_version(obj)
        return [code for code in reports.LANGUAGES if version and code in version.texts]

    @staticmethod
    def resolve_working_group(obj: Report) -> str | None:
        return obj.working_group.slug if obj.working_group else None

    @staticmethod
    def resolve_version(obj: Report) -> int | None:
        version = reports.shown_version(obj)
        return version.number if version else None


class PanelFrozenFigureOut(Schema):
    survey: str
    kind: str
    item: str | None = None
    by: str | None = None
    respondents: int | None = None
    figures: dict[str, Any]
    is_frozen: bool


class PanelReportDetailOut(PanelReportOut):
    texts: dict[str, PanelReportTextOut]
    figures: list[PanelFrozenFigureOut]
    pdf: str | None

    @staticmethod
    def resolve_texts(obj: Report) -> dict[str, Any]:
        version = reports.shown_version(obj)
        return dict(version.texts) if version else {}

    @staticmethod
    def resolve_figures(obj: Report) -> list[dict[str, Any]]:
        return reports.figure_numbers(obj)

    @staticmethod
    def resolve_pdf(obj: Report) -> str | None:
        return f"{obj.get_absolute_url()}pdf/" if obj.is_published else None


@router.get(
    "/reports",
    response=list[PanelReportOut],
    summary="Reports of the panel (published ones; drafts for those who may read them)",
    operation_id="panel_reports",
)
@paginate(Page)
def report_list(request: HttpRequest, kind: str | None = None) -> Any:
    return reports.report_list(actor=request.user, kind=kind, with_latest_version=True)


@router.get(
    "/reports/{slug}",
    response=PanelReportDetailOut,
    summary="One report: its texts per language and its figures (frozen once published)",
    operation_id="panel_report",
)
def report_detail(request: HttpRequest, slug: str) -> Any:
    return reports.report_get(actor=request.user, slug=slug)


class PanelExpertOut(Schema):
    id: int
    name: str
    nationalities: list[str]
    residence: str
    disciplines: list[str]
    affiliation_type: str
    languages: list[str]
    is_member: bool
    term_starts_on: datetime.date | None
    term_ends_on: datetime.date | None
    gender: str | None
    working_groups: list[str]


class PanelNominationOut(Schema):
    id: int
    expert: str
    kind: str
    country: str | None
    status: str
    statement: str
    review_note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_expert(obj: Nomination) -> str:
        return obj.expert.name

    @staticmethod
    def resolve_country(obj: Nomination) -> str | None:
        return obj.country_id


class PanelBalanceRowOut(Schema):
    value: str
    count: int
    share: float
    target: float | None


class PanelDimensionOut(Schema):
    dimension: str
    rows: list[PanelBalanceRowOut]
    distance: float


class PanelBalanceOut(Schema):
    as_of: datetime.date
    members: int
    dimensions: list[PanelDimensionOut]


@router.get(
    "/experts",
    response=list[PanelExpertOut],
    summary="The panel's members today (public fields); every expert for the secretariat",
    operation_id="panel_experts",
)
@paginate(Page)
def expert_list(request: HttpRequest) -> Any:
    return roster.expert_directory(actor=request.user)


@router.get(
    "/nominations",
    response=list[PanelNominationOut],
    summary="Nominations the caller may see (secretariat: all; focal point: their country's)",
    operation_id="panel_nominations",
)
@paginate(Page)
def nomination_list(request: HttpRequest) -> Any:
    return roster.nomination_list(actor=request.user)


@router.get(
    "/balance",
    response=PanelBalanceOut,
    summary="The panel's balance today against the secretariat's targets",
    operation_id="panel_balance",
)
def balance(request: HttpRequest) -> Any:
    return roster.balance(as_of=timezone.localdate())


class PanelTargetIn(Schema):
    dimension: str
    value: str
    share: float


class PanelTargetOut(Schema):
    id: int
    dimension: str
    value: str
    share: float


@router.post(
    "/balance/targets",
    response={201: PanelTargetOut},
    auth=actor_auth,
    summary="Set the target share (0 to 1) for one value of one dimension (secretariat)",
    operation_id="panel_target_set",
)
def target_set(request: HttpRequest, payload: PanelTargetIn) -> Any:
    target = roster.target_set(
        actor=request.user, dimension=payload.dimension, value=payload.value, share=payload.share
    )
    return Status(201, target)


@router.delete(
    "/balance/targets/{target_id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a balance target (secretariat)",
    operation_id="panel_target_remove",
)
def target_remove(request: HttpRequest, target_id: int) -> Any:
    roster.target_remove(actor=request.user, target_id=target_id)
    return Status(204, None)
