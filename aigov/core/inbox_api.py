"""/api/inbox: what waits for the caller's decision, across every module."""

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from aigov.accounts.api import actor_auth
from aigov.core import inbox
from aigov.core.api import registered_values
from aigov.core.errors import InvalidInput, field_error

router = Router(tags=["inbox"])

# Deep enough for any real backlog; each queue is read up to offset + limit records.
MAX_INBOX_OFFSET = 10_000


class InboxFilter(Schema):
    queue: str | None = Field(
        None,
        description="Only this queue, e.g. landscape.proposals.",
        json_schema_extra=registered_values(inbox.queue_keys),
    )
    limit: int = Field(50, ge=1, le=inbox.MAX_LIMIT, description="Items per page (at most 100).")
    offset: int = Field(0, ge=0, le=MAX_INBOX_OFFSET, description="Items to skip.")


class InboxItemOut(Schema):
    queue: str
    module: str
    module_name: str
    kind: str
    title: str
    url: str = Field(description="The page where the caller acts on the record.")
    waiting_since: datetime
    is_demo: bool = Field(description="A generated demonstration record, not a real one.")


class InboxQueueOut(Schema):
    key: str
    title: str
    module_name: str
    count: int


class InboxOut(Schema):
    count: int
    items: list[InboxItemOut]
    queues: list[InboxQueueOut] = Field(description="Each queue with something waiting.")


@router.get(
    "",
    response=InboxOut,
    auth=actor_auth,
    summary="What waits for my decision",
    description=(
        "Records waiting for the caller's decision in every module (proposals, moderation, "
        "nominations, incident reports, practices, statements, introductions), oldest first; "
        "each queue lists only what the caller's rules let them act on. Titles and links "
        "follow the request language (Accept-Language)."
    ),
    operation_id="inbox",
)
def inbox_list(request: HttpRequest, filters: Query[InboxFilter]) -> inbox.InboxPage:
    if filters.queue is not None and filters.queue not in inbox.queue_keys():
        message = _("%(queue)s is not an inbox queue; use one of: %(queues)s.") % {
            "queue": filters.queue,
            "queues": ", ".join(inbox.queue_keys()),
        }
        raise InvalidInput(errors=[field_error("queue", "unknown_queue", message)])
    return inbox.inbox_page(
        actor=request.user, queue=filters.queue, offset=filters.offset, limit=filters.limit
    )
