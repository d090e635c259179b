"""/api/dialogue/: incident reports (read by confidentiality, filed by focal points), sessions.

Every read goes through `aigov.dialogue.selectors`, narrowed to what the caller may read: a
report the caller may not read is answered 404 exactly like a missing one.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.errors import InvalidInput
from aigov.core.exchange import dataset_export
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.exchange import incident_report_values
from aigov.dialogue.ical import session_calendar
from aigov.dialogue.models import IncidentReport, Practice, Session

router = Router(tags=["dialogue"])

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Use a date written YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
ConfidentialityLevel = Literal["public", "member_states", "secretariat", "reporting_state"]


class IncidentIn(Schema):
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


class LinkIn(Schema):
    incident: int = Field(..., ge=1, le=2**53)


class PublishIn(Schema):
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


class SessionOut(Schema):
    slug: str
    title: str
    titles: dict[str, str]
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    country: str | None
    focus: str
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Session) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_country(obj: Session) -> str | None:
        return obj.country_id


def _out(report: IncidentReport) -> dict[str, Any]:
    return incident_report_values(report)


PK = Annotated[int, Field(ge=1, le=2**53)]


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
        "responses": {
            "200": {
                "description": "The reports, one row or object each.",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
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


class SessionIn(Schema):
    slug: str = Field(..., pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)
    titles: dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
    starts_on: IsoDate
    ends_on: IsoDate
    place: str = Field(..., min_length=1, max_length=200)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    focus: Literal["opportunities", "risks"]


class PracticeIn(Schema):
    titles: dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
    descriptions: dict[
        Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=20000)]
    ] = Field(default_factory=dict)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    sessions: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=20
    )
    url: str = Field("", max_length=200)


class PracticeOut(Schema):
    id: int
    title: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    country: str | None
    sessions: list[str]
    url: str
    status: str
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Practice) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_country(obj: Practice) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_sessions(obj: Practice) -> list[str]:
        return [session.slug for session in obj.sessions.all()]


@router.post(
    "/sessions",
    response={201: SessionOut},
    auth=actor_auth,
    summary="Create a dialogue session (secretariat)",
    operation_id="dialogue_session_create",
)
def session_create(request: HttpRequest, payload: SessionIn) -> Status[Session]:
    session = services.session_create(actor=request.user, **payload.dict())
    return Status(201, session)


@router.get(
    "/practices",
    response=list[PracticeOut],
    summary="Governance practices you may see",
    operation_id="dialogue_practices",
)
@paginate(Page)
def practices(request: HttpRequest) -> Any:
    return selectors.practice_list(actor=request.user)


@router.post(
    "/practices",
    response={201: PracticeOut},
    auth=actor_auth,
    summary="Submit a governance practice",
    operation_id="dialogue_practice_submit",
)
def practice_submit(request: HttpRequest, payload: PracticeIn) -> Status[Practice]:
    values = payload.dict()
    slugs = values.pop("sessions")
    sessions = list(selectors.session_list(actor=request.user).filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {session.slug for session in sessions})
    if unknown:
        message = _("There is no session %(slug)s.") % {"slug": unknown[0]}
        raise InvalidInput(errors=[{"field": "sessions", "code": "unknown", "message": message}])
    practice = services.practice_submit(actor=request.user, sessions=sessions, **values)
    return Status(201, selectors.practice_get(actor=request.user, pk=practice.pk))


@router.get(
    "/sessions",
    response=list[SessionOut],
    summary="Dialogue sessions",
    operation_id="dialogue_sessions",
)
@paginate(Page)
def sessions(request: HttpRequest) -> Any:
    return selectors.session_list(actor=request.user)


@router.get(
    "/sessions/{slug}/calendar.ics",
    summary="A session and its agenda as iCalendar",
    operation_id="dialogue_session_calendar",
    openapi_extra={
        "responses": {
            "200": {
                "description": "An iCalendar (RFC 5545) file.",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def session_ical(request: HttpRequest, slug: Annotated[str, Field(max_length=100)]) -> HttpResponse:
    session = selectors.session_get(actor=request.user, slug=slug)
    return HttpResponse(
        session_calendar(session=session), content_type="text/calendar; charset=utf-8"
    )
