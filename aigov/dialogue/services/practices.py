"""Writes of practices: submission, review and links."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, field_error
from aigov.dialogue.models import Practice, Session
from aigov.dialogue.services.shared import (
    _clean,
    _countries,
    _refresh_later,
    _set_links,
    _translated,
)


@transaction.atomic
def practice_submit(
    *,
    actor: Actor,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    country: str | None = None,
    sessions: Iterable[Session] = (),
    url: str = "",
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    is_demo: bool = False,
) -> Practice:
    """Submit a governance practice, optionally for sessions; return it.

    Raise NotAllowed or InvalidInput. It is public once the secretariat accepts it.
    """
    require(actor, "dialogue.submit_practice")
    errors: list[ErrorItem] = []
    cleaned = _translated(Practice, "titles", titles, errors)
    cleaned_descriptions = _translated(Practice, "descriptions", descriptions, errors)
    chosen = _countries([country], "country", errors) if country else []
    practice = Practice(
        titles=cleaned,
        descriptions=cleaned_descriptions,
        country=chosen[0] if chosen else None,
        url=url,
        submitted_by=account_of(actor),
        is_demo=is_demo,
    )
    _clean(practice, errors, exclude=["titles", "descriptions", "country", "submitted_by"])
    if errors:
        raise InvalidInput(errors=errors)
    practice.save()
    practice.sessions.set(list(sessions))
    links = _set_links(practice, policies=policies, standards=standards)
    audit.record(actor=actor, action="dialogue.practice.submit", obj=practice, extra=links)
    _refresh_later(practice)
    return practice


def _practice_review(*, actor: Actor, practice: Practice, status: str, note: str) -> Practice:
    require(actor, "dialogue.review_practice")
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Practice.Status.SUBMITTED:
        raise InvalidState(
            _("This practice was already reviewed (%(status)s).")
            % {"status": practice.get_status_display()}
        )
    before = audit.snapshot(practice)
    practice.status, practice.review_note = status, note.strip()
    practice.reviewed_at = timezone.now()
    practice.save(update_fields=["status", "review_note", "reviewed_at", "updated_at"])
    verb = "accept" if status == Practice.Status.ACCEPTED else "reject"
    audit.record(actor=actor, action=f"dialogue.practice.{verb}", obj=practice, before=before)
    _refresh_later(practice)
    return practice


@transaction.atomic
def practice_accept(*, actor: Actor, practice: Practice, note: str = "") -> Practice:
    """Accept `practice` for public sharing, with an optional note; return it.

    Raise NotAllowed or InvalidState (already reviewed).
    """
    return _practice_review(
        actor=actor, practice=practice, status=Practice.Status.ACCEPTED, note=note
    )


@transaction.atomic
def practice_reject(*, actor: Actor, practice: Practice, note: str) -> Practice:
    """Decline `practice`, saying why (the submitter reads the note); return it.

    Raise NotAllowed, InvalidInput (no note) or InvalidState (already reviewed). A declined
    practice stays visible to its submitter and the secretariat only.
    """
    if not note.strip():
        require(actor, "dialogue.review_practice")
        raise InvalidInput(
            errors=[field_error("note", "required", _("Say why the practice is not accepted."))]
        )
    return _practice_review(
        actor=actor, practice=practice, status=Practice.Status.REJECTED, note=note
    )


@transaction.atomic
def practice_set_links(
    *, actor: Actor, practice: Practice, policies: Iterable[Any], standards: Iterable[Any]
) -> Practice:
    """Replace the policies and standards `practice` is linked to; return it. Raise NotAllowed."""
    require(actor, "dialogue.review_practice")
    links = _set_links(practice, policies=policies, standards=standards)
    audit.record(actor=actor, action="dialogue.practice.links", obj=practice, extra=links)
    return practice
