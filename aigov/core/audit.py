"""The audit trail: every write a service makes is recorded here, inside its transaction.

Entries are django-auditlog `LogEntry` rows, so the admin and tooling of that library read them;
our services add the action name (`<module>.<entity>.<verb>`) and the before/after values. The
table is append-only: database triggers (migration core 0001) refuse UPDATE and DELETE.
"""

import datetime
import decimal
import uuid
from typing import Any

from auditlog.models import LogEntry
from django.db import models

_ACTION_KINDS = {
    "create": LogEntry.Action.CREATE,
    "delete": LogEntry.Action.DELETE,
}


def _plain(value: Any) -> Any:
    """Return a JSON-safe form of a field value."""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Return the concrete field values of `obj`, to pass as `before=` to `record`."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"password"}:
            continue
        values[field.attname] = _plain(getattr(obj, field.attname))
    return values


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> LogEntry:
    """Append an audit entry for `action` on `obj` by `actor`; return it.

    `before` is the snapshot taken before the change (None for a creation); the entry stores
    each changed field as [old, new]. A deletion passes the snapshot and the unsaved object.
    """
    verb = action.rsplit(".", 1)[-1]
    after = {} if verb == "delete" else snapshot(obj)
    old = before or {}
    changes = {
        key: [old.get(key), after.get(key)]
        for key in sorted(set(old) | set(after))
        if old.get(key) != after.get(key)
    }
    kind = _ACTION_KINDS.get(
        verb, LogEntry.Action.CREATE if before is None else LogEntry.Action.UPDATE
    )
    data: dict[str, Any] = {"action": action}
    if extra:
        data.update(_plain(extra))
    real_actor = actor if getattr(actor, "pk", None) else None
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=kind,
        changes=changes,
        actor=real_actor,
        additional_data=data,
    )


def entries_for(obj: models.Model) -> models.QuerySet[LogEntry]:
    """Return the audit entries of one object, newest first."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")


def edited_by_others(obj: models.Model, *, actor: Any) -> bool:
    """Return whether `obj` has an audit entry by anyone but `actor` (a person's edit).

    The reference load asks this of records it has no digest for yet: every earlier load wrote
    its entries as the system actor, so an entry by someone else is a change made through the
    services that the load must not overwrite.
    """
    return LogEntry.objects.get_for_object(obj).exclude(actor=actor).exists()
