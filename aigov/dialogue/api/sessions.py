"""/api/dialogue/sessions: sessions, their segments, agenda, registrations and balance."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core.api import Page
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.api.shared import (
    PK,
    IsoDate,
    LongTranslations,
    ObjectIn,
    Slug,
    Translations,
    _session,
    patch_field,
)
from aigov.dialogue.api.statements import StatementOut, _statement
from aigov.dialogue.ical import session_calendar
from aigov.dialogue.models import AgendaItem, Registration, Segment, Session

router = Router()


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


class SessionIn(ObjectIn):
    slug: str = Field(..., pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)
    titles: dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
    starts_on: IsoDate
    ends_on: IsoDate
    place: str = Field(..., min_length=1, max_length=200)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    focus: Literal["opportunities", "risks"]


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
        # The integer key merges into the response ninja declares; "200" added a second one.
        "responses": {
            200: {
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


class SegmentIn(ObjectIn):
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


class AgendaItemIn(ObjectIn):
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


class RegistrationIn(ObjectIn):
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


class SessionEditIn(ObjectIn):
    """The fields to change; a field left out is unchanged. Only the country and the outcome
    summary can be null (null removes them)."""

    titles: Translations = patch_field()
    starts_on: IsoDate = patch_field()
    ends_on: IsoDate = patch_field()
    place: str = patch_field(min_length=1, max_length=200)
    country: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    focus: Literal["opportunities", "risks"] = patch_field()
    outcome_summary: LongTranslations | None = None


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
@paginate(Page)
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
@paginate(Page)
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
    "/sessions/{slug}/registrations",
    response=list[RegistrationOut],
    auth=actor_auth,
    summary="Registrations you may see (all for the secretariat, your own otherwise)",
    operation_id="dialogue_session_registrations",
)
@paginate(Page)
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
