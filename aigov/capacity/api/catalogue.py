"""/api/capacity/offerings: the catalogue, read, created and changed."""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors, services
from aigov.capacity.api.shared import (
    BCP47_PATTERN,
    UNSENT,
    AudienceName,
    IsoMoment,
    KindName,
    _utc,
    require_object_body,
)
from aigov.capacity.models import Offering
from aigov.core.api import Page
from aigov.core.translation import pick

router = Router()


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
    """Only the fields sent change; `node: null` takes the offering out of its node, and `null`
    clears a fee, a seat limit or a date. Other fields cannot be null (a 422 names them)."""

    titles: Texts = Field(UNSENT, min_length=1, max_length=6)
    descriptions: Texts = Field(UNSENT, max_length=6)
    kind: KindName = Field(UNSENT)
    level: Literal["introductory", "intermediate", "advanced"] = Field(UNSENT)
    provider: str = Field(UNSENT, max_length=80)
    node: str | None = Field(None, max_length=80)
    languages: list[str] = Field(UNSENT, min_length=1, max_length=20)
    topics: list[str] = Field(UNSENT, max_length=30)
    audiences: list[AudienceName] = Field(UNSENT)
    cost: Literal["free", "fee"] = Field(UNSENT)
    fee_amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    fee_currency: str = Field(UNSENT, max_length=3)
    fee_waivers: dict[Literal["L", "LM", "UM", "H"], Annotated[int, Field(ge=0, le=100)]] = Field(
        UNSENT
    )
    has_certificate: bool = Field(UNSENT)
    starts_at: IsoMoment | None = None
    ends_at: IsoMoment | None = None
    time_zone: str = Field(UNSENT, max_length=64)
    seats: int | None = Field(None, ge=1, le=1_000_000)
    prerequisites: Texts = Field(UNSENT, max_length=6)
    url: str = Field(UNSENT, max_length=500)
    is_government_track: bool = Field(UNSENT)
    is_published: bool = Field(UNSENT)


def _offering_fields(data: dict[str, Any]) -> dict[str, Any]:
    for name in ("starts_at", "ends_at"):
        if name in data:
            data[name] = _utc(data[name], name)
    if "fee_currency" in data:
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
    offering = services.offering_create(actor=request.user, **data)
    return Status(201, selectors.offering_get(actor=request.user, slug=offering.slug))


@router.patch(
    "/offerings/{slug}",
    response=OfferingOut,
    auth=actor_auth,
    summary="Change an offering (the secretariat; a node operator their nodes' offerings)",
    operation_id="capacity_offering_update",
)
def offering_update(request: HttpRequest, slug: str, payload: OfferingPatch) -> Any:
    require_object_body(request)
    offering = selectors.offering_get(actor=request.user, slug=slug)
    data = _offering_fields(payload.dict(exclude_unset=True))
    services.offering_update(actor=request.user, offering=offering, **data)
    return selectors.offering_get(actor=request.user, slug=slug)
