"""/api/fund/ money routes: contributions and their evidence, grants, disbursements, the
trial balance."""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.fund import selectors, services
from aigov.fund.api.shared import PK, Amount, Currency, IsoDate, ObjectIn, money
from aigov.fund.documents import evidence_response
from aigov.fund.models import Contribution, Grant

router = Router()


class ContributionIn(ObjectIn):
    kind: Literal["financial", "in_kind"]
    amount: Amount
    currency: Currency
    value_date: IsoDate
    description: str = Field(..., min_length=1, max_length=500)
    quantity: Amount | None = None
    unit: str = Field("", max_length=50)
    valuation_method: Literal["market_rate", "cost", "agreed_value"] | None = None
    unit_value: Amount | None = None
    in_kind_type: (
        Literal["compute_hours", "dataset", "expert_days", "training_seats", "other"] | None
    ) = None
    contributor: PK | None = None
    evidence_links: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=20
    )
    restricted_theme: str = Field("", max_length=200)
    restricted_countries: list[Annotated[str, Field(max_length=3)]] = Field(
        default_factory=list, max_length=250
    )
    restricted_sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(
        default_factory=list, max_length=17
    )
    is_public: bool = True


class ContributionOut(Schema):
    id: int
    kind: str
    amount: str
    currency: str
    value_date: datetime.date
    description: str
    contributor: int
    contributor_name: str
    in_kind_type: str
    quantity: str | None
    unit: str
    valuation_method: str
    unit_value: str | None
    evidence_links: list[str]
    is_restricted: bool
    restricted_theme: str
    restricted_countries: list[str]
    restricted_sdgs: list[int]
    is_public: bool
    transaction: int | None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _contribution(contribution: Contribution) -> dict[str, Any]:
    return {
        "id": contribution.pk,
        "kind": contribution.kind,
        "amount": f"{contribution.amount:.2f}",
        "currency": contribution.currency,
        "value_date": contribution.value_date,
        "description": contribution.description,
        "contributor": contribution.contributor_id,
        "contributor_name": contribution.contributor.name,
        "in_kind_type": contribution.in_kind_type,
        "quantity": _text(contribution.quantity),
        "unit": contribution.unit,
        "valuation_method": contribution.valuation_method,
        "unit_value": _text(contribution.unit_value),
        "evidence_links": contribution.evidence_links,
        "is_restricted": contribution.is_restricted,
        "restricted_theme": contribution.restricted_theme,
        "restricted_countries": [c.iso3 for c in contribution.restricted_countries.all()],
        "restricted_sdgs": [s.number for s in contribution.restricted_sdgs.all()],
        "is_public": contribution.is_public,
        "transaction": contribution.transaction_id,
    }


@router.post(
    "/contributions",
    response={201: ContributionOut},
    auth=actor_auth,
    summary="Record a financial or in-kind contribution and post it (donor or secretariat)",
    operation_id="fund_contribution_record",
)
def contribution_record(request: HttpRequest, payload: ContributionIn) -> Any:
    values = payload.dict()
    contributor_id = values.pop("contributor")
    contributor = (
        selectors.contributor_get_for_statement(actor=request.user, pk=contributor_id)
        if contributor_id
        else None
    )
    contribution = services.contribution_record(
        actor=request.user,
        fund=selectors.fund_default(),
        contributor=contributor,
        **{
            **values,
            "valuation_method": values["valuation_method"] or "",
            "in_kind_type": values["in_kind_type"] or "",
        },
    )
    return Status(
        201, _contribution(selectors.contribution_get(actor=request.user, pk=contribution.pk))
    )


@router.get(
    "/contributions",
    response=list[ContributionOut],
    summary="Contributions you may see (public ones; a donor's own; all for the secretariat)",
    operation_id="fund_contribution_list",
)
@paginate(Page)
def contribution_list(request: HttpRequest) -> Any:
    return [_contribution(c) for c in selectors.contribution_list(actor=request.user)]


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


@router.post(
    "/contributions/{id}/documents",
    response={201: EvidenceOut},
    auth=actor_auth,
    summary="Upload evidence of a contribution (PDF, PNG or JPEG; donor or secretariat)",
    operation_id="fund_evidence_add",
)
def evidence_add(request: HttpRequest, id: PK, file: File[UploadedFile]) -> Any:
    contribution = selectors.contribution_get(actor=request.user, pk=id)
    document = services.evidence_document_attach(
        actor=request.user, contribution=contribution, upload=file
    )
    return Status(
        201,
        {
            "id": document.pk,
            "name": document.original_name,
            "content_type": document.content_type,
            "size": document.size,
            "url": f"/api/fund/documents/{document.pk}",
        },
    )


@router.get(
    "/documents/{id}",
    summary="Download evidence of a contribution (only if you may see the contribution)",
    operation_id="fund_evidence_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as uploaded.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def evidence_download(request: HttpRequest, id: PK) -> FileResponse:
    return evidence_response(selectors.evidence_document_get(actor=request.user, pk=id))


class TrancheIn(ObjectIn):
    amount: Amount
    due_on: IsoDate


class GrantIn(ObjectIn):
    title: str = Field(..., min_length=1, max_length=300)
    recipient_country: Annotated[str, Field(min_length=3, max_length=3)]
    amount: Amount
    currency: Currency
    recipient_name: str = Field("", max_length=300)
    application: PK | None = None
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] = Field(default_factory=list, max_length=17)
    tranches: list[TrancheIn] = Field(default_factory=list, max_length=100)
    committed_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    funded_from: PK | None = None  # a restricted contribution whose earmark fits the grant


class GrantOut(Schema):
    id: int
    title: str
    recipient_name: str
    recipient_country: str
    committed: str
    disbursed: str
    remaining: str
    currency: str
    status: str
    committed_on: datetime.date
    sdgs: list[int]


class GrantBalanceOut(Schema):
    id: int
    committed: str
    disbursed: str
    remaining: str
    currency: str


def _grant_balance(grant: Grant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "committed": f"{grant.committed:.2f}",
        "disbursed": f"{grant.disbursed:.2f}",
        "remaining": f"{grant.remaining:.2f}",
        "currency": grant.currency,
    }


def _grant(grant: Grant) -> dict[str, Any]:
    return {
        **_grant_balance(grant),
        "title": grant.title,
        "recipient_name": grant.recipient_name,
        "recipient_country": grant.recipient_country_id,
        "status": grant.status,
        "committed_on": grant.committed_on,
        "sdgs": [sdg.number for sdg in grant.sdgs.all()],
    }


@router.post(
    "/grants",
    response={201: GrantOut},
    auth=actor_auth,
    summary="Commit a grant and post the commitment (secretariat)",
    operation_id="fund_grant_commit",
)
def grant_commit(request: HttpRequest, payload: GrantIn) -> Any:
    values = payload.dict()
    application_id = values.pop("application")
    application = (
        selectors.application_get(actor=request.user, pk=application_id) if application_id else None
    )
    tranches = [(t["amount"], t["due_on"]) for t in values.pop("tranches")]
    funded_from_id = values.pop("funded_from")
    funded_from = (
        selectors.contribution_get(actor=request.user, pk=funded_from_id)
        if funded_from_id
        else None
    )
    grant = services.grant_commit(
        actor=request.user,
        fund=selectors.fund_default(),
        application=application,
        tranches=tranches,
        funded_from=funded_from,
        **values,
    )
    return Status(201, _grant(selectors.grant_get(actor=request.user, pk=grant.pk)))


@router.get(
    "/grants",
    response=list[GrantOut],
    summary="The fund's grants (public), newest first",
    operation_id="fund_grant_list",
)
@paginate(Page)
def grant_list(request: HttpRequest) -> Any:
    return [_grant(g) for g in selectors.grant_list(actor=request.user)]


@router.get(
    "/grants/{id}",
    response=GrantBalanceOut,
    summary="A grant's commitment, what was disbursed and what remains",
    operation_id="fund_grant_get",
)
def grant_get(request: HttpRequest, id: PK) -> Any:
    return _grant_balance(selectors.grant_get(actor=request.user, pk=id))


class DisbursementIn(ObjectIn):
    amount: Amount
    currency: Currency
    value_date: IsoDate
    tranche: Annotated[int, Field(ge=1, le=1000)] | None = None


class DisbursementOut(Schema):
    id: int
    grant: int
    amount: str
    currency: str
    value_date: datetime.date
    tranche: int | None
    transaction: int


@router.post(
    "/grants/{id}/disbursements",
    response={201: DisbursementOut},
    auth=actor_auth,
    summary="Disburse part of a grant (secretariat); 409 if it would overdraw",
    operation_id="fund_disbursement_record",
)
def disbursement_record(request: HttpRequest, id: PK, payload: DisbursementIn) -> Any:
    grant = selectors.grant_get(actor=request.user, pk=id)
    disbursement = services.disbursement_record(actor=request.user, grant=grant, **payload.dict())
    return Status(
        201,
        {
            "id": disbursement.pk,
            "grant": grant.pk,
            "amount": f"{disbursement.amount:.2f}",
            "currency": disbursement.currency,
            "value_date": disbursement.value_date,
            "tranche": disbursement.tranche.number if disbursement.tranche else None,
            "transaction": disbursement.transaction_id,
        },
    )


class TrialBalanceItemOut(Schema):
    account: str
    currency: str
    debit: str
    credit: str


class TotalOut(Schema):
    debit: str
    credit: str


class TrialBalanceOut(Schema):
    items: list[TrialBalanceItemOut]
    totals: dict[str, TotalOut]


@router.get(
    "/ledger/trial-balance",
    response=TrialBalanceOut,
    auth=actor_auth,
    summary="The trial balance per account and currency (secretariat)",
    operation_id="fund_trial_balance",
)
def trial_balance(request: HttpRequest) -> Any:
    balance = selectors.trial_balance(actor=request.user, fund=selectors.fund_default())
    return {
        "items": [
            {
                "account": line.account,
                "currency": line.currency,
                "debit": f"{line.debit:.2f}",
                "credit": f"{line.credit:.2f}",
            }
            for line in balance.lines
        ],
        "totals": {
            currency: {"debit": f"{t['debit']:.2f}", "credit": f"{t['credit']:.2f}"}
            for currency, t in balance.totals.items()
        },
    }


class UsdLineOut(Schema):
    account: str
    currency: str
    balance: str
    rate_date: datetime.date | None
    units_per_usd: str | None
    rate_source: str
    balance_usd: str | None


@router.get(
    "/ledger/usd",
    response=list[UsdLineOut],
    auth=actor_auth,
    summary="Each account's balance per currency in US dollars at imported rates (secretariat)",
    operation_id="fund_usd_view",
)
@paginate(Page)
def usd_view(request: HttpRequest, as_of: IsoDate | None = None) -> Any:
    lines = selectors.usd_view(
        actor=request.user,
        fund=selectors.fund_default(),
        as_of=as_of or timezone.localdate(),
    )
    return [
        {
            "account": line.account,
            "currency": line.currency,
            "balance": money(line.balance),
            "rate_date": line.rate.on if line.rate else None,
            "units_per_usd": f"{line.rate.units_per_usd:f}" if line.rate else None,
            "rate_source": line.rate.source if line.rate else "",
            "balance_usd": money(line.balance_usd),
        }
        for line in lines
    ]


class ReversalIn(ObjectIn):
    reason: str = Field(..., min_length=1, max_length=500)


class ReversalOut(Schema):
    id: int
    reverses: int
    value_date: datetime.date


@router.post(
    "/ledger/transactions/{id}/reversal",
    response={201: ReversalOut},
    auth=actor_auth,
    summary="Reverse a contribution's posting (secretariat); posted entries are never edited",
    operation_id="fund_transaction_reverse",
)
def transaction_reverse(request: HttpRequest, id: PK, payload: ReversalIn) -> Any:
    posted = selectors.transaction_get(actor=request.user, pk=id)
    reversal = services.transaction_reverse(
        actor=request.user, posted=posted, reason=payload.reason
    )
    return Status(
        201, {"id": reversal.pk, "reverses": posted.pk, "value_date": reversal.value_date}
    )
