"""The inbox: what waits for a person's decision, gathered from every module's queues.

Each module registers its queues from its own `inbox.py`, imported in its AppConfig.ready(). A
queue gives, for an actor, the records waiting for *that actor's* decision — a queryset from the
module's selectors, narrowed by the module's own rules (`access.scope` and `access.has`) to what
the actor may act on — and says how to show one record and since when it has waited. The core
counts and slices those querysets; it reads no module's tables and imports no module.

Counting costs one COUNT query per queue, and none for a queue whose rules give the actor
nothing (an empty queryset is answered without the database), so the navigation can show the
number on every page without a cache: a count that is never stale is worth the few queries.
"""

import datetime
import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.functional import Promise

# Sliced per queue on the page and in the API; a deeper list is read queue by queue.
MAX_LIMIT = 100


@dataclass(frozen=True)
class Entry:
    """How a queue shows one waiting record: its title and its page (a path with the language)."""

    title: str
    url: str


@dataclass(frozen=True)
class Queue:
    """One kind of record that waits for a decision, as a module registers it."""

    key: str  # "<module>.<queue>", e.g. "landscape.proposals"
    title: str | Promise  # the queue as a heading: "Change proposals to review"
    kind: str | Promise  # one of its records: "Change proposal"
    waiting: Callable[[Any], QuerySet[Any]]  # actor -> the records waiting for that actor
    describe: Callable[[Any], Entry]
    since: str = "created_at"  # the field saying since when a record has waited

    @property
    def module(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def module_name(self) -> str:
        """The module's name in the reader's language (its AppConfig's verbose name)."""
        return str(apps.get_app_config(self.module).verbose_name)


@dataclass(frozen=True)
class InboxItem:
    queue: str
    module: str
    module_name: str
    kind: str
    title: str
    url: str
    waiting_since: datetime.datetime
    is_demo: bool  # demonstration records are badged as such wherever they are shown


@dataclass(frozen=True)
class QueueCount:
    key: str
    title: str
    module_name: str
    count: int


@dataclass(frozen=True)
class InboxPage:
    """What waits for one actor: the total, each queue's count and one page of items."""

    count: int
    items: list[InboxItem]
    queues: list[QueueCount]


_queues: dict[str, Queue] = {}


def register_queue(
    key: str,
    *,
    title: str | Promise,
    kind: str | Promise,
    waiting: Callable[[Any], QuerySet[Any]],
    describe: Callable[[Any], Entry],
    since: str = "created_at",
) -> None:
    """Register a queue (again under the same key replaces it: ready() may run twice)."""
    if "." not in key:
        raise ValueError(f"An inbox queue key is '<module>.<queue>', not {key!r}.")
    _queues[key] = Queue(key, title, kind, waiting, describe, since)


def queues() -> list[Queue]:
    """Return the registered queues in the order of the modules, then of registration."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_queues.values(), key=lambda queue: order.get(queue.module, len(order)))


def queue_keys() -> list[str]:
    return [queue.key for queue in queues()]


def _waiting(queue: Queue, actor: Any) -> QuerySet[Any] | None:
    """Return the queue's records for `actor`, or None when the rules give the actor none."""
    if not getattr(actor, "is_authenticated", False):
        return None
    records = queue.waiting(actor)
    return None if records.query.is_empty() else records


def queue_counts(*, actor: Any) -> list[QueueCount]:
    """Return each queue with something waiting for `actor`, with its count (one query each)."""
    counts = []
    for queue in queues():
        records = _waiting(queue, actor)
        number = 0 if records is None else records.count()
        if number:
            counts.append(QueueCount(queue.key, str(queue.title), queue.module_name, number))
    return counts


def waiting_count(*, actor: Any) -> int:
    """Return how many records wait for `actor` across every queue (the navigation's number)."""
    return sum(count.count for count in queue_counts(actor=actor))


def _items(queue: Queue, records: QuerySet[Any], upto: int) -> list[InboxItem]:
    oldest = records.order_by(queue.since, "pk")[:upto]
    items = []
    for record in oldest:
        entry = queue.describe(record)
        items.append(
            InboxItem(
                queue=queue.key,
                module=queue.module,
                module_name=queue.module_name,
                kind=str(queue.kind),
                title=entry.title,
                url=entry.url,
                waiting_since=getattr(record, queue.since),
                is_demo=bool(getattr(record, "is_demo", False)),
            )
        )
    return items


def inbox_page(
    *, actor: Any, queue: str | None = None, offset: int = 0, limit: int = 50
) -> InboxPage:
    """Return what waits for `actor`, oldest first: `limit` items from `offset`, every queue
    merged (or only `queue`), with the total and each queue's count.

    Each queue gives at most its oldest `offset + limit` records, so the merged page is exact
    however the waiting records are spread over the queues. Raise ValueError for an unknown
    queue key.
    """
    if queue is not None and queue not in _queues:
        raise ValueError(queue)
    limit = max(1, min(limit, MAX_LIMIT))
    counts = queue_counts(actor=actor)
    chosen = {count.key for count in counts if queue is None or count.key == queue}
    streams = []
    for registered in queues():
        records = _waiting(registered, actor) if registered.key in chosen else None
        if records is not None:
            streams.append(_items(registered, records, offset + limit))
    merged = heapq.merge(*streams, key=lambda item: item.waiting_since)
    items = list(merged)[offset : offset + limit]
    total = sum(count.count for count in counts if count.key in chosen)
    return InboxPage(count=total, items=items, queues=counts)
