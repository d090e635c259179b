"""/api/dialogue/incidents: incident reports, read by confidentiality, filed by focal points."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.exchange import dataset_export
from aigov.dialogue import selectors, services
from aigov.dialogue.api.shared import PK, ConfidentialityLevel, IsoDate, ObjectIn, patch_field
from aigov.dialogue.exchange import incident_report_values
from aigov.dialogue.models import IncidentReport

router = Router()


class IncidentIn(ObjectIn):
    confidentiality: ConfidentialityLevel
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    countries: list[Annotated[str, Field(min_length=3, max_length=3)]] = Field(
        default_factory=list, max_length=250
    )
    risk_areas: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list, max_length=100
    )
    occurred_on: IsoDate | None = None
    ai_system: str = Field("", max_length=300)
    developer: str = Field("", max_length=300)
    deployer: str = Field("", max_length=300)
    affected_groups: str = Field("", max_length=500)
    severity: Literal["", "hazard", "incident", "serious"] = ""
    exceeded_national_capacity: bool | None = None
    response: str = Field("", max_length=20000)
    sources: str = Field("", max_length=20000)
    reporting_state: Annotated[str, Field(min_length=3, max_length=3)] | None = None


class IncidentOut(Schema):
    id: int
    incident: int
    title: str
    description: str | None
    occurred_on: datetime.date | None
    countries: list[str] | None
    risk_areas: list[str] | None
    ai_system: str | None
    developer: str | None
    deployer: str | None
    affected_groups: str | None
    severity: str | None
    exceeded_national_capacity: bool | None
    response: str | None
    sources: str | None
    reporting_state: str | None
    confidentiality: str
    status: str
    is_published_version: bool
    redacted_fields: list[str]
    is_demo: bool
    created_at: datetime.datetime


class GroupCountOut(Schema):
    name: str
    count: int
    restricted: int | None


class IncidentStatsOut(Schema):
    threshold: int
    by_risk_area: dict[str, GroupCountOut]
    by_country: dict[str, GroupCountOut]


class LinkIn(ObjectIn):
    incident: int = Field(..., ge=1, le=2**53)


class PublishIn(ObjectIn):
    redact: list[Literal[IncidentReport.REDACTABLE_FIELDS]] = Field(  # type: ignore[valid-type]  # a tuple of literals
        default_factory=list, max_length=20
    )
    title: str | None = Field(None, min_length=1, max_length=300)


class DuplicateOut(Schema):
    id: int
    incident: int
    title: str
    score: float
    shared_countries: list[str]
    days_apart: int | None


def _out(report: IncidentReport) -> dict[str, Any]:
    return incident_report_values(report)


@router.get(
    "/incidents",
    response=list[IncidentOut],
    summary="Incident reports you may read",
    operation_id="dialogue_incidents",
)
@paginate(Page)
def incidents(
    request: HttpRequest,
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None,
    risk_area: Annotated[str, Field(max_length=80)] | None = None,
) -> Any:
    reports = selectors.incident_report_list(
        actor=request.user, country=country, risk_area=risk_area
    )
    return _Values(reports)


class _Values:
    """A sliceable view of a queryset that yields each report's plain values (for pagination)."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_out(report) for report in self.queryset[window]]


@router.post(
    "/incidents",
    response={201: IncidentOut},
    auth=actor_auth,
    summary="File an incident report",
    operation_id="dialogue_incident_file",
)
def incident_file(request: HttpRequest, payload: IncidentIn) -> Status[dict[str, Any]]:
    report = services.incident_report_file(actor=request.user, **payload.dict())
    return Status(201, _out(selectors.incident_report_get(actor=request.user, pk=report.pk)))


@router.get(
    "/incidents/export",
    summary="Export the incident reports you may read (JSON or CSV)",
    operation_id="dialogue_incidents_export",
    openapi_extra={
        # The integer key merges into the response ninja declares; "200" added a second one.
        "responses": {
            200: {
                "description": "The reports, one row or object each.",
                "content": {
                    # A file to download, in the format `aigov export` writes and `aigov import`
                    # reads, not a list to page through (GET /api/dialogue/incidents is that).
                    "application/json": {
                        "schema": {
                            "description": (
                                "A JSON file: an array holding one object per report, with "
                                "the columns of the CSV file."
                            )
                        }
                    },
                    "text/csv": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def incidents_export(request: HttpRequest, format: Literal["json", "csv"] = "json") -> HttpResponse:
    content = dataset_export(actor=request.user, slug="dialogue-incidents", file_format=format)
    content_type = "application/json" if format == "json" else "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="incidents.{format}"'
    return response


@router.get(
    "/incidents/stats",
    response=IncidentStatsOut,
    summary="Incident counts by risk area and by country",
    operation_id="dialogue_incidents_stats",
)
def incidents_stats(request: HttpRequest) -> Any:
    return selectors.incident_stats(actor=request.user).as_dict()


@router.get(
    "/incidents/{id}",
    response=IncidentOut,
    summary="One incident report",
    operation_id="dialogue_incident",
)
def incident(request: HttpRequest, id: PK) -> Any:
    return _out(selectors.incident_report_get(actor=request.user, pk=id))


@router.get(
    "/incidents/{id}/duplicates",
    response=list[DuplicateOut],
    auth=actor_auth,
    summary="Reports that may describe the same event (secretariat)",
    operation_id="dialogue_incident_duplicates",
)
@paginate(Page)
def incident_duplicates(request: HttpRequest, id: PK) -> Any:
    report = selectors.incident_report_get(actor=request.user, pk=id)
    require(request.user, "dialogue.manage_incidents")
    return [
        {
            "id": s.report.pk,
            "incident": s.report.incident_id,
            "title": s.report.title,
            "score": s.score,
            "shared_countries": s.shared_countries,
            "days_apart": s.days_apart,
        }
        for s in selectors.incident_duplicate_suggestions(actor=request.user, report=report)
    ]


@router.post(
    "/incidents/{id}/link",
    response=IncidentOut,
    auth=actor_auth,
    summary="Link a report to another incident (secretariat)",
    operation_id="dialogue_incident_link",
)
def incident_link(request: HttpRequest, id: PK, payload: LinkIn) -> Any:
    report = selectors.incident_report_get(actor=request.user, pk=id)
    target = selectors.incident_get(actor=request.user, pk=payload.incident)
    services.incident_report_link(actor=request.user, report=report, incident=target)
    return _out(selectors.incident_report_get(actor=request.user, pk=id))


@router.post(
    "/incidents/{id}/publish",
    response={201: IncidentOut},
    auth=actor_auth,
    summary="Publish a redacted version of a report (secretariat)",
    operation_id="dialogue_incident_publish",
)
def incident_publish(request: HttpRequest, id: PK, payload: PublishIn) -> Any:
    report = selectors.incident_report_get(actor=request.user, pk=id)
    version = services.incident_report_publish(
        actor=request.user, report=report, redact=list(payload.redact), title=payload.title
    )
    return Status(201, _out(selectors.incident_report_get(actor=request.user, pk=version.pk)))


# Incident reports: editing and withdrawal ----------------------------------------------------


class IncidentEditIn(ObjectIn):
    """The fields to change; a field left out is unchanged. The title, the countries, the risk
    areas and the confidentiality cannot be null (send `[]` for no countries or risk areas); the
    other texts, the date, the severity and the national capacity can (null empties them)."""

    title: str = patch_field(min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    countries: list[Annotated[str, Field(min_length=3, max_length=3)]] = patch_field(max_length=250)
    risk_areas: list[Annotated[str, Field(min_length=1, max_length=80)]] = patch_field(
        max_length=100
    )
    occurred_on: IsoDate | None = None
    ai_system: str | None = Field(None, max_length=300)
    developer: str | None = Field(None, max_length=300)
    deployer: str | None = Field(None, max_length=300)
    affected_groups: str | None = Field(None, max_length=500)
    severity: Literal["", "hazard", "incident", "serious"] | None = None
    exceeded_national_capacity: bool | None = None
    response: str | None = Field(None, max_length=20000)
    sources: str | None = Field(None, max_length=20000)
    confidentiality: ConfidentialityLevel = patch_field()


class WithdrawIn(ObjectIn):
    reason: str = Field(..., min_length=1, max_length=2000)


@router.patch(
    "/incidents/{id}",
    response=IncidentOut,
    auth=actor_auth,
    summary="Edit a filed report (its reporter, its state's focal points, the secretariat)",
    operation_id="dialogue_incident_edit",
)
def incident_edit(request: HttpRequest, id: PK, payload: IncidentEditIn) -> Any:
    report = selectors.incident_report_get(actor=request.user, pk=id)
    services.incident_report_edit(
        actor=request.user, report=report, changes=payload.dict(exclude_unset=True)
    )
    return _out(selectors.incident_report_get(actor=request.user, pk=id))


@router.post(
    "/incidents/{id}/withdraw",
    response=IncidentOut,
    auth=actor_auth,
    summary="Withdraw a published version (secretariat)",
    operation_id="dialogue_incident_withdraw",
)
def incident_withdraw(request: HttpRequest, id: PK, payload: WithdrawIn) -> Any:
    report = selectors.incident_report_get(actor=request.user, pk=id)
    services.incident_report_withdraw(actor=request.user, report=report, reason=payload.reason)
    return _out(selectors.incident_report_get(actor=request.user, pk=id))
