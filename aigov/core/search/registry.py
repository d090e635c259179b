"""Search registration: each module declares what it indexes, from its AppConfig.ready().

A module registers a `SearchableType` per record type: how to list its records, how to turn one
into a `SearchDocument`, and — for records not everyone may see — which of them an actor may
see (a queryset from the module's permission scope). Search results, counts and snippets are
filtered through that same scope, so search never shows what the record's page would refuse.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class SearchDocument:
    """The searchable text of one record.

    `titles` and `bodies` map a language code to text (translated fields as they are stored);
    `path` is the record's page without the language prefix (e.g. "/countries/KEN/");
    `aliases` are further spellings that should find the record but are never shown.
    """

    titles: dict[str, str]
    path: str
    bodies: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    is_demo: bool = False


@dataclass(frozen=True)
class SearchableType:
    slug: str
    label: Any  # a lazy translated string
    model: type[Model]
    queryset: Callable[[], QuerySet[Any]]
    document: Callable[[Any], SearchDocument]
    # None means every record of this type is public; otherwise a queryset of what `actor` may see.
    visible_to: Callable[[Any], QuerySet[Any]] | None = None
    # Records a query names come before every other match: given the query as normalised text
    # (normalise.normalise), return the object ids (as text) of the records one of whose names
    # is that text, then of those whose name begins with it, best first. Countries use it, so
    # that "Guinea" lists Guinea before Equatorial Guinea and before any record about Guinea.
    named: Callable[[str], list[str]] | None = None


_types: dict[str, SearchableType] = {}


def register(searchable: SearchableType) -> None:
    _types[searchable.slug] = searchable


def searchable_types() -> dict[str, SearchableType]:
    return dict(_types)


def type_for_model(model: type[Model]) -> SearchableType | None:
    for searchable in _types.values():
        if searchable.model is model or (
            isinstance(model, type) and issubclass(model, searchable.model)
        ):
            return searchable
    return None
