"""/api/capacity/: the catalogue, the network, learners' own progress, credential verification."""

import datetime
import json
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.accounts.api import actor_auth
from aigov.accounts.models import User
from aigov.capacity import exchange, readiness, selectors, services
from aigov.capacity.models import (
    Audience,
    Credential,
    Enrolment,
    Introduction,
    Need,
    Node,
    Offer,
    Offering,
    ReadinessAssessment,
)
from aigov.core.api import Page
from aigov.core.errors import InvalidInput, NotFound
from aigov.core.moments import in_utc
from aigov.core.translation import pick

router = Router(tags=["capacity"])

KindName = Literal[
    "self_paced_course",
    "webinar",
    "in_person_workshop",
    "blended_course",
    "certification_programme",
    "fellowship",
    "library_resource",
]
AudienceName = Literal[
    "policymakers",
    "public_officials",
    "it_professionals",
    "leaders",
    "researchers",
    "students",
    "entrepreneurs",
    "general_public",
]
assert set(KindName.__args__) == set(Offering.Kind.values)  # type: ignore[attr-defined]  # Literal keeps its values in __args__
assert set(AudienceName.__args__) == set(Audience.values)  # type: ignore[attr-defined]  # as above


ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def _iso_moment_only(value: Any) -> Any:
    # Pydantic would also take "0.5" (a Unix time); the contract is an ISO 8601 date or moment.
    if isinstance(value, str) and not ISO_MOMENT.fullmatch(value):
        raise ValueError("Use an ISO 8601 date (YYYY-MM-DD) or date and time.")
    return value


# A well-formed BCP 47 tag (language, then subtags); an unknown but well-formed one matches nothing.
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

IsoMoment = Annotated[datetime.datetime, BeforeValidator(_iso_moment_only)]


def _utc(moment: datetime.datetime | None, field: str) -> datetime.datetime | None:
    """The moment in UTC (see aigov.core.moments); one out of range is a 422 naming `field`."""
    if moment is None:
        return None
    try:
        return in_utc(moment)
    except ValueError:
        raise InvalidInput(
            errors=[
                {
                    "field": field,
                    "code": "out_of_range",
                    "message": _("This moment is out of range."),
                }
            ]
        ) from None


class OfferingFilterIn(Schema):
    kind: KindName | None = None
    language: str | None = Field(None, pattern=BCP47_PATTERN, max_length=35)
    audience: AudienceName | None = None
    topic: str | None = None
    cost: Literal["free", "fee"] | None = None
    provider: str | None = None
    starts_after: IsoMoment | None = None
    government_track: bool | None = None


class OfferingOut(Schema):
    slug: str
    title: str
    titles: dict[str, str]
    kind: str
    provider: str
    node: str | None
    languages: list[str]
    level: str
    audiences: list[str]
    topics: list[str]
    cost: str
    fee_amount: str | None
    fee_currency: str
    fee_waivers: dict[str, int]
    has_certificate: bool
    accessibility: list[str]
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    time_zone: str
    seats: int | None
    seats_left: int | None
    prerequisites: dict[str, str]
    is_government_track: bool
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Offering) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_provider(obj: Offering) -> str:
        return obj.provider.slug

    @staticmethod
    def resolve_node(obj: Offering) -> str | None:
        return obj.node.slug if obj.node_id and obj.node else None

    @staticmethod
    def resolve_languages(obj: Offering) -> list[str]:
        return obj.language_tag_list()

    @staticmethod
    def resolve_topics(obj: Offering) -> list[str]:
        return obj.topic_slug_list()

    @staticmethod
    def resolve_audiences(obj: Offering) -> list[str]:
        return obj.audience_list()

    @staticmethod
    def resolve_fee_amount(obj: Offering) -> str | None:
        return None if obj.fee_amount is None else str(obj.fee_amount)

    @staticmethod
    def resolve_seats_left(obj: Offering) -> int | None:
        return None if obj.seats is None else max(obj.seats - obj.seats_taken, 0)


class NodeOut(Schema):
    slug: str
    name: str
    kind: str
    region: str
    country: str | None
    services: list[str]
    languages: list[str]
    is_demo: bool

    @staticmethod
    def resolve_name(obj: Node) -> str:
        return pick(obj.names).text

    @staticmethod
    def resolve_country(obj: Node) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_languages(obj: Node) -> list[str]:
        return sorted(language.tag for language in obj.languages.all())


class EnrolmentOut(Schema):
    offering: str
    status: str
    enrolled_at: datetime.datetime
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_offering(obj: Enrolment) -> str:
        return obj.offering.slug

    @staticmethod
    def resolve_enrolled_at(obj: Enrolment) -> datetime.datetime:
        return obj.created_at


class CredentialOut(Schema):
    id: str
    offering: str
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    credential: dict[str, Any]

    @staticmethod
    def resolve_id(obj: Credential) -> str:
        return obj.urn

    @staticmethod
    def resolve_offering(obj: Credential) -> str:
        return obj.offering.slug

    @staticmethod
    def resolve_issued_at(obj: Credential) -> datetime.datetime:
        return obj.created_at

    @staticmethod
    def resolve_credential(obj: Credential) -> dict[str, Any]:
        return dict(obj.document)


class VerificationOut(Schema):
    valid: bool
    reason: str


class CataloguePage(Page):
    """Like every list, plus `count_is_exact`: false when more than COUNT_CAP offerings match,
    and `count` is then COUNT_CAP ("1,000 or more")."""

    class Output(Schema):
        count: int
        count_is_exact: bool
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["count_is_exact"] = result["count"] <= selectors.COUNT_CAP
        result["count"] = min(result["count"], selectors.COUNT_CAP)
        return result


@router.get(
    "/offerings",
    response=list[OfferingOut],
    summary="The catalogue: offerings, filtered (counted exactly up to 1,000)",
    operation_id="capacity_offerings",
)
@paginate(CataloguePage)
def offerings(request: HttpRequest, filters: Query[OfferingFilterIn]) -> Any:
    starts_after = _utc(filters.starts_after, "starts_after")
    return selectors.OfferingResults(
        selectors.offering_list(
            actor=request.user,
            filters=selectors.OfferingFilter(
                kind=filters.kind,
                language=filters.language,
                audience=filters.audience,
                topic=filters.topic,
                cost=filters.cost,
                provider=filters.provider,
                starts_after=starts_after,
                government_track=filters.government_track,
            ),
        )
    )


@router.get(
    "/offerings/{slug}",
    response=OfferingOut,
    summary="One offering",
    operation_id="capacity_offering",
)
def offering(request: HttpRequest, slug: str) -> Any:
    return selectors.offering_get(actor=request.user, slug=slug)


Texts = dict[str, str]


class OfferingIn(Schema):
    """A new offering; the same fields as the edit page, facets as tags and slugs."""

    slug: str = Field(..., pattern=r"^[-a-z0-9_]+$", max_length=100)
    titles: Texts = Field(..., min_length=1, max_length=6)
    descriptions: Texts = Field(default_factory=dict, max_length=6)
    kind: KindName
    level: Literal["introductory", "intermediate", "advanced"]
    provider: str = Field(..., max_length=80, description="A provider's slug.")
    node: str | None = Field(None, max_length=80, description="A node's slug.")
    languages: list[str] = Field(..., min_length=1, max_length=20)
    topics: list[str] = Field(default_factory=list, max_length=30)
    audiences: list[AudienceName] = Field(default_factory=list)
    cost: Literal["free", "fee"] = "free"
    fee_amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    fee_currency: str = Field("", max_length=3)
    fee_waivers: dict[Literal["L", "LM", "UM", "H"], Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=dict
    )
    has_certificate: bool = False
    accessibility: list[
        Literal[
            "captions",
            "transcripts",
            "screen_reader",
            "sign_language",
            "low_bandwidth",
            "easy_read",
        ]
    ] = Field(default_factory=list)
    starts_at: IsoMoment | None = None
    ends_at: IsoMoment | None = None
    time_zone: str = Field("UTC", max_length=64)
    seats: int | None = Field(None, ge=1, le=1_000_000)
    prerequisites: Texts = Field(default_factory=dict, max_length=6)
    url: str = Field("", max_length=500)
    is_government_track: bool = False
    is_published: bool = True


class OfferingPatch(Schema):
    """Only the fields sent change; `node: null` takes the offering out of its node."""

    titles: Texts | None = Field(None, min_length=1, max_length=6)
    descriptions: Texts | None = Field(None, max_length=6)
    kind: KindName | None = None
    level: Literal["introductory", "intermediate", "advanced"] | None = None
    provider: str | None = Field(None, max_length=80)
    node: str | None = Field(None, max_length=80)
    languages: list[str] | None = Field(None, min_length=1, max_length=20)
    topics: list[str] | None = Field(None, max_length=30)
    audiences: list[AudienceName] | None = None
    cost: Literal["free", "fee"] | None = None
    fee_amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    fee_currency: str | None = Field(None, max_length=3)
    fee_waivers: dict[Literal["L", "LM", "UM", "H"], Annotated[int, Field(ge=0, le=100)]] | None = (
        None
    )
    has_certificate: bool | None = None
    starts_at: IsoMoment | None = None
    ends_at: IsoMoment | None = None
    time_zone: str | None = Field(None, max_length=64)
    seats: int | None = Field(None, ge=1, le=1_000_000)
    prerequisites: Texts | None = Field(None, max_length=6)
    url: str | None = Field(None, max_length=500)
    is_government_track: bool | None = None
    is_published: bool | None = None


def _offering_fields(data: dict[str, Any]) -> dict[str, Any]:
    for name in ("starts_at", "ends_at"):
        if name in data:
            data[name] = _utc(data[name], name)
    if "fee_currency" in data and data["fee_currency"] is not None:
        data["fee_currency"] = data["fee_currency"].upper()
    if "provider" in data:
        data["provider"] = selectors.provider_get(slug=data["provider"])
    if "node" in data:
        data["node"] = selectors.node_get(slug=data["node"]) if data["node"] else None
    return data


@router.post(
    "/offerings",
    response={201: OfferingOut},
    auth=actor_auth,
    summary="Add an offering (the secretariat; a node operator to their own nodes)",
    operation_id="capacity_offering_create",
)
def offering_create(request: HttpRequest, payload: OfferingIn) -> Any:
    data = _offering_fields(payload.dict())
    offering = services.offering_create(actor=_actor(request), **data)
    return Status(201, selectors.offering_get(actor=request.user, slug=offering.slug))


@router.patch(
    "/offerings/{slug}",
    response=OfferingOut,
    auth=actor_auth,
    summary="Change an offering (the secretariat; a node operator their nodes' offerings)",
    operation_id="capacity_offering_update",
)
def offering_update(request: HttpRequest, slug: str, payload: OfferingPatch) -> Any:
    offering = selectors.offering_get(actor=request.user, slug=slug)
    data = _offering_fields(payload.dict(exclude_unset=True))
    services.offering_update(actor=_actor(request), offering=offering, **data)
    return selectors.offering_get(actor=request.user, slug=slug)


class ContentIn(Schema):
    modules: list[dict[str, Any]] = Field(..., min_length=1, max_length=200)


@router.get(
    "/offerings/{slug}/content",
    response=ContentIn,
    auth=actor_auth,
    summary="A self-paced course's modules, lessons and quiz questions (its editors)",
    operation_id="capacity_offering_content",
)
def offering_content(request: HttpRequest, slug: str) -> Any:
    offering = selectors.offering_get(actor=request.user, slug=slug)
    if not selectors.can_change_offering(actor=request.user, offering=offering):
        raise NotFound()
    return {"modules": selectors.course_content(offering=offering)}


@router.put(
    "/offerings/{slug}/content",
    response=ContentIn,
    auth=actor_auth,
    summary="Replace a course's content before anyone enrols (its editors)",
    operation_id="capacity_offering_content_set",
)
def offering_content_set(request: HttpRequest, slug: str, payload: ContentIn) -> Any:
    offering = selectors.offering_get(actor=request.user, slug=slug)
    services.course_content_set(actor=_actor(request), offering=offering, modules=payload.modules)
    return {"modules": selectors.course_content(offering=offering)}


@router.get(
    "/nodes",
    response=list[NodeOut],
    summary="Nodes of the capacity development network",
    operation_id="capacity_nodes",
)
@paginate(Page)
def nodes(request: HttpRequest) -> Any:
    return selectors.node_list()


@router.get(
    "/enrolments",
    response=list[EnrolmentOut],
    auth=actor_auth,
    summary="My enrolments and their state",
    operation_id="capacity_enrolments",
)
@paginate(Page)
def enrolments(request: HttpRequest) -> Any:
    return selectors.enrolment_list(actor=request.user).order_by("-created_at", "pk")


@router.get(
    "/credentials",
    response=list[CredentialOut],
    auth=actor_auth,
    summary="My credentials",
    operation_id="capacity_credentials",
)
@paginate(Page)
def credential_list(request: HttpRequest) -> Any:
    return selectors.credential_list(actor=request.user).order_by("-created_at", "pk")


@router.get(
    "/credentials/status-list",
    response=dict[str, Any],
    summary="The revocation list: a signed Bitstring Status List credential",
    operation_id="capacity_status_list",
)
def status_list(request: HttpRequest) -> Any:
    return selectors.status_list_document()


@router.post(
    "/credentials/verify",
    response=VerificationOut,
    summary="Verify a credential (send the credential's JSON as the body)",
    operation_id="capacity_credential_verify",
    openapi_extra={
        # Any body gets an answer of the same shape, so the document declares no constraint.
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": {"description": "An OpenBadgeCredential."}}},
        }
    },
)
def credential_verify(request: HttpRequest) -> Any:
    # The body is read as it came: a verifier must judge exactly the bytes it was given, and any
    # body — even one that is not JSON — gets an answer of the same shape.
    try:
        document = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"valid": False, "reason": _("The body is not JSON.")})
    return selectors.credential_verify(document=document).as_dict()


def _actor(request: HttpRequest) -> User:
    # Routes that write carry auth=actor_auth, which lets only a signed-in user through.
    return cast(User, request.user)


# Readiness self-assessment ----------------------------------------------------------------------

ISO3_PATTERN = r"^[A-Za-z]{3}$"


class QuestionOut(Schema):
    code: str
    prompt: str
    topics: list[str]


class DimensionOut(Schema):
    code: str
    label: str
    questions: list[QuestionOut]


class InstrumentOut(Schema):
    version: str
    scale_max: int
    scale: dict[int, str]
    gap_threshold: int
    note: str
    dimensions: list[DimensionOut]


class AssessmentOut(Schema):
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


class AssessmentFilterIn(Schema):
    country: str | None = Field(None, pattern=ISO3_PATTERN)


class LimitIn(Schema):
    limit: int = Field(10, ge=1, le=50)


class AssessmentIn(Schema):
    country: str = Field(..., pattern=ISO3_PATTERN)
    label: str = Field("", max_length=120)
    languages: list[str] = Field(default_factory=list, max_length=12)
    answers: dict[str, int] = Field(default_factory=dict)


class AssessmentChangeIn(Schema):
    label: str | None = Field(None, max_length=120)
    languages: list[str] | None = Field(None, max_length=12)
    answers: dict[str, int | None] = Field(default_factory=dict)


class ConsentIn(Schema):
    publish: bool


class GapQuestionOut(Schema):
    code: str
    score: int


class GapOut(Schema):
    dimension: str
    score: int | None
    questions: list[GapQuestionOut]
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
    gaps: list[GapOut]
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
    response=InstrumentOut,
    summary="The readiness questionnaire (this platform's own instrument)",
    operation_id="capacity_readiness_instrument",
)
def readiness_instrument(request: HttpRequest) -> Any:
    return _instrument_out()


@router.get(
    "/readiness/assessments",
    response=list[AssessmentOut],
    summary="Readiness assessments I may see (published; my country's; all: the secretariat)",
    operation_id="capacity_readiness_assessments",
)
@paginate(Page)
def readiness_assessments(request: HttpRequest, filters: Query[AssessmentFilterIn]) -> Any:
    country = filters.country
    return selectors.assessment_list(
        actor=request.user, country=country.upper() if country else None
    ).order_by("country_id", "-submitted_at", "-pk")


@router.post(
    "/readiness/assessments",
    response={201: AssessmentOut},
    auth=actor_auth,
    summary="Start a draft assessment of my country (focal points, secretariat)",
    operation_id="capacity_readiness_create",
)
def readiness_create(request: HttpRequest, payload: AssessmentIn) -> Any:
    return Status(
        201,
        services.assessment_create(
            actor=_actor(request),
            country=payload.country.upper(),
            label=payload.label,
            languages=payload.languages,
            answers=payload.answers,
        ),
    )


@router.get(
    "/readiness/assessments/{id}",
    response=AssessmentOut,
    summary="One readiness assessment",
    operation_id="capacity_readiness_assessment",
)
def readiness_assessment(request: HttpRequest, id: int) -> Any:
    return selectors.assessment_get(actor=request.user, pk=id)


@router.patch(
    "/readiness/assessments/{id}",
    response=AssessmentOut,
    auth=actor_auth,
    summary="Change a draft: answers (null clears one), label, working languages",
    operation_id="capacity_readiness_update",
)
def readiness_update(request: HttpRequest, id: int, payload: AssessmentChangeIn) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_update(
        actor=_actor(request),
        assessment=found,
        answers=payload.answers,
        label=payload.label,
        languages=payload.languages,
    )


@router.post(
    "/readiness/assessments/{id}/submit",
    response=AssessmentOut,
    auth=actor_auth,
    summary="Submit a draft whose every question is answered",
    operation_id="capacity_readiness_submit",
)
def readiness_submit(request: HttpRequest, id: int) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_submit(actor=_actor(request), assessment=found)


@router.post(
    "/readiness/assessments/{id}/consent",
    response=AssessmentOut,
    auth=actor_auth,
    summary="Give or withdraw the country's consent to publish (its focal points)",
    operation_id="capacity_readiness_consent",
)
def readiness_consent(request: HttpRequest, id: int, payload: ConsentIn) -> Any:
    found = selectors.assessment_get(actor=request.user, pk=id)
    return services.assessment_set_consent(
        actor=_actor(request), assessment=found, publish=payload.publish
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


# Matchmaking ----------------------------------------------------------------------------------


class NeedOut(Schema):
    id: int
    title: str
    description: str
    country: str | None
    region: str
    topics: list[str]
    languages: list[str]
    audiences: list[str]
    people: int
    due_by: datetime.date | None
    status: str
    is_demo: bool

    @staticmethod
    def resolve_country(obj: Need) -> str | None:
        return obj.country_id


class NeedIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)
    topics: list[str] = Field(..., min_length=1, max_length=20)
    languages: list[str] = Field(..., min_length=1, max_length=12)
    audiences: list[AudienceName] = Field(default_factory=list)
    people: int = Field(..., ge=1, le=1_000_000)
    due_by: datetime.date | None = None
    country: str | None = Field(None, pattern=ISO3_PATTERN)
    region: Literal["", "African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"] = ""


class OfferOut(Schema):
    id: int
    title: str
    description: str
    node: str | None
    offering: str | None
    topics: list[str]
    languages: list[str]
    audiences: list[str]
    regions: list[str]
    seats: int
    available_from: datetime.date | None
    available_until: datetime.date | None
    status: str
    is_demo: bool

    @staticmethod
    def resolve_node(obj: Offer) -> str | None:
        return obj.node.slug if obj.node_id and obj.node else None

    @staticmethod
    def resolve_offering(obj: Offer) -> str | None:
        return obj.offering.slug if obj.offering_id and obj.offering else None


class OfferIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)
    topics: list[str] = Field(..., min_length=1, max_length=20)
    languages: list[str] = Field(..., min_length=1, max_length=12)
    audiences: list[AudienceName] = Field(default_factory=list)
    regions: list[Literal["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"]] = Field(
        default_factory=list
    )
    seats: int = Field(..., ge=1, le=1_000_000)
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    node: str | None = Field(None, max_length=80)


class MatchOut(Schema):
    offer: OfferOut
    score: int
    reasons: list[str]


class IntroductionIn(Schema):
    offer: int
    message: str = Field(..., min_length=1, max_length=4000)


class IntroductionOut(Schema):
    id: int
    need: int
    offer: int
    status: str
    score: int
    message: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_need(obj: Introduction) -> int:
        return obj.need_id

    @staticmethod
    def resolve_offer(obj: Introduction) -> int:
        return obj.offer_id


class StatusIn(Schema):
    status: Literal["accepted", "declined", "in_progress", "done"]


@router.get(
    "/needs",
    response=list[NeedOut],
    auth=actor_auth,
    summary="Capacity needs of countries and organisations (members)",
    operation_id="capacity_needs",
)
@paginate(Page)
def needs(
    request: HttpRequest,
    status: Literal["open", "in_progress", "done", "closed"] | None = None,
) -> Any:
    return selectors.need_list(actor=request.user, status=status).order_by("-created_at", "-pk")


@router.post(
    "/needs",
    response={201: NeedOut},
    auth=actor_auth,
    summary="Post a capacity need",
    operation_id="capacity_need_create",
)
def need_create(request: HttpRequest, payload: NeedIn) -> Any:
    data = payload.dict()
    country = data.pop("country")
    return Status(
        201,
        services.need_create(
            actor=_actor(request), country=country.upper() if country else None, **data
        ),
    )


class NeedStatusIn(Schema):
    status: Literal["open", "closed"]


class OfferStatusIn(Schema):
    status: Literal["open", "closed"]


@router.post(
    "/needs/{id}/status",
    response=NeedOut,
    auth=actor_auth,
    summary="Close a need, or reopen it (its owner, the secretariat)",
    operation_id="capacity_need_status",
)
def need_status(request: HttpRequest, id: int, payload: NeedStatusIn) -> Any:
    need = selectors.need_get(actor=request.user, pk=id)
    return services.need_close(actor=_actor(request), need=need, closed=payload.status == "closed")


@router.post(
    "/offers/{id}/status",
    response=OfferOut,
    auth=actor_auth,
    summary="Close an offer, or open it again (its owner, its node's operators, the secretariat)",
    operation_id="capacity_offer_status",
)
def offer_status(request: HttpRequest, id: int, payload: OfferStatusIn) -> Any:
    offer = selectors.offer_get(actor=request.user, pk=id)
    return services.offer_set_status(actor=_actor(request), offer=offer, status=payload.status)


@router.get(
    "/needs/{id}",
    response=NeedOut,
    auth=actor_auth,
    summary="One need",
    operation_id="capacity_need",
)
def need(request: HttpRequest, id: int) -> Any:
    return selectors.need_get(actor=request.user, pk=id)


@router.get(
    "/needs/{id}/matches",
    response=list[MatchOut],
    auth=actor_auth,
    summary="Open offers ranked for a need, with the reasons",
    operation_id="capacity_need_matches",
)
def need_matches(request: HttpRequest, id: int, params: Query[LimitIn]) -> Any:
    found = selectors.need_get(actor=request.user, pk=id)
    return selectors.need_matches(
        actor=request.user, need=found, today=timezone.now().date(), limit=params.limit
    )


@router.post(
    "/needs/{id}/introductions",
    response={201: IntroductionOut},
    auth=actor_auth,
    summary="Introduce myself (the need's owner) to an offer's provider",
    operation_id="capacity_introduction_create",
)
def introduction_create(request: HttpRequest, id: int, payload: IntroductionIn) -> Any:
    found = selectors.need_get(actor=request.user, pk=id)
    offer = selectors.offer_get(actor=request.user, pk=payload.offer)
    return Status(
        201,
        services.introduction_create(
            actor=_actor(request), need=found, offer=offer, message=payload.message
        ),
    )


@router.get(
    "/offers",
    response=list[OfferOut],
    auth=actor_auth,
    summary="Capacity offers of nodes and contributors (members)",
    operation_id="capacity_offers",
)
@paginate(Page)
def offers(request: HttpRequest, status: Literal["open", "closed"] | None = None) -> Any:
    return selectors.offer_list(actor=request.user, status=status).order_by("-created_at", "-pk")


@router.post(
    "/offers",
    response={201: OfferOut},
    auth=actor_auth,
    summary="Post an offer (in a node's name: its operators)",
    operation_id="capacity_offer_create",
)
def offer_create(request: HttpRequest, payload: OfferIn) -> Any:
    data = payload.dict()
    node_slug = data.pop("node")
    node = selectors.node_get(slug=node_slug) if node_slug else None
    return Status(201, services.offer_create(actor=_actor(request), node=node, **data))


@router.get(
    "/introductions",
    response=list[IntroductionOut],
    auth=actor_auth,
    summary="Introductions I am a side of",
    operation_id="capacity_introductions",
)
@paginate(Page)
def introductions(request: HttpRequest) -> Any:
    return selectors.introduction_list(actor=request.user).order_by("-created_at", "-pk")


@router.post(
    "/introductions/{id}/status",
    response=IntroductionOut,
    auth=actor_auth,
    summary="Accept or decline (the provider), or mark in progress or done (either side)",
    operation_id="capacity_introduction_status",
)
def introduction_status(request: HttpRequest, id: int, payload: StatusIn) -> Any:
    found = selectors.introduction_get(actor=request.user, pk=id)
    return services.introduction_set_status(
        actor=_actor(request), introduction=found, status=payload.status
    )


# Reporting for resolution 78/311 ----------------------------------------------------------------


class ReportRowOut(Schema):
    dimension: str
    group: str
    label: str
    people: int | str
    completions: int | str


@router.get(
    "/reports/people-trained",
    response=list[ReportRowOut],
    auth=actor_auth,
    summary="People trained by country, gender, group, income and LDC status (secretariat)",
    description='Groups of fewer than 5 people show "<5" instead of a number.',
    operation_id="capacity_report_people_trained",
)
def report_people_trained(request: HttpRequest) -> Any:
    return exchange.report_rows(selectors.people_trained(actor=request.user))
