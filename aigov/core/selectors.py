"""Reads of the core: the audit log."""

from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet

from aigov.accounts.access import scope


def audit_entry_list(
    *,
    actor: Any,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: date | None = None,
) -> QuerySet[LogEntry]:
    """Return the audit entries `actor` may read (secretariat and administrators), newest first.

    `action` matches a prefix of the action name (`accounts.` or `accounts.token.revoke`);
    `object_type` is `app_label.model` (`accounts.apitoken`).
    """
    entries = scope(actor, "core.view_audit", LogEntry.objects.all())
    if action:
        entries = entries.filter(additional_data__action__startswith=action)
    if object_type:
        app_label, _dot, model = object_type.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    if object_id:
        entries = entries.filter(object_pk=object_id)
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")
