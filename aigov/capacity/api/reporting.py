"""/api/capacity/reports: aggregate reports."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from aigov.accounts.api import actor_auth
from aigov.capacity import exchange, selectors

router = Router()


class PeopleTrainedRowOut(Schema):
    dimension: str
    group: str
    label: str
    people: int | str
    completions: int | str


class PeopleTrainedOut(Schema):
    """The total row first, then each dimension's groups, in the shape of every list."""

    count: int
    items: list[PeopleTrainedRowOut]


@router.get(
    "/reports/people-trained",
    response=PeopleTrainedOut,
    auth=actor_auth,
    summary="People trained by country, gender, group, income and LDC status (secretariat)",
    description='Groups of 1 to 4 people show "<5" instead of a number; nobody is 0.',
    operation_id="capacity_report_people_trained",
)
def report_people_trained(request: HttpRequest) -> Any:
    rows = exchange.report_rows(selectors.people_trained(actor=request.user))
    return {"count": len(rows), "items": rows}
