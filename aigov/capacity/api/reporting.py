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


class ReportTableOut(Schema):
    key: str
    title: str
    columns: list[str]  # the first heads the rows' labels
    rows: list[list[str]]  # formatted figures, the label first


class ReportSectionOut(Schema):
    key: str
    title: str
    intro: str
    tables: list[ReportTableOut]


class PeopleTrainedOut(Schema):
    """The total row first, then each dimension's groups, in the shape of every list; then the
    other modules' sections of the report (compute's, ...)."""

    count: int
    items: list[PeopleTrainedRowOut]
    sections: list[ReportSectionOut]


@router.get(
    "/reports/people-trained",
    response=PeopleTrainedOut,
    auth=actor_auth,
    summary="People trained by country, gender, group, income and LDC status (secretariat)",
    description=(
        'Groups of 1 to 4 people show "<5" instead of a number; nobody is 0. `sections` holds '
        "the report's other sections (shared compute's capacity, allocations and usage)."
    ),
    operation_id="capacity_report_people_trained",
)
def report_people_trained(request: HttpRequest) -> Any:
    rows = exchange.report_rows(selectors.people_trained(actor=request.user))
    sections = selectors.report_sections(actor=request.user)
    return {"count": len(rows), "items": rows, "sections": sections}
