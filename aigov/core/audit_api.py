"""/api/audit/entries: the audit log, for the secretariat."""

from datetime import datetime
from typing import Any, cast

from auditlog.models import LogEntry
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from aigov.accounts.access import require
from aigov.accounts.api import actor_auth
from aigov.core import selectors
from aigov.core.api import Page
from aigov.core.moments import IsoDate

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    timestamp: datetime
    action: str
    actor: str | None
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_action(entry: LogEntry) -> str:
        return str((entry.additional_data or {}).get("action", entry.get_action_display()))

    @staticmethod
    def resolve_actor(entry: LogEntry) -> str | None:
        return entry.actor.email if entry.actor_id else None

    @staticmethod
    def resolve_object_type(entry: LogEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"

    @staticmethod
    def resolve_object_id(entry: LogEntry) -> str:
        return str(entry.object_pk)

    @staticmethod
    def resolve_changes(entry: LogEntry) -> dict[str, Any]:
        return cast(dict[str, Any], entry.changes or {})


class AuditFilter(Schema):
    action: str | None = Field(None, description="Prefix of the action name, e.g. accounts.token.")
    object_type: str | None = Field(None, description="app_label.model, e.g. accounts.apitoken.")
    object_id: str | None = None
    since: IsoDate | None = None


@router.get(
    "/entries",
    response=list[AuditEntryOut],
    auth=actor_auth,
    summary="Audit log entries (secretariat)",
    operation_id="audit_entries",
)
@paginate(Page)
def entries(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    require(request.user, "core.view_audit")
    return selectors.audit_entry_list(
        actor=request.user,
        action=filters.action,
        object_type=filters.object_type,
        object_id=filters.object_id,
        since=filters.since,
    )
