"""/api/capacity/readiness: the instrument, assessments and their roadmaps."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import readiness, selectors, services
from aigov.capacity.api.shared import ISO3_PATTERN, UNSENT, require_object_body
from aigov.capacity.models import ReadinessAssessment
from aigov.core.api import Page
from aigov.core.translation import pick

router = Router()


class ReadinessQuestionOut(Schema):
    code: str
    prompt: str
    topics: list[str]


class ReadinessDimensionOut(Schema):
    code: str
    label: str
    questions: list[ReadinessQuestionOut]


class ReadinessInstrumentOut(Schema):
    version: str
    scale_max: int
    scale: dict[int, str]
    gap_threshold: int
    note: str
    dimensions: list[ReadinessDimensionOut]


class ReadinessAssessmentOut(Schema):
    id: int
    country: str
    label: str
    instrument: str
    status: str
    answers: dict[str, int]
    languages: list[str]
    scores: dict[str, int | None]
    overall_score: int | None
    submitted_at: datetime.datetime | None
    is_published: bool
    is_demo: bool

    @staticmethod
    def resolve_country(obj: ReadinessAssessment) -> str:
        return obj.country_id


class ReadinessAssessmentFilterIn(Schema):
    country: str | None = Field(None, pattern=ISO3_PATTERN)


class ReadinessAssessmentIn(Schema):
    country: str = Field(..., pattern=ISO3_PATTERN)
    label: str = Field("", max_length=120)
    languages: list[str] = Field(default_factory=list, max_length=12)
    answers: dict[str, int] = Field(default_factory=dict)


class ReadinessAssessmentChangeIn(Schema):
    """Only the fields sent change; an answer set to `null` is cleared."""

    label: str = Field(UNSENT, max_length=120)
    languages: list[str] = Field(UNSENT, max_length=12)
    answers: dict[str, int | None] = Field(default_factory=dict)


class ReadinessConsentIn(Schema):
    publish: bool


class ReadinessGapQuestionOut(Schema):
    code: str
    score: int


class ReadinessGapOut(Schema):
    dimension: str
    score: int | None
    questions: list[ReadinessGapQuestionOut]
    topics: list[str]


class RoadmapOfferingOut(Schema):
    slug: str
    title: str
    kind: str
    cost: str
    languages: list[str]
    topics: list[str]
    reasons: list[str]


class RoadmapNodeOut(Schema):
    slug: str
    name: str
    region: str
    services: list[str]


class RoadmapOut(Schema):
    assessment: int
    gaps: list[ReadinessGapOut]
    topics: list[str]
    free_first: bool
    offerings: list[RoadmapOfferingOut]
    nodes: list[RoadmapNodeOut]


def _instrument_out() -> dict[str, Any]:
    instrument = readiness.INSTRUMENT
    return {
        "version": instrument.version,
        "scale_max": readiness.SCALE_MAX,
        "scale": {value: str(label) for value, label in readiness.SCALE},
        "gap_threshold": readiness.GAP_THRESHOLD,
        "note": str(readiness.INSTRUMENT_NOTE),
        "dimensions": [
            {
                "code": d.code,
                "label": str(d.label),
                "questions": [
                    {"code": q.code, "prompt": str(q.prompt), "topics": list(q.topics)}
                    for q in d.questions
                ],
            }
            for d in instrument.dimensions
        ],
    }


@router.get(
    "/readiness/instrument",
    response=ReadinessInstrumentOut,
    summary="The readiness questionnaire (this platform's own instrument)",
    operation_id="capacity_readiness_instrument",
)
def readiness_instrument(request: HttpRequest) -> Any:
    return _instrument_out()


@router.get(
    "/readiness/assessments",
    response=list[ReadinessAssessmentOut],
    summary="Readiness assessments I may see (published; my country's; all: the secretariat)",
    operation_id="capacity_readiness_assessments",
)
@paginate(Page)
def readiness_assessments(request: HttpRequest, filters: Query[ReadinessAssessmentFilterIn]) -> Any:
    country = filters.country
    return selectors.assessment_list(
        actor=request.user, country=country.upper() if country else None
    )


@router.post(
    "/readiness/assessments",
    response={201: ReadinessAssessmentOut},
    auth=actor_auth,
    summary="Start a draft assessment of my country (focal points, secretariat)",
    operation_id="capacity_readiness_create",
)
def readiness_create(request: HttpRequest, payload: ReadinessAssessmentIn) -> Any:
    return Status(
        201,
        services.assessment_create(
            actor=request.user,
            country=payload.country.upper(),
            label=payload.label,
            languages=payload.languages,
            answers=payload.answers,
        ),
    )


@router.get(
    "/readiness/assessments/{id}",
    response=ReadinessAssessmentOut,
    summary="One readiness assessment",
    operation_id="capacity_readiness_assessment",
)
def readiness_assessment(request: HttpRequest, id: int) -> Any:
    return selectors.assessment_get(actor=request.user, pk=id)


@router.patch(
    "/readiness/assessments/{id}",
    response=ReadinessAssessmentOut,
    auth=actor_auth,
    summary="Change a draft: answers (null clears one), label, working languages",
    operation_id="capacity_readiness_update",
)
def readiness_update(request: HttpRequest, id: int, payload: ReadinessAssessmentChangeIn) -> Any:
    require_object_body(request)
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_update(
        actor=request.user,
        assessment=found,
        answers=payload.answers,
        label=payload.label,
        languages=payload.languages,
    )


@router.post(
    "/readiness/assessments/{id}/submit",
    response=ReadinessAssessmentOut,
    auth=actor_auth,
    summary="Submit a draft whose every question is answered",
    operation_id="capacity_readiness_submit",
)
def readiness_submit(request: HttpRequest, id: int) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_submit(actor=request.user, assessment=found)


@router.post(
    "/readiness/assessments/{id}/consent",
    response=ReadinessAssessmentOut,
    auth=actor_auth,
    summary="Give or withdraw the country's consent to publish (its focal points)",
    operation_id="capacity_readiness_consent",
)
def readiness_consent(request: HttpRequest, id: int, payload: ReadinessConsentIn) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_set_consent(
        actor=request.user, assessment=found, publish=payload.publish
    )


@router.get(
    "/readiness/assessments/{id}/roadmap",
    response=RoadmapOut,
    summary="The gaps of an assessment and a roadmap of offerings and nodes for them",
    operation_id="capacity_readiness_roadmap",
)
def readiness_roadmap(request: HttpRequest, id: int) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    plan = selectors.roadmap(actor=request.user, assessment=found, now=timezone.now())
    return {
        "assessment": found.pk,
        "gaps": [
            {
                "dimension": gap.dimension.code,
                "score": gap.score,
                "questions": [{"code": q.code, "score": value} for q, value in gap.questions],
                "topics": gap.topics,
            }
            for gap in plan.gaps
        ],
        "topics": plan.topics,
        "free_first": plan.free_first,
        "offerings": [
            {
                "slug": item.offering.slug,
                "title": pick(item.offering.titles).text,
                "kind": item.offering.kind,
                "cost": item.offering.cost,
                "languages": item.offering.language_tag_list(),
                "topics": item.topics,
                "reasons": item.reasons,
            }
            for item in plan.offerings
        ],
        "nodes": [
            {
                "slug": node.slug,
                "name": pick(node.names).text,
                "region": node.region,
                "services": services_,
            }
            for node, services_ in plan.nodes
        ],
    }
