"""Reads of the core: the audit log."""

import datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from aigov.accounts.access import scope


def _start_of(day: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


def audit_entry_list(
    *,
    actor: Any,
    action: str | None = None,
    exact_action: str | None = None,
    module: str | None = None,
    person: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    zone: datetime.tzinfo = datetime.UTC,
) -> QuerySet[LogEntry]:
    """Return the audit entries `actor` may read (secretariat and administrators), newest first.

    `action` matches a prefix of the action name (`accounts.` or `accounts.token.revoke`),
    `exact_action` the whole name, `module` its first part; `person` is the acting account's
    id; `object_type` is `app_label.model` (`accounts.apitoken`); `since` and `until` are
    days in `zone`, both included.
    """
    entries = scope(actor, "core.view_audit", LogEntry.objects.all())
    if action:
        entries = entries.filter(additional_data__action__startswith=action)
    if exact_action:
        entries = entries.filter(additional_data__action=exact_action)
    if module:
        entries = entries.filter(additional_data__action__startswith=f"{module}.")
    if person is not None:
        entries = entries.filter(actor_id=person)
    if object_type:
        app_label, _dot, model = object_type.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if object_id:
        entries = entries.filter(object_pk=object_id)
    if since:
        entries = entries.filter(timestamp__gte=_start_of(since, zone))
    if until:
        entries = entries.filter(timestamp__lt=_start_of(until + datetime.timedelta(days=1), zone))
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def audit_people(*, actor: Any) -> QuerySet[Any]:
    """Return the accounts that acted in the audit entries `actor` may read, by name."""
    acted = (
        scope(actor, "core.view_audit", LogEntry.objects.filter(actor__isnull=False))
        .order_by()
        .values("actor_id")
    )
    return get_user_model().objects.filter(pk__in=acted).order_by("display_name", "email")


def audit_action_codes(*, actor: Any) -> list[str]:
    """Return the action names that occur in the audit entries `actor` may read, sorted."""
    codes = (
        scope(actor, "core.view_audit", LogEntry.objects.all())
        .order_by()
        .values_list("additional_data__action", flat=True)
        .distinct()
    )
    return sorted({str(code) for code in codes if code})
