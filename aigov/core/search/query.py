"""Placeholder replaced by the search implementation before commit."""
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SearchResults:
    count: int = 0
    items: list[Any] = field(default_factory=list)


def search(*, actor: Any, text: str, record_type: str | None, limit: int, offset: int) -> SearchResults:
    return SearchResults()


def type_choices() -> list[tuple[str, str]]:
    from aigov.core.search.registry import searchable_types

    return [(slug, str(t.label)) for slug, t in searchable_types().items()]
