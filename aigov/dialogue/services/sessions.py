"""Writes of dialogue sessions: the session, its segments, agenda and registrations."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_required, require
from aigov.accounts.models import User
from aigov.core import audit
from aigov.core.errors import Conflict, ErrorItem, InvalidInput, field_error
from aigov.dialogue.models import AgendaItem, Incident, Registration, Segment, Session
from aigov.dialogue.services.shared import (
    _clean,
    _countries,
    _delete,
    _refresh_later,
    _refuse_nulls,
    _set_links,
    _translated,
)


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    slug: str,
    titles: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    focus: str,
    country: str | None = None,
    outcome_summary: dict[str, str] | None = None,
    is_demo: bool = False,
) -> Session:
    """Create a dialogue session; return it. Raise NotAllowed, Conflict or InvalidInput."""
    require(actor, "dialogue.manage_sessions")
    errors: list[ErrorItem] = []
    cleaned_titles = _translated(Session, "titles", titles, errors)
    summary = _translated(Session, "outcome_summary", outcome_summary, errors)
    chosen = _countries([country], "country", errors)[0:1] if country else []
    if Session.objects.filter(slug=slug).exists():
        raise Conflict(_("A session with the slug %(slug)s already exists.") % {"slug": slug})
    if focus not in Session.Focus.values:
        errors.append(
            field_error(
                "focus",
                "invalid_choice",
                _("Choose the focus among: %(choices)s.")
                % {"choices": ", ".join(Session.Focus.values)},
            )
        )
    if ends_on < starts_on:
        errors.append(
            field_error("ends_on", "before_start", _("A session cannot end before it starts."))
        )
    session = Session(
        slug=slug,
        titles=cleaned_titles,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        country=chosen[0] if chosen else None,
        focus=focus,
        outcome_summary=summary,
        is_demo=is_demo,
    )
    _clean(session, errors, exclude=["slug", "focus", "titles", "outcome_summary", "country"])
    if errors:
        raise InvalidInput(errors=errors)
    session.save()
    audit.record(actor=actor, action="dialogue.session.create", obj=session)
    _refresh_later(session)
    return session


@transaction.atomic
def session_update_outcome(
    *, actor: Actor, session: Session, outcome_summary: dict[str, str]
) -> Session:
    """Record the outcome summary of `session`; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "dialogue.manage_sessions")
    errors: list[ErrorItem] = []
    summary = _translated(Session, "outcome_summary", outcome_summary, errors)
    if errors:
        raise InvalidInput(errors=errors)
    before = audit.snapshot(session)
    session.outcome_summary = summary
    session.save(update_fields=["outcome_summary", "updated_at"])
    audit.record(actor=actor, action="dialogue.session.outcome", obj=session, before=before)
    _refresh_later(session)
    return session


@transaction.atomic
def segment_add(
    *, actor: Actor, session: Session, kind: str, titles: dict[str, str], position: int = 0
) -> Segment:
    """Add a segment to `session`; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "dialogue.manage_sessions")
    errors: list[ErrorItem] = []
    cleaned = _translated(Segment, "titles", titles, errors)
    if kind not in Segment.Kind.values:
        errors.append(
            field_error(
                "kind",
                "invalid_choice",
                _("Choose the kind among: %(choices)s.")
                % {"choices": ", ".join(Segment.Kind.values)},
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    segment = Segment.objects.create(session=session, kind=kind, titles=cleaned, position=position)
    audit.record(actor=actor, action="dialogue.segment.create", obj=segment)
    return segment


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    session: Session,
    titles: dict[str, str],
    position: int = 0,
    segment: Segment | None = None,
    descriptions: dict[str, str] | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    incidents: Iterable[Incident] = (),
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    reports: Iterable[Any] = (),
) -> AgendaItem:
    """Add an agenda item to `session`, optionally linking incidents; return it.

    Raise NotAllowed or InvalidInput. Readers of the session see a linked incident only if they
    may read one of its reports, and a linked panel report only if the panel lets them read it.
    """
    require(actor, "dialogue.manage_sessions")
    errors: list[ErrorItem] = []
    cleaned = _translated(AgendaItem, "titles", titles, errors)
    cleaned_descriptions = _translated(AgendaItem, "descriptions", descriptions, errors)
    if segment is not None and segment.session_id != session.pk:
        errors.append(
            field_error("segment", "other_session", _("That segment is of another session."))
        )
    if starts_at and ends_at and ends_at < starts_at:
        errors.append(
            field_error("ends_at", "before_start", _("An item cannot end before it starts."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    item = AgendaItem.objects.create(
        session=session,
        segment=segment,
        position=position,
        titles=cleaned,
        descriptions=cleaned_descriptions,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    audit.record(
        actor=actor,
        action="dialogue.agendaitem.create",
        obj=item,
        extra=_set_links(
            item, incidents=incidents, policies=policies, standards=standards, reports=reports
        ),
    )
    return item


@transaction.atomic
def registration_create(
    *,
    actor: Actor,
    session: Session,
    role: str,
    country: str | None = None,
    user: User | None = None,
    is_demo: bool = False,
) -> Registration:
    """Register `user` (default: the actor) for `session`; return the registration.

    Raise NotAllowed, Conflict (already registered) or InvalidInput.
    """
    require(actor, "dialogue.register_session")
    if user is not None and user != actor:
        require(actor, "dialogue.manage_sessions")
    person = user if user is not None else account_required(actor)
    errors: list[ErrorItem] = []
    if role not in Registration.Role.values:
        errors.append(
            field_error(
                "role",
                "invalid_choice",
                _("Choose the role among: %(choices)s.")
                % {"choices": ", ".join(Registration.Role.values)},
            )
        )
    chosen = _countries([country], "country", errors) if country else []
    if errors:
        raise InvalidInput(errors=errors)
    if Registration.objects.filter(session=session, user=person).exists():
        raise Conflict(_("This person is already registered for the session."))
    registration = Registration.objects.create(
        session=session,
        user=person,
        role=role,
        country=chosen[0] if chosen else None,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="dialogue.registration.create", obj=registration)
    return registration


@transaction.atomic
def session_update(*, actor: Actor, session: Session, changes: dict[str, Any]) -> Session:
    """Change a session's titles, dates, place, country, focus or outcome summary; return it.

    Raise NotAllowed or InvalidInput (naming each wrong field); nothing is written on error.
    """
    require(actor, "dialogue.manage_sessions")
    allowed = ("titles", "starts_on", "ends_on", "place", "country", "focus", "outcome_summary")
    errors = [
        field_error(
            field, "not_editable", _("%(field)s cannot be changed here.") % {"field": field}
        )
        for field in changes
        if field not in allowed
    ]
    session = Session.objects.select_for_update().get(pk=session.pk)
    before = audit.snapshot(session)
    values = {field: changes[field] for field in allowed if field in changes}
    _refuse_nulls(values, ("titles", "starts_on", "ends_on", "place", "focus"), errors)
    for translated in ("titles", "outcome_summary"):
        if translated in values:
            values[translated] = _translated(Session, translated, values[translated], errors)
    if "country" in values:
        code = values.pop("country")
        chosen = _countries([code], "country", errors) if code else []
        values["country"] = chosen[0] if chosen else None
    if "focus" in values and values["focus"] not in Session.Focus.values:
        errors.append(
            field_error(
                "focus",
                "invalid_choice",
                _("Choose the focus among: %(choices)s.")
                % {"choices": ", ".join(Session.Focus.values)},
            )
        )
    for field, value in values.items():
        setattr(session, field, value)
    if session.ends_on < session.starts_on:
        errors.append(
            field_error("ends_on", "before_start", _("A session cannot end before it starts."))
        )
    _clean(session, errors, exclude=["slug", "focus", "titles", "outcome_summary", "country"])
    if errors:
        raise InvalidInput(errors=errors)
    session.save(update_fields=[*values, "updated_at"])
    audit.record(actor=actor, action="dialogue.session.update", obj=session, before=before)
    _refresh_later(session)
    return session


@transaction.atomic
def segment_remove(*, actor: Actor, segment: Segment) -> None:
    """Remove a segment and its agenda items. Raise NotAllowed."""
    require(actor, "dialogue.manage_sessions")
    _delete(actor, segment, "dialogue.segment.delete")


@transaction.atomic
def agenda_item_update(
    *,
    actor: Actor,
    item: AgendaItem,
    titles: dict[str, str],
    position: int,
    segment: Segment | None,
    descriptions: dict[str, str],
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    incidents: Iterable[Incident],
    policies: Iterable[Any],
    standards: Iterable[Any],
    reports: Iterable[Any] = (),
) -> AgendaItem:
    """Replace the content and links of an agenda item; return it.

    Raise NotAllowed or InvalidInput. Pass the incidents and panel reports the item should
    link: the caller resolves them through `selectors.link_targets`, so only those the actor
    may read.
    """
    require(actor, "dialogue.manage_sessions")
    errors: list[ErrorItem] = []
    cleaned = _translated(AgendaItem, "titles", titles, errors)
    cleaned_descriptions = _translated(AgendaItem, "descriptions", descriptions, errors)
    if segment is not None and segment.session_id != item.session_id:
        errors.append(
            field_error("segment", "other_session", _("That segment is of another session."))
        )
    if starts_at and ends_at and ends_at < starts_at:
        errors.append(
            field_error("ends_at", "before_start", _("An item cannot end before it starts."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item)
    item.titles, item.position, item.segment = cleaned, position, segment
    item.descriptions = cleaned_descriptions
    item.starts_at, item.ends_at = starts_at, ends_at
    item.save(
        update_fields=["titles", "position", "segment", "descriptions", "starts_at", "ends_at"]
    )
    links = _set_links(
        item, incidents=incidents, policies=policies, standards=standards, reports=reports
    )
    audit.record(
        actor=actor, action="dialogue.agendaitem.update", obj=item, before=before, extra=links
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    """Remove an agenda item (statements on it stay, on the session). Raise NotAllowed."""
    require(actor, "dialogue.manage_sessions")
    _delete(actor, item, "dialogue.agendaitem.delete")
