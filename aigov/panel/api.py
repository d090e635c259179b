"""/api/panel/: the panel's surveys and their analysis; published results are public."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.panel import selectors
from aigov.panel.models import Survey

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


class ItemOut(FiguresOut):
    by: BreakdownOut


class AnalysisOut(Schema):
    respondents: int
    items: dict[str, ItemOut]


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
