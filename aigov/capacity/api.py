"""/api/capacity/: the catalogue, the network, learners' own progress, credential verification."""

import datetime
import json
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors
from aigov.capacity.models import Audience, Credential, Enrolment, Node, Offering
from aigov.core.api import Page
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


class OfferingFilterIn(Schema):
    kind: KindName | None = None
    language: str | None = Field(None, pattern=BCP47_PATTERN, max_length=35)
    audience: AudienceName | None = None
    topic: str | None = None
    cost: Literal["free", "fee"] | None = None
    provider: str | None = None
    starts_after: IsoMoment | None = None


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


@router.get(
    "/offerings",
    response=list[OfferingOut],
    summary="The catalogue: offerings, filtered",
    operation_id="capacity_offerings",
)
@paginate(Page)
def offerings(request: HttpRequest, filters: Query[OfferingFilterIn]) -> Any:
    starts_after = filters.starts_after
    if starts_after is not None and starts_after.tzinfo is None:
        starts_after = starts_after.replace(tzinfo=datetime.UTC)
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
