"""/api/search: the one search across every module, for the actor making the request."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from aigov.core.api import MAX_OFFSET, registered_values
from aigov.core.errors import InvalidInput, field_error
from aigov.core.search import query
from aigov.core.search.registry import searchable_types

router = Router(tags=["search"])


class SearchFilter(Schema):
    q: str = Field("", description="Words to find; every word must match, Latin words as prefixes.")
    type: str | None = Field(
        None,
        description="Only records of this type, e.g. taxonomy.country.",
        json_schema_extra=registered_values(lambda: list(searchable_types())),
    )
    limit: int = Field(20, ge=1, le=query.MAX_LIMIT, description="Results per page (at most 100).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Results to skip.")


class SearchHitOut(Schema):
    type: str
    type_label: str
    title: str
    url: str
    snippet: str = Field(description="Escaped HTML; matched words are wrapped in <mark>.")
    is_demo: bool


class SearchOut(Schema):
    count: int = Field(description="How many records match, counted up to 1,000.")
    count_is_exact: bool = Field(
        description="False when more than 1,000 records match: `count` is then 1,000."
    )
    items: list[SearchHitOut]


@router.get(
    "",
    response=SearchOut,
    summary="Search every module",
    description=(
        "Records of every module that the caller may see, best match first. Titles, snippets "
        "and links follow the request language (Accept-Language)."
    ),
    operation_id="search",
)
def search(request: HttpRequest, filters: Query[SearchFilter]) -> query.SearchResults:
    known = searchable_types()
    if filters.type is not None and filters.type not in known:
        message = _("%(type)s is not a searchable record type; use one of: %(types)s.") % {
            "type": filters.type,
            "types": ", ".join(known),
        }
        raise InvalidInput(errors=[field_error("type", "unknown_type", message)])
    return query.search(
        actor=request.user,
        text=filters.q,
        record_type=filters.type or None,
        limit=filters.limit,
        offset=filters.offset,
    )
