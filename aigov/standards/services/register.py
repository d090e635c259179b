"""Writes of the register: standards, their status history and edits."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import Organisation
from aigov.core import audit
from aigov.core.errors import InvalidState
from aigov.core.tasks import enqueue
from aigov.standards.models import Standard, Status, StatusChange
from aigov.standards.services.shared import _invalid, _refresh_later
from aigov.standards.tagging import standard_tags_set

STANDARD_FIELDS = (
    "body",
    "titles",
    "doc_type",
    "year",
    "edition",
    "supersedes",
    "has_measurement_methods",
    "url",
    "summaries",
    "confidence",
    "source",
)


def _record_status(
    *,
    actor: Actor,
    standard: Standard,
    changed_on: datetime.date | None,
    note: str,
    origin: str = StatusChange.Origin.CHANGED,
) -> StatusChange:
    change = StatusChange.objects.create(
        standard=standard,
        status=standard.status,
        changed_on=changed_on,
        year=changed_on.year if changed_on else None,
        origin=origin,
        note=note,
        source=standard.source,
    )
    audit.record(actor=actor, action="standards.status_change.create", obj=change)
    _notify_later(change)
    return change


@transaction.atomic
def standard_register(
    *,
    actor: Actor,
    body: Organisation,
    reference: str,
    titles: dict[str, str],
    status: str,
    status_on: datetime.date | None = None,
    tags: dict[str, list[Any]] | None = None,
    is_demo: bool = False,
    **fields: Any,
) -> Standard:
    """Register a standard with its first status-history entry and its tags.

    Raise NotAllowed, ValidationError on bad fields (including a reference already taken).
    """
    require(actor, "standards.change_standard")
    unknown = set(fields) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    standard = Standard(
        body=body, reference=reference, titles=titles, status=status, is_demo=is_demo, **fields
    )
    standard.full_clean()
    standard.save()
    audit.record(actor=actor, action="standards.standard.create", obj=standard)
    _record_status(
        actor=actor,
        standard=standard,
        changed_on=status_on,
        note="",
        origin=StatusChange.Origin.REGISTERED,
    )
    if tags:
        standard_tags_set(actor=actor, standard=standard, tags=tags)
    _refresh_later(standard)
    return standard


@transaction.atomic
def standard_update(
    *, actor: Actor, standard: Standard, tags: dict[str, list[Any]] | None = None, **fields: Any
) -> bool:
    """Change the given fields and tags of a standard (not its status); return whether any did.

    Raise NotAllowed, or ValidationError on bad fields.
    """
    require(actor, "standards.change_standard", standard)
    unknown = set(fields) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    changed = [
        name
        for name, value in fields.items()
        if getattr(locked, name if name not in {"body", "supersedes"} else f"{name}_id")
        != getattr(value, "pk", value)
    ]
    if changed:
        before = audit.snapshot(locked)
        for name in changed:
            setattr(locked, name, fields[name])
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=actor, action="standards.standard.update", obj=locked, before=before)
    tagged = standard_tags_set(actor=actor, standard=locked, tags=tags or {})
    if changed or tagged:
        _refresh_later(locked)
    return bool(changed or tagged)


@transaction.atomic
def standard_change_status(
    *,
    actor: Actor,
    standard: Standard,
    status: str,
    changed_on: datetime.date | None = None,
    note: str = "",
) -> StatusChange:
    """Move a standard to `status`, appending to its history; return the history entry.

    Raise NotAllowed, InvalidInput for an unknown status, InvalidState when it already has it
    or for a date in the future.
    """
    require(actor, "standards.change_standard", standard)
    if status not in Status.values:
        raise _invalid(
            "status",
            "invalid_choice",
            _("%(value)s is not a status; use one of: %(statuses)s.")
            % {"value": status, "statuses": ", ".join(Status.values)},
        )
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    if locked.status == status:
        raise InvalidState(_("The standard already has this status."))
    if changed_on is not None and changed_on > timezone.localdate():
        raise InvalidState(_("A status change cannot be dated in the future."))
    before = audit.snapshot(locked)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="standards.standard.change_status", obj=locked, before=before)
    change = _record_status(actor=actor, standard=locked, changed_on=changed_on, note=note)
    standard.status = status
    _refresh_later(locked)
    return change


def _notify_later(change: StatusChange) -> None:
    from aigov.standards.tasks import notify_followers

    enqueue(notify_followers, change_id=change.pk)


@transaction.atomic
def standard_edit(
    *,
    actor: Actor,
    standard: Standard,
    status: str,
    status_note: str = "",
    tags: dict[str, list[Any]] | None = None,
    **fields: Any,
) -> bool:
    """Change a standard's fields, tags and (when it differs) status in one transaction.

    The secretariat's edit page calls this; return whether anything changed. Raise NotAllowed,
    ValidationError or InvalidInput as standard_update and standard_change_status do.
    """
    changed = standard_update(actor=actor, standard=standard, tags=tags, **fields)
    if status != standard.status:
        standard_change_status(actor=actor, standard=standard, status=status, note=status_note)
        changed = True
    return changed
