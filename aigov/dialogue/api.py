"""/api/dialogue/: incident reports (read by confidentiality, filed by focal points), sessions.

Every read goes through `aigov.dialogue.selectors`, narrowed to what the caller may read: a
report the caller may not read is answered 404 exactly like a missing one.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate
from pydantic import BeforeValidator

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.errors import InvalidInput
from aigov.core.exchange import dataset_export
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.documents import document_response
from aigov.dialogue.exchange import incident_report_values
from aigov.dialogue.ical import session_calendar
from aigov.dialogue.models import (
    AgendaItem,
    IncidentReport,
    Practice,
    Registration,
    Segment,
    Session,
    Statement,
    StatementDocument,
)

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
    policies: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    standards: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )


class PracticeOut(Schema):
    id: int
    title: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    country: str | None
    sessions: list[str]
    url: str
    policies: list[str]
    standards: list[str]
    status: str
    review_note: str
    is_demo: bool

    @staticmethod
    def resolve_policies(obj: Practice) -> list[str]:
        return [policy.slug for policy in obj.policies.all()]

    @staticmethod
    def resolve_standards(obj: Practice) -> list[str]:
        return [standard.reference for standard in obj.standards.all()]

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
    links = selectors.link_targets(
        actor=request.user, policies=values.pop("policies"), standards=values.pop("standards")
    )
    slugs = values.pop("sessions")
    sessions = list(selectors.session_list(actor=request.user).filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {session.slug for session in sessions})
    if unknown:
        message = _("There is no session %(slug)s.") % {"slug": unknown[0]}
        raise InvalidInput(errors=[{"field": "sessions", "code": "unknown", "message": message}])
    practice = services.practice_submit(
        actor=request.user,
        sessions=sessions,
        policies=links.policies,
        standards=links.standards,
        **values,
    )
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


# Incident reports: editing and withdrawal ----------------------------------------------------


class IncidentEditIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    countries: list[Annotated[str, Field(min_length=3, max_length=3)]] | None = Field(
        None, max_length=250
    )
    risk_areas: list[Annotated[str, Field(min_length=1, max_length=80)]] | None = Field(
        None, max_length=100
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
    confidentiality: ConfidentialityLevel | None = None


class WithdrawIn(Schema):
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


# Sessions: detail, segments, agenda, statements, documents, registrations --------------------

Slug = Annotated[str, Field(max_length=100)]
Translations = dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
LongTranslations = dict[
    Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=50000)]
]


class SegmentIn(Schema):
    kind: Literal["member_states", "stakeholders"]
    titles: Translations
    position: int = Field(0, ge=0, le=1000)


class SegmentOut(Schema):
    id: int
    kind: str
    title: str
    titles: dict[str, str]
    position: int

    @staticmethod
    def resolve_title(obj: Segment) -> str:
        return pick(obj.titles).text


class AgendaItemIn(Schema):
    titles: Translations
    descriptions: LongTranslations = Field(default_factory=dict)
    position: int = Field(0, ge=0, le=1000)
    segment: int | None = Field(None, ge=1, le=2**53)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    incidents: list[Annotated[int, Field(ge=1, le=2**53)]] = Field(
        default_factory=list, max_length=50
    )
    policies: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    standards: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )
    reports: list[Annotated[str, Field(max_length=80)]] = Field(default_factory=list, max_length=50)


class LinkedRecordOut(Schema):
    key: str
    title: str
    url: str


class AgendaItemOut(Schema):
    id: int
    position: int
    segment: int | None
    title: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    incident_reports: list[LinkedRecordOut]
    policies: list[LinkedRecordOut]
    standards: list[LinkedRecordOut]
    reports: list[LinkedRecordOut]


class DocumentOut(Schema):
    id: int
    language: str
    name: str
    content_type: str
    size: int
    url: str


class StatementIn(Schema):
    kind: Literal["statement", "submission"]
    speaker: str = Field(..., min_length=1, max_length=300)
    titles: Translations
    texts: LongTranslations = Field(default_factory=dict)
    agenda_item: int | None = Field(None, ge=1, le=2**53)


class StatementOut(Schema):
    id: int
    kind: str
    speaker: str
    agenda_item: int | None
    title: str
    titles: dict[str, str]
    texts: dict[str, str]
    status: str
    documents: list[DocumentOut]
    is_demo: bool
    created_at: datetime.datetime


class RegistrationIn(Schema):
    role: Literal["member_state", "stakeholder", "observer"]
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None


class RegistrationOut(Schema):
    id: int
    role: str
    country: str | None
    user: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_country(obj: Registration) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_user(obj: Registration) -> str:
        return obj.user.get_username()


class BalanceRowOut(Schema):
    key: str
    label: str
    count: int
    share: float


class BalanceOut(Schema):
    total: int
    by_role: list[BalanceRowOut]
    by_regional_group: list[BalanceRowOut]


class SessionDetailOut(Schema):
    slug: str
    title: str
    titles: dict[str, str]
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    country: str | None
    focus: str
    is_demo: bool
    outcome_summary: dict[str, str]
    segments: list[SegmentOut]
    agenda: list[AgendaItemOut]
    statements: list[StatementOut]
    practices: list[int]
    balance: BalanceOut


class SessionEditIn(Schema):
    titles: Translations | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    place: str | None = Field(None, min_length=1, max_length=200)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    focus: Literal["opportunities", "risks"] | None = None
    outcome_summary: LongTranslations | None = None


def _document(document: StatementDocument) -> dict[str, Any]:
    return {
        "id": document.pk,
        "language": document.language,
        "name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "url": f"/api/dialogue/documents/{document.pk}",
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "kind": statement.kind,
        "speaker": statement.speaker,
        "agenda_item": statement.agenda_item_id,
        "title": pick(statement.titles).text,
        "titles": statement.titles,
        "texts": statement.texts,
        "status": statement.status,
        "documents": [_document(document) for document in statement.documents.all()],
        "is_demo": statement.is_demo,
        "created_at": statement.created_at,
    }


def _agenda(request: HttpRequest, session: Session) -> list[dict[str, Any]]:
    reports = selectors.agenda_incident_reports(actor=request.user, session=session)
    return [
        {
            "id": item.pk,
            "position": item.position,
            "segment": item.segment_id,
            "title": pick(item.titles).text,
            "titles": item.titles,
            "descriptions": item.descriptions,
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "incident_reports": [
                {"key": str(r.pk), "title": r.title, "url": f"/api/dialogue/incidents/{r.pk}"}
                for r in reports.get(item.pk, [])
            ],
            "policies": [
                {"key": p.slug, "title": str(p), "url": p.get_absolute_url()}
                for p in item.policies.all()
            ],
            "standards": [
                {"key": s.reference, "title": pick(s.titles).text, "url": s.get_absolute_url()}
                for s in item.standards.all()
            ],
            "reports": [
                {"key": r.slug, "title": r.get_kind_display(), "url": r.get_absolute_url()}
                for r in item.reports.all()
            ],
        }
        for item in session.agenda_items.all()
    ]


def _session(request: HttpRequest, slug: str) -> Session:
    return selectors.session_get(actor=request.user, slug=slug)


@router.get(
    "/sessions/{slug}",
    response=SessionDetailOut,
    summary="One session: segments, agenda, statements, practices, regional balance, outcome",
    operation_id="dialogue_session",
)
def session_detail(request: HttpRequest, slug: Slug) -> Any:
    session = _session(request, slug)
    balance = selectors.registration_balance(session=session)
    return {
        "slug": session.slug,
        "title": pick(session.titles).text,
        "titles": session.titles,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place": session.place,
        "country": session.country_id,
        "focus": session.focus,
        "is_demo": session.is_demo,
        "outcome_summary": session.outcome_summary,
        "segments": list(session.segments.all()),
        "agenda": _agenda(request, session),
        "statements": [_statement(s) for s in session.visible_statements],  # type: ignore[attr-defined]  # prefetched to_attr
        "practices": [p.pk for p in selectors.practice_list(actor=request.user, session=session)],
        "balance": balance,
    }


@router.patch(
    "/sessions/{slug}",
    response=SessionOut,
    auth=actor_auth,
    summary="Edit a session, its outcome summary included (secretariat)",
    operation_id="dialogue_session_edit",
)
def session_edit(request: HttpRequest, slug: Slug, payload: SessionEditIn) -> Any:
    session = _session(request, slug)
    return services.session_update(
        actor=request.user, session=session, changes=payload.dict(exclude_unset=True)
    )


@router.get(
    "/sessions/{slug}/segments",
    response=list[SegmentOut],
    summary="The segments of a session",
    operation_id="dialogue_session_segments",
)
def session_segments(request: HttpRequest, slug: Slug) -> Any:
    return list(_session(request, slug).segments.all())


@router.post(
    "/sessions/{slug}/segments",
    response={201: SegmentOut},
    auth=actor_auth,
    summary="Add a segment (secretariat)",
    operation_id="dialogue_session_segment_add",
)
def session_segment_add(request: HttpRequest, slug: Slug, payload: SegmentIn) -> Any:
    session = _session(request, slug)
    return Status(201, services.segment_add(actor=request.user, session=session, **payload.dict()))


@router.delete(
    "/sessions/{slug}/segments/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a segment and its agenda items (secretariat)",
    operation_id="dialogue_session_segment_remove",
)
def session_segment_remove(request: HttpRequest, slug: Slug, id: PK) -> Any:
    session = _session(request, slug)
    segment = selectors.segment_get(actor=request.user, session=session, pk=id)
    services.segment_remove(actor=request.user, segment=segment)
    return Status(204, None)


@router.get(
    "/sessions/{slug}/agenda",
    response=list[AgendaItemOut],
    summary="The agenda of a session, with its links (incidents only where you may read them)",
    operation_id="dialogue_session_agenda",
)
def session_agenda(request: HttpRequest, slug: Slug) -> Any:
    return _agenda(request, _session(request, slug))


def _agenda_values(request: HttpRequest, session: Session, payload: AgendaItemIn) -> dict[str, Any]:
    values = payload.dict()
    links = selectors.link_targets(
        actor=request.user,
        incidents=values.pop("incidents"),
        policies=values.pop("policies"),
        standards=values.pop("standards"),
        reports=values.pop("reports"),
    )
    segment_id = values.pop("segment")
    segment = (
        selectors.segment_get(actor=request.user, session=session, pk=segment_id)
        if segment_id
        else None
    )
    return {
        **values,
        "segment": segment,
        "incidents": links.incidents,
        "policies": links.policies,
        "standards": links.standards,
        "reports": links.reports,
    }


def _agenda_item_out(request: HttpRequest, session: Session, item: AgendaItem) -> dict[str, Any]:
    fresh = selectors.session_get(actor=request.user, slug=session.slug)
    return next(entry for entry in _agenda(request, fresh) if entry["id"] == item.pk)


@router.post(
    "/sessions/{slug}/agenda",
    response={201: AgendaItemOut},
    auth=actor_auth,
    summary="Add an agenda item with its links (secretariat)",
    operation_id="dialogue_session_agenda_add",
)
def session_agenda_add(request: HttpRequest, slug: Slug, payload: AgendaItemIn) -> Any:
    session = _session(request, slug)
    require(request.user, "dialogue.manage_sessions")
    values = _agenda_values(request, session, payload)
    item = services.agenda_item_add(actor=request.user, session=session, **values)
    return Status(201, _agenda_item_out(request, session, item))


@router.put(
    "/sessions/{slug}/agenda/{id}",
    response=AgendaItemOut,
    auth=actor_auth,
    summary="Replace an agenda item and its links (secretariat)",
    operation_id="dialogue_session_agenda_update",
)
def session_agenda_update(request: HttpRequest, slug: Slug, id: PK, payload: AgendaItemIn) -> Any:
    session = _session(request, slug)
    item = selectors.agenda_item_get(actor=request.user, session=session, pk=id)
    require(request.user, "dialogue.manage_sessions")
    values = _agenda_values(request, session, payload)
    services.agenda_item_update(actor=request.user, item=item, **values)
    return _agenda_item_out(request, session, item)


@router.delete(
    "/sessions/{slug}/agenda/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove an agenda item (secretariat)",
    operation_id="dialogue_session_agenda_remove",
)
def session_agenda_remove(request: HttpRequest, slug: Slug, id: PK) -> Any:
    session = _session(request, slug)
    item = selectors.agenda_item_get(actor=request.user, session=session, pk=id)
    services.agenda_item_remove(actor=request.user, item=item)
    return Status(204, None)


@router.get(
    "/sessions/{slug}/statements",
    response=list[StatementOut],
    summary="Statements and submissions you may see, with their documents",
    operation_id="dialogue_session_statements",
)
def session_statements(request: HttpRequest, slug: Slug) -> Any:
    session = _session(request, slug)
    return [_statement(s) for s in selectors.statement_list(actor=request.user, session=session)]


@router.post(
    "/sessions/{slug}/statements",
    response={201: StatementOut},
    auth=actor_auth,
    summary="Make a statement or written submission (published at once for states)",
    operation_id="dialogue_session_statement_add",
)
def session_statement_add(request: HttpRequest, slug: Slug, payload: StatementIn) -> Any:
    session = _session(request, slug)
    values = payload.dict()
    item_id = values.pop("agenda_item")
    item = (
        selectors.agenda_item_get(actor=request.user, session=session, pk=item_id)
        if item_id
        else None
    )
    statement = services.statement_submit(
        actor=request.user, session=session, agenda_item=item, **values
    )
    return Status(201, _statement(selectors.statement_get(actor=request.user, pk=statement.pk)))


@router.post(
    "/statements/{id}/publish",
    response=StatementOut,
    auth=actor_auth,
    summary="Publish a statement awaiting publication (secretariat)",
    operation_id="dialogue_statement_publish",
)
def statement_publish(request: HttpRequest, id: PK) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    services.statement_publish(actor=request.user, statement=statement)
    return _statement(selectors.statement_get(actor=request.user, pk=id))


@router.delete(
    "/statements/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a statement and its documents",
    operation_id="dialogue_statement_remove",
)
def statement_remove(request: HttpRequest, id: PK) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    services.statement_remove(actor=request.user, statement=statement)
    return Status(204, None)


@router.post(
    "/statements/{id}/documents",
    response={201: DocumentOut},
    auth=actor_auth,
    summary="Upload the document of a statement in one language (PDF, DOCX, ODT or TXT)",
    operation_id="dialogue_statement_document_add",
)
def statement_document_add(
    request: HttpRequest,
    id: PK,
    language: Form[Annotated[str, Field(min_length=2, max_length=10)]],
    file: File[UploadedFile],
) -> Any:
    statement = selectors.statement_get(actor=request.user, pk=id)
    document = services.statement_document_attach(
        actor=request.user, statement=statement, language=language, upload=file
    )
    return Status(201, _document(document))


@router.get(
    "/documents/{id}",
    summary="Download a statement's document (only if you may see the statement)",
    operation_id="dialogue_document",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as uploaded.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def document_download(request: HttpRequest, id: PK) -> FileResponse:
    return document_response(selectors.document_get(actor=request.user, pk=id))


@router.delete(
    "/documents/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Remove a statement's document",
    operation_id="dialogue_document_remove",
)
def document_remove(request: HttpRequest, id: PK) -> Any:
    document = selectors.document_get(actor=request.user, pk=id)
    services.statement_document_remove(actor=request.user, document=document)
    return Status(204, None)


@router.get(
    "/sessions/{slug}/registrations",
    response=list[RegistrationOut],
    auth=actor_auth,
    summary="Registrations you may see (all for the secretariat, your own otherwise)",
    operation_id="dialogue_session_registrations",
)
def session_registrations(request: HttpRequest, slug: Slug) -> Any:
    return selectors.registration_list(actor=request.user, session=_session(request, slug))


@router.post(
    "/sessions/{slug}/registrations",
    response={201: RegistrationOut},
    auth=actor_auth,
    summary="Register yourself for a session",
    operation_id="dialogue_session_register",
)
def session_register(request: HttpRequest, slug: Slug, payload: RegistrationIn) -> Any:
    session = _session(request, slug)
    registration = services.registration_create(
        actor=request.user, session=session, **payload.dict()
    )
    return Status(201, registration)


@router.get(
    "/sessions/{slug}/balance",
    response=BalanceOut,
    summary="Registrations counted by role and by UN regional group (no names)",
    operation_id="dialogue_session_balance",
)
def session_balance(request: HttpRequest, slug: Slug) -> Any:
    return selectors.registration_balance(session=_session(request, slug))


# Practices: review and links -----------------------------------------------------------------


class ReviewIn(Schema):
    decision: Literal["accept", "reject"]
    note: str = Field("", max_length=5000)


class PracticeLinksIn(Schema):
    policies: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    standards: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=50
    )


@router.get(
    "/practices/{id}",
    response=PracticeOut,
    summary="One governance practice",
    operation_id="dialogue_practice",
)
def practice(request: HttpRequest, id: PK) -> Any:
    return selectors.practice_get(actor=request.user, pk=id)


@router.post(
    "/practices/{id}/review",
    response=PracticeOut,
    auth=actor_auth,
    summary="Accept or decline a practice, with a note (secretariat)",
    operation_id="dialogue_practice_review",
)
def practice_review(request: HttpRequest, id: PK, payload: ReviewIn) -> Any:
    found = selectors.practice_get(actor=request.user, pk=id)
    if payload.decision == "accept":
        services.practice_accept(actor=request.user, practice=found, note=payload.note)
    else:
        services.practice_reject(actor=request.user, practice=found, note=payload.note)
    return selectors.practice_get(actor=request.user, pk=id)


@router.put(
    "/practices/{id}/links",
    response=PracticeOut,
    auth=actor_auth,
    summary="Replace the policies and standards a practice is linked to (secretariat)",
    operation_id="dialogue_practice_links",
)
def practice_links(request: HttpRequest, id: PK, payload: PracticeLinksIn) -> Any:
    found = selectors.practice_get(actor=request.user, pk=id)
    require(request.user, "dialogue.review_practice")
    links = selectors.link_targets(
        actor=request.user, policies=payload.policies, standards=payload.standards
    )
    services.practice_set_links(
        actor=request.user, practice=found, policies=links.policies, standards=links.standards
    )
    return selectors.practice_get(actor=request.user, pk=id)
