"""/api/capacity/needs, offers and introductions: matchmaking."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors, services
from aigov.capacity.api.shared import ISO3_PATTERN, UNSENT, AudienceName, require_object_body
from aigov.capacity.models import Introduction, Need, Offer
from aigov.core.api import Page

router = Router()


class CapacityLimitIn(Schema):
    limit: int = Field(10, ge=1, le=50)


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


class OfferPatch(Schema):
    """Only the fields sent change; `null` clears an availability date. Other fields cannot be
    null (a 422 names them)."""

    title: str = Field(UNSENT, min_length=1, max_length=300)
    description: str = Field(UNSENT, max_length=10_000)
    topics: list[str] = Field(UNSENT, min_length=1, max_length=20)
    languages: list[str] = Field(UNSENT, min_length=1, max_length=12)
    audiences: list[AudienceName] = Field(UNSENT)
    regions: list[Literal["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"]] = Field(UNSENT)
    seats: int = Field(UNSENT, ge=1, le=1_000_000)
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None


class NeedMatchOut(Schema):
    offer: OfferOut
    score: int
    reasons: list[str]


class NeedMatchesOut(Schema):
    """The best `limit` matches, best first, in the shape of every list."""

    count: int
    items: list[NeedMatchOut]


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


class IntroductionStatusIn(Schema):
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
    return selectors.need_list(actor=request.user, status=status)


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
            actor=request.user, country=country.upper() if country else None, **data
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
    return services.need_close(actor=request.user, need=need, closed=payload.status == "closed")


@router.post(
    "/offers/{id}/status",
    response=OfferOut,
    auth=actor_auth,
    summary="Close an offer, or open it again (its owner, its node's operators, the secretariat)",
    operation_id="capacity_offer_status",
)
def offer_status(request: HttpRequest, id: int, payload: OfferStatusIn) -> Any:
    offer = selectors.offer_get(actor=request.user, pk=id)
    return services.offer_set_status(actor=request.user, offer=offer, status=payload.status)


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
    response=NeedMatchesOut,
    auth=actor_auth,
    summary="Open offers ranked for a need, with the reasons",
    operation_id="capacity_need_matches",
)
def need_matches(request: HttpRequest, id: int, params: Query[CapacityLimitIn]) -> Any:
    found = selectors.need_get(actor=request.user, pk=id)
    matches = selectors.need_matches(
        actor=request.user, need=found, today=timezone.now().date(), limit=params.limit
    )
    return {"count": len(matches), "items": matches}


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
            actor=request.user, need=found, offer=offer, message=payload.message
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
    return selectors.offer_list(actor=request.user, status=status)


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
    return Status(201, services.offer_create(actor=request.user, node=node, **data))


@router.patch(
    "/offers/{id}",
    response=OfferOut,
    auth=actor_auth,
    summary="Change an offer (its owner, its node's operators, the secretariat)",
    operation_id="capacity_offer_update",
)
def offer_update(request: HttpRequest, id: int, payload: OfferPatch) -> Any:
    require_object_body(request)
    found = selectors.offer_get(actor=request.user, pk=id)
    changes = payload.dict(exclude_unset=True)
    services.offer_update(actor=request.user, offer=found, **changes)
    return selectors.offer_get(actor=request.user, pk=id)


@router.get(
    "/introductions",
    response=list[IntroductionOut],
    auth=actor_auth,
    summary="Introductions I am a side of",
    operation_id="capacity_introductions",
)
@paginate(Page)
def introductions(request: HttpRequest) -> Any:
    return selectors.introduction_list(actor=request.user)


@router.post(
    "/introductions/{id}/status",
    response=IntroductionOut,
    auth=actor_auth,
    summary="Accept or decline (the provider), or mark in progress or done (either side)",
    operation_id="capacity_introduction_status",
)
def introduction_status(request: HttpRequest, id: int, payload: IntroductionStatusIn) -> Any:
    found = selectors.introduction_get(actor=request.user, pk=id)
    return services.introduction_set_status(
        actor=request.user, introduction=found, status=payload.status
    )
