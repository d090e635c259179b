"""/api/fund/ routes of calls for proposals, applications, reviews, decisions and pledges."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.fund import selectors, services
from aigov.fund.api.shared import PK, Amount, Currency, IsoDate, ObjectIn, money
from aigov.fund.models import Application, Call, Review

router = Router()


class CallIn(ObjectIn):
    title: str = Field(..., min_length=1, max_length=300)
    opens_on: IsoDate
    closes_on: IsoDate
    description: str = Field("", max_length=20000)
    priority: str = Field("", max_length=300)
    sdg_targets: list[Annotated[str, Field(max_length=8)]] = Field(
        default_factory=list, max_length=169
    )
    budget: Amount | None = None
    currency: Currency = "USD"


class CallOut(Schema):
    id: int
    title: str
    description: str
    priority: str
    sdg_targets: list[str]
    budget: str | None
    currency: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str


def _call(call: Call) -> dict[str, Any]:
    return {
        "id": call.pk,
        "title": call.title,
        "description": call.description,
        "priority": call.priority,
        "sdg_targets": [target.code for target in call.sdg_targets.all()],
        "budget": money(call.budget),
        "currency": call.currency,
        "opens_on": call.opens_on,
        "closes_on": call.closes_on,
        "status": call.status,
    }


@router.post(
    "/calls",
    response={201: CallOut},
    auth=actor_auth,
    summary="Open a call for proposals (secretariat)",
    operation_id="fund_call_open",
)
def call_open(request: HttpRequest, payload: CallIn) -> Any:
    call = services.call_open(actor=request.user, fund=selectors.fund_default(), **payload.dict())
    return Status(201, _call(selectors.call_get(actor=request.user, pk=call.pk)))


@router.get(
    "/calls",
    response=list[CallOut],
    summary="Calls for proposals (drafts for the secretariat only)",
    operation_id="fund_call_list",
)
@paginate(Page)
def call_list(request: HttpRequest) -> Any:
    return [_call(call) for call in selectors.call_list(actor=request.user)]


class ApplicationIn(ObjectIn):
    organisation_name: str = Field(..., min_length=1, max_length=300)
    country: Annotated[str, Field(min_length=3, max_length=3)]
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field(..., min_length=1, max_length=20000)
    requested_amount: Amount
    currency: Currency


class ApplicationOut(Schema):
    id: int
    call: int
    organisation_name: str
    country: str
    title: str
    summary: str
    requested_amount: str
    currency: str
    status: str


def _application(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "call": application.call_id,
        "organisation_name": application.organisation_name,
        "country": application.country_id,
        "title": application.title,
        "summary": application.summary,
        "requested_amount": money(application.requested_amount),
        "currency": application.currency,
        "status": application.status,
    }


@router.post(
    "/calls/{id}/applications",
    response={201: ApplicationOut},
    auth=actor_auth,
    summary="Apply to an open call (any signed-in account)",
    operation_id="fund_application_submit",
)
def application_submit(request: HttpRequest, id: PK, payload: ApplicationIn) -> Any:
    call = selectors.call_get(actor=request.user, pk=id)
    application = services.application_submit(actor=request.user, call=call, **payload.dict())
    return Status(
        201, _application(selectors.application_get(actor=request.user, pk=application.pk))
    )


@router.get(
    "/applications",
    response=list[ApplicationOut],
    auth=actor_auth,
    summary="Applications you may read (your own; all for reviewers and the secretariat)",
    operation_id="fund_application_list",
)
@paginate(Page)
def application_list(request: HttpRequest) -> Any:
    return [_application(a) for a in selectors.application_list(actor=request.user)]


class ReviewIn(ObjectIn):
    has_conflict: bool
    conflict_statement: str = Field("", max_length=5000)
    score: Annotated[int, Field(ge=1, le=5)] | None = None
    comments: str = Field("", max_length=20000)


class ReviewOut(Schema):
    id: int
    application: int
    has_conflict: bool
    conflict_statement: str
    score: int | None
    comments: str


def _review(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "application": review.application_id,
        "has_conflict": review.has_conflict,
        "conflict_statement": review.conflict_statement,
        "score": review.score,
        "comments": review.comments,
    }


@router.post(
    "/applications/{id}/reviews",
    response={201: ReviewOut},
    auth=actor_auth,
    summary="Review an application after declaring any conflict of interest (experts)",
    operation_id="fund_review_submit",
)
def review_submit(request: HttpRequest, id: PK, payload: ReviewIn) -> Any:
    application = selectors.application_get(actor=request.user, pk=id)
    review = services.review_submit(actor=request.user, application=application, **payload.dict())
    return Status(201, _review(review))


@router.get(
    "/applications/{id}/reviews",
    response=list[ReviewOut],
    auth=actor_auth,
    summary="Reviews of an application you may read (your own; all for the secretariat)",
    operation_id="fund_review_list",
)
@paginate(Page)
def review_list(request: HttpRequest, id: PK) -> Any:
    application = selectors.application_get(actor=request.user, pk=id)
    return [_review(r) for r in selectors.review_list(actor=request.user, application=application)]


class DecisionIn(ObjectIn):
    approve: bool
    note: str = Field("", max_length=5000)


@router.post(
    "/applications/{id}/decision",
    response=ApplicationOut,
    auth=actor_auth,
    summary="Approve or decline an application (secretariat)",
    operation_id="fund_application_decide",
)
def application_decide(request: HttpRequest, id: PK, payload: DecisionIn) -> Any:
    application = selectors.application_get(actor=request.user, pk=id)
    services.application_decide(actor=request.user, application=application, **payload.dict())
    return _application(selectors.application_get(actor=request.user, pk=id))


class PledgeIn(ObjectIn):
    amount: Amount
    currency: Currency
    pledged_on: IsoDate
    description: str = Field("", max_length=500)
    contributor: PK | None = None
    is_public: bool = True


class PledgeOut(Schema):
    id: int
    contributor: int
    amount: str
    currency: str
    pledged_on: datetime.date
    description: str
    is_public: bool


@router.post(
    "/pledges",
    response={201: PledgeOut},
    auth=actor_auth,
    summary="Record a pledge (donor or secretariat; not posted to the books)",
    operation_id="fund_pledge_record",
)
def pledge_record(request: HttpRequest, payload: PledgeIn) -> Any:
    values = payload.dict()
    contributor_id = values.pop("contributor")
    contributor = (
        selectors.contributor_get_for_statement(actor=request.user, pk=contributor_id)
        if contributor_id
        else None
    )
    pledge = services.pledge_record(
        actor=request.user, fund=selectors.fund_default(), contributor=contributor, **values
    )
    return Status(
        201,
        {
            "id": pledge.pk,
            "contributor": pledge.contributor_id,
            "amount": money(pledge.amount),
            "currency": pledge.currency,
            "pledged_on": pledge.pledged_on,
            "description": pledge.description,
            "is_public": pledge.is_public,
        },
    )
