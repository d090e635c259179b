"""/api/data/ access routes: requests judged against the policy, the trustee's decision,
entitlements and their revocation (issue 22, "Interfaces")."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.data import selectors, services
from aigov.data.models import AccessRequest, DataNeed, Entitlement
from aigov.data.vocabulary import PURPOSES

router = Router()

PK = Annotated[int, Field(ge=1, le=2**53)]


class AccessRequestIn(Schema):
    dataset: PK
    purposes: list[Annotated[str, Field(max_length=200)]] = Field(max_length=20)
    country: str = Field(max_length=3)
    duration_days: int = Field(ge=1, le=3650)
    organisation: str = Field("", max_length=300)


class AgreementOut(Schema):
    sha256: str
    template_version: str
    text: str
    accepted_by_requester_at: datetime.datetime
    accepted_by_trustee_at: datetime.datetime


class EntitlementOut(Schema):
    id: int
    dataset: int
    holder: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    revoked_at: datetime.datetime | None
    is_live: bool
    agreement: AgreementOut

    @staticmethod
    def resolve_dataset(obj: Entitlement) -> int:
        return obj.dataset_id

    @staticmethod
    def resolve_holder(obj: Entitlement) -> int:
        return obj.holder_id

    @staticmethod
    def resolve_is_live(obj: Entitlement) -> bool:
        return obj.is_live()


class AccessRequestOut(Schema):
    id: int
    dataset: int
    purposes: list[str]
    country: str
    duration_days: int
    organisation: str
    decision: str
    reason: str
    rule: str
    status: str
    decision_note: str
    entitlement: EntitlementOut | None

    @staticmethod
    def resolve_dataset(obj: AccessRequest) -> int:
        return obj.dataset_id

    @staticmethod
    def resolve_country(obj: AccessRequest) -> str:
        return str(obj.country_id)

    @staticmethod
    def resolve_decision(obj: AccessRequest) -> str:
        # The machine's answer while a trustee has not decided; then the trustee's.
        if obj.status == AccessRequest.Status.GRANTED:
            return "permit"
        if obj.status == AccessRequest.Status.REFUSED:
            return "deny"
        return "needs_review"

    @staticmethod
    def resolve_entitlement(obj: AccessRequest) -> Entitlement | None:
        return getattr(obj, "entitlement", None)


@router.post(
    "/access-requests",
    response={201: AccessRequestOut},
    auth=actor_auth,
    summary="Ask for access to a restricted dataset; the policy is judged at once",
    operation_id="data_access_request_submit",
)
def access_request_submit(request: HttpRequest, payload: AccessRequestIn) -> Status[Any]:
    dataset = selectors.dataset_get(actor=request.user, pk=payload.dataset)
    submitted = services.access_request_submit(
        actor=request.user,
        dataset=dataset,
        purposes=payload.purposes,
        country=payload.country,
        duration_days=payload.duration_days,
        organisation=payload.organisation,
    )
    return Status(201, selectors.access_request_get(actor=request.user, pk=submitted.pk))


@router.get(
    "/access-requests",
    response=list[AccessRequestOut],
    auth=actor_auth,
    summary="Your requests, and those about datasets you decide",
    operation_id="data_access_requests",
)
@paginate(Page)
def access_requests(request: HttpRequest) -> Any:
    return selectors.access_request_list(actor=request.user)


@router.get(
    "/access-requests/{id}",
    response=AccessRequestOut,
    auth=actor_auth,
    summary="One access request you may read",
    operation_id="data_access_request",
)
def access_request(request: HttpRequest, id: PK) -> Any:
    return selectors.access_request_get(actor=request.user, pk=id)


class AccessDecisionIn(Schema):
    decision: Literal["permit", "deny"]
    note: str = Field("", max_length=5000)


@router.post(
    "/access-requests/{id}/decision",
    response=AccessRequestOut,
    auth=actor_auth,
    summary="Decide a request the policy left to a trustee",
    operation_id="data_access_request_decide",
)
def access_request_decide(request: HttpRequest, id: PK, payload: AccessDecisionIn) -> Any:
    found = selectors.access_request_get(actor=request.user, pk=id)
    services.access_request_decide(
        actor=request.user, request=found, decision=payload.decision, note=payload.note
    )
    return selectors.access_request_get(actor=request.user, pk=id)


class RevokeIn(Schema):
    reason: str = Field("", max_length=2000)


@router.post(
    "/entitlements/{id}/revoke",
    response=EntitlementOut,
    auth=actor_auth,
    summary="Revoke an entitlement: downloads stop at once",
    operation_id="data_entitlement_revoke",
)
def entitlement_revoke(request: HttpRequest, id: PK, payload: RevokeIn | None = None) -> Any:
    found = selectors.entitlement_get(actor=request.user, pk=id)
    return services.entitlement_revoke(
        actor=request.user, entitlement=found, reason=payload.reason if payload else ""
    )


class PurposeOut(Schema):
    id: str
    label: str
    duo: str


@router.get(
    "/purposes",
    response=list[PurposeOut],
    summary="The purposes policies and requests name, with their DUO IRIs",
    operation_id="data_purposes",
)
@paginate(Page)
def purposes(request: HttpRequest) -> Any:
    return [{"id": p.slug, "label": str(p.label), "duo": p.duo_iri} for p in PURPOSES]


class DataNeedIn(Schema):
    language: str = Field("", max_length=20)
    country: str = Field("", max_length=3)
    task: str = Field("", max_length=40)
    why: str = Field(max_length=5000)


class DataNeedOut(Schema):
    id: int
    language: str | None
    country: str | None
    task: str
    why: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_language(obj: DataNeed) -> str | None:
        return obj.language_id

    @staticmethod
    def resolve_country(obj: DataNeed) -> str | None:
        return obj.country_id


@router.post(
    "/needs",
    response={201: DataNeedOut},
    auth=actor_auth,
    summary="Register data you need and cannot find (it feeds the gaps)",
    operation_id="data_need_register",
)
def need_register(request: HttpRequest, payload: DataNeedIn) -> Status[Any]:
    return Status(201, services.need_register(actor=request.user, **payload.dict()))


@router.get(
    "/needs",
    response=list[DataNeedOut],
    auth=actor_auth,
    summary="Missing data: your own, or all of it for data trustees and the secretariat",
    operation_id="data_needs",
)
@paginate(Page)
def needs(request: HttpRequest) -> Any:
    return selectors.need_list(actor=request.user)
