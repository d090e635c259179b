"""Keeping the search index (core.SearchEntry) in step with the records of every module.

Services call `refresh(record)` in `transaction.on_commit` after a write, and `remove(record)`
inside the deleting transaction, before `delete()` (which clears the primary key). `rebuild()`
re-creates the entries of whole record types (run by `aigov load-reference` and
`aigov search rebuild`). All three are idempotent, keyed by (record_type, object_id): running
them twice changes nothing the second time.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from aigov.core.models import SearchEntry
from aigov.core.search.normalise import index_text
from aigov.core.search.registry import (
    SearchableType,
    SearchDocument,
    searchable_types,
    type_for_model,
)

Progress = Callable[[str, int, int], None]
BATCH_SIZE = 500
_STORED_FIELDS = ["titles", "bodies", "path", "title_text", "search_text", "is_public", "is_demo"]


@dataclass
class IndexCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, removed {self.removed}"
        )

    def add(self, other: "IndexCounts") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed


def entry_fields(document: SearchDocument, *, is_public: bool) -> dict[str, Any]:
    """Return the SearchEntry field values that index `document`.

    `title_text` (ranked higher) holds the titles in every language and the aliases;
    `search_text` holds everything that should find the record. Both are normalised, with the
    bigrams of their CJK runs (normalise.index_text).
    """
    titles = {language: text for language, text in document.titles.items() if text}
    bodies = {language: text for language, text in document.bodies.items() if text}
    title_text = index_text(" ".join([*titles.values(), *document.aliases]))
    body_text = index_text(" ".join(bodies.values()))
    return {
        "titles": titles,
        "bodies": bodies,
        "path": document.path,
        "title_text": title_text,
        "search_text": f"{title_text} {body_text}".strip(),
        "is_public": is_public,
        "is_demo": document.is_demo,
    }


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def store(
    *,
    record_type: str,
    documents: Iterable[tuple[str, SearchDocument]],
    is_public: bool,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IndexCounts:
    """Upsert the entries of `record_type` for (object_id, document) pairs; return the counts.

    Each batch is one transaction; a record listed twice keeps its last document.
    """
    counts = IndexCounts()
    done = 0
    for batch in _batches(documents, batch_size):
        wanted = {
            str(object_id): entry_fields(document, is_public=is_public)
            for object_id, document in batch
        }
        with transaction.atomic():
            existing = {
                entry.object_id: entry
                for entry in SearchEntry.objects.filter(
                    record_type=record_type, object_id__in=list(wanted)
                )
            }
            to_create: list[SearchEntry] = []
            to_update: list[SearchEntry] = []
            now = timezone.now()
            for object_id, fields in wanted.items():
                entry = existing.get(object_id)
                if entry is None:
                    to_create.append(
                        SearchEntry(record_type=record_type, object_id=object_id, **fields)
                    )
                elif any(getattr(entry, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(entry, name, value)
                    entry.updated_at = now
                    to_update.append(entry)
            # A concurrent refresh of the same record may insert it first: upsert, never fail.
            SearchEntry.objects.bulk_create(
                to_create,
                update_conflicts=True,
                unique_fields=["record_type", "object_id"],
                update_fields=[*_STORED_FIELDS, "updated_at"],
            )
            SearchEntry.objects.bulk_update(to_update, [*_STORED_FIELDS, "updated_at"])
        counts.created += len(to_create)
        counts.updated += len(to_update)
        counts.unchanged += len(wanted) - len(to_create) - len(to_update)
        done += len(batch)
        if progress is not None:
            progress(done)
    return counts


def _searchable_for(record: Model) -> SearchableType:
    searchable = type_for_model(type(record))
    if searchable is None:
        raise LookupError(f"{type(record).__name__} is not registered with the search.")
    if record.pk is None:
        # Model.delete() clears the primary key, so the entry could no longer be found.
        raise ValueError(
            f"This {type(record).__name__} has no primary key; call remove() before delete()."
        )
    return searchable


def refresh(record: Model) -> IndexCounts:
    """Index `record` as it is now in the database, or drop it if its type no longer lists it.

    Raise LookupError for a model that no module registered with the search, ValueError for a
    record without a primary key.
    """
    searchable = _searchable_for(record)
    current = searchable.queryset().filter(pk=record.pk).first()
    if current is None:
        return remove(record)
    return store(
        record_type=searchable.slug,
        documents=[(str(current.pk), searchable.document(current))],
        is_public=searchable.visible_to is None,
    )


def remove(record: Model) -> IndexCounts:
    """Drop the entry of `record`; call it in the deleting transaction, before `delete()`.

    Raise LookupError for an unregistered model, ValueError for a record without a primary key.
    """
    searchable = _searchable_for(record)
    removed, _by_model = SearchEntry.objects.filter(
        record_type=searchable.slug, object_id=str(record.pk)
    ).delete()
    return IndexCounts(removed=removed)


def _remove_missing(*, record_type: str, keep: set[str]) -> int:
    stale = [
        pk
        for pk, object_id in SearchEntry.objects.filter(record_type=record_type).values_list(
            "pk", "object_id"
        )
        if object_id not in keep
    ]
    for batch in _batches(stale, BATCH_SIZE):
        SearchEntry.objects.filter(pk__in=batch).delete()
    return len(stale)


def _rebuild_type(searchable: SearchableType, progress: Progress | None) -> IndexCounts:
    queryset = searchable.queryset().order_by("pk")
    total = queryset.count()
    seen: set[str] = set()

    def documents() -> Iterator[tuple[str, SearchDocument]]:
        for record in queryset.iterator(chunk_size=BATCH_SIZE):
            object_id = str(record.pk)
            seen.add(object_id)
            yield object_id, searchable.document(record)

    def report(done: int) -> None:
        if progress is not None:
            progress(f"search {searchable.slug}", done, total)

    counts = store(
        record_type=searchable.slug,
        documents=documents(),
        is_public=searchable.visible_to is None,
        progress=report,
    )
    counts.removed = _remove_missing(record_type=searchable.slug, keep=seen)
    if total == 0:
        report(0)
    return counts


def rebuild(
    *, record_types: Iterable[str] | None = None, progress: Progress | None = None
) -> dict[str, IndexCounts]:
    """Index every record of the given registered types (default: all); return counts per type.

    Entries of records that no longer exist are removed; a full rebuild also removes entries of
    types no module registers any more. Raise LookupError naming an unknown record type.
    """
    registered = searchable_types()
    wanted = list(registered) if record_types is None else list(dict.fromkeys(record_types))
    unknown = [slug for slug in wanted if slug not in registered]
    if unknown:
        raise LookupError(
            f"Unknown search record type(s): {', '.join(unknown)}. "
            f"Known: {', '.join(sorted(registered))}."
        )
    results = {slug: _rebuild_type(registered[slug], progress) for slug in wanted}
    if record_types is None:
        orphaned = SearchEntry.objects.exclude(record_type__in=list(registered))
        orphaned_types = list(
            orphaned.order_by("record_type").values_list("record_type", flat=True).distinct()
        )
        for slug in orphaned_types:
            removed, _by_model = SearchEntry.objects.filter(record_type=slug).delete()
            results[slug] = IndexCounts(removed=removed)
    return results
