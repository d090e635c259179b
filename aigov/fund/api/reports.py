"""/api/fund/ grant reports: the grantee (or the secretariat) reports a period's narrative,
results against indicators and expenditure; what is reported spent never exceeds what was
disbursed (422, nothing written)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from aigov.accounts.api import actor_auth
from aigov.fund import selectors, services
from aigov.fund.api.shared import PK, Amount, IsoDate, ObjectIn, money

router = Router()


class ResultIn(ObjectIn):
    indicator: str = Field(..., min_length=1, max_length=300)
    baseline: Amount
    target: Amount
    actual: Amount
    measured_on: IsoDate


class ExpenditureIn(ObjectIn):
    amount: Amount
    spent_on: IsoDate
    description: str = Field("", max_length=500)


class ReportIn(ObjectIn):
    period_start: IsoDate
    period_end: IsoDate
    narrative: str = Field(..., max_length=20000)
    results: list[ResultIn] = Field(default_factory=list, max_length=50)
    expenditures: list[ExpenditureIn] = Field(default_factory=list, max_length=200)


class ResultOut(Schema):
    indicator: str
    baseline: str
    target: str
    actual: str
    measured_on: datetime.date


class ExpenditureOut(Schema):
    amount: str
    currency: str
    spent_on: datetime.date
    description: str


class ReportOut(Schema):
    id: int
    grant: int
    period_start: datetime.date
    period_end: datetime.date
    narrative: str
    results: list[ResultOut]
    expenditures: list[ExpenditureOut]


@router.post(
    "/grants/{id}/reports",
    response={201: ReportOut},
    auth=actor_auth,
    summary="Report on a grant (its grantee or the secretariat); 422 beyond what was disbursed",
    operation_id="fund_grant_report_submit",
)
def grant_report_submit(request: HttpRequest, id: PK, payload: ReportIn) -> Any:
    grant = selectors.grant_get(actor=request.user, pk=id)
    data = payload.dict()
    report = services.grant_report_submit(actor=request.user, grant=grant, **data)
    return Status(
        201,
        {
            "id": report.pk,
            "grant": grant.pk,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "narrative": report.narrative,
            "results": [
                {
                    "indicator": r.indicator,
                    "baseline": f"{r.baseline.normalize():f}",
                    "target": f"{r.target.normalize():f}",
                    "actual": f"{r.actual.normalize():f}",
                    "measured_on": r.measured_on,
                }
                for r in report.results.all()
            ],
            "expenditures": [
                {
                    "amount": money(e.amount),
                    "currency": e.currency,
                    "spent_on": e.spent_on,
                    "description": e.description,
                }
                for e in report.expenditures.all()
            ],
        },
    )
