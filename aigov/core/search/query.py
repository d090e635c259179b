"""The one search across every module: what a person types in, the records they may see out.

Permissions are part of the SQL query, not a filter applied to its results, so the count, the
page and its order all agree with what the actor may see: an entry is a candidate when it is
public, or when its type restricts visibility and its record is in that type's
`visible_to(actor)` queryset (compiled into the same statement as a subquery). Hidden records
never reach Python, so neither their titles nor their snippets can leak.

Matching: every word of the query must appear (AND); Latin, Cyrillic and Arabic words match as
prefixes ("Ken" finds "Kenya"); a CJK word is a phrase of single-character tokens (see
normalise.py). Ranking: records the query names (a type's `named`: a country whose name in any
language is the query, then those whose name begins with it) come first; then FTS5's bm25 with
titles weighted ten times the rest on SQLite, ts_rank_cd with titles in weight class A on
PostgreSQL.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import translation

from aigov.core.models import SearchEntry
from aigov.core.search.normalise import Term, normalise, query_terms
from aigov.core.search.registry import SearchableType, searchable_types
from aigov.core.search.snippet import matches, snippet
from aigov.core.translation import languages_of, pick

MAX_LIMIT = 100
TITLE_WEIGHT = 10.0
MAX_NAMED = 10  # records listed first because the query names them


@dataclass(frozen=True)
class SearchHit:
    type: str
    type_label: str
    title: str
    url: str
    snippet: str  # escaped HTML; matches are wrapped in <mark>
    is_demo: bool


@dataclass(frozen=True)
class SearchResults:
    count: int = 0
    items: list[SearchHit] = field(default_factory=list)


def type_choices() -> list[tuple[str, str]]:
    """Return (slug, label) of every searchable record type, labels in the active language."""
    return [(slug, str(searchable.label)) for slug, searchable in searchable_types().items()]


def visible_entries(*, actor: Any, searchables: dict[str, SearchableType]) -> QuerySet[SearchEntry]:
    """Return the index entries of `searchables` that `actor` may see.

    Public types contribute their public entries; a type with `visible_to` contributes the
    entries whose object_id is in `visible_to(actor)` (a subquery, cast to text because
    object_id is text whatever the record's key is).
    """
    condition = Q(record_type__in=list(searchables), is_public=True)
    for slug, searchable in searchables.items():
        if searchable.visible_to is None:
            continue
        visible_ids = (
            searchable.visible_to(actor)
            .order_by()
            .annotate(search_object_id=Cast("pk", output_field=CharField()))
            .values("search_object_id")
        )
        condition |= Q(record_type=slug, object_id__in=visible_ids)
    return SearchEntry.objects.filter(condition)


def _where_of(queryset: QuerySet[SearchEntry]) -> tuple[str, list[Any]] | None:
    """Return the WHERE clause of `queryset` as SQL on core_searchentry, or None if it is empty."""
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "1 = 1", []
    return sql, list(params)


def fts5_expression(terms: list[Term]) -> str:
    """Return the FTS5 MATCH expression of `terms`: quoted phrases, prefix-marked, ANDed."""
    phrases = []
    for term in terms:
        phrase = '"' + " ".join(term.tokens) + '"'
        phrases.append(phrase + " *" if term.is_prefix else phrase)
    return " AND ".join(phrases)


def tsquery_expression(terms: list[Term]) -> str:
    """Return the PostgreSQL tsquery text of `terms`: `<->` phrases, `:*` prefixes, `&`-joined."""
    phrases = []
    for term in terms:
        quoted = [f"'{token}'" for token in term.tokens]
        if term.is_prefix:
            quoted[-1] += ":*"
        phrases.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(phrases)


_COLUMNS = ", ".join(
    f"core_searchentry.{column}"
    for column in ("id", "record_type", "object_id", "titles", "bodies", "path", "is_demo")
)


def _ranked_sql(terms: list[Term], where: str) -> tuple[str, str, list[Any]]:
    """Return (page SQL, count SQL, leading parameters) for this database.

    The page SQL takes LIMIT and OFFSET as its last two parameters and returns the total number
    of matches in a `total` column on every row. Only constants and the WHERE clause compiled by
    Django go into the text; every value, the query words included, is a parameter.

    Every match is ranked, counted and sorted by id and rank alone; the wide columns (titles and
    bodies in six languages) are read for the rows of the page only.
    """
    if connection.vendor == "postgresql":
        matched = (
            "FROM core_searchentry, to_tsquery('simple', %s) AS search_query "
            f"WHERE core_searchentry.search_vector @@ search_query AND ({where})"
        )
        # Normalisation 1 divides by 1 + log(length): a short title beats a long mention.
        rank = "ts_rank_cd(core_searchentry.search_vector, search_query, 1)"
        ranked = (
            f"SELECT core_searchentry.id, {rank} AS rank, COUNT(*) OVER () AS total {matched} "
            "ORDER BY rank DESC, core_searchentry.id LIMIT %s OFFSET %s"
        )
        order = "ranked.rank DESC, ranked.id"
        expression = tsquery_expression(terms)
    elif connection.vendor == "sqlite":
        # CROSS JOIN keeps the full-text match as the outer loop: SQLite must not start from
        # core_searchentry (e.g. by its record_type index) and probe the FTS table per row.
        matched = (
            "FROM core_searchentry_fts CROSS JOIN core_searchentry "
            "ON core_searchentry.id = core_searchentry_fts.rowid "
            f"WHERE core_searchentry_fts MATCH %s AND ({where})"
        )
        # bm25() is only valid next to its MATCH: rank in a subquery, count and sort outside.
        scored = (
            "SELECT core_searchentry.id AS id, "
            f"bm25(core_searchentry_fts, {TITLE_WEIGHT}, 1.0) AS rank {matched}"
        )
        ranked = (
            "SELECT id, rank, COUNT(*) OVER () AS total "  # noqa: S608  (constants and compiled SQL only)
            f"FROM ({scored}) AS scored ORDER BY rank, id LIMIT %s OFFSET %s"
        )
        order = "ranked.rank, ranked.id"
        expression = fts5_expression(terms)
    else:
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    page = (
        f"SELECT {_COLUMNS}, ranked.rank AS rank, ranked.total AS total "  # noqa: S608  (as above)
        f"FROM ({ranked}) AS ranked "
        f"JOIN core_searchentry ON core_searchentry.id = ranked.id ORDER BY {order}"
    )
    return page, f"SELECT COUNT(*) {matched}", [expression]


def _hit(
    entry: SearchEntry, searchable: SearchableType, terms: list[Term], language: str
) -> SearchHit:
    title = pick(entry.titles)
    body = pick(entry.bodies)
    # The match may be in another language than the page's (a Chinese word on an English
    # page): look at the other bodies too, and at the other titles when the title shown does
    # not explain the match itself.
    candidates = [
        body.text,
        *(entry.bodies[code] for code in languages_of(entry.bodies) if code != body.language),
    ]
    if not matches(terms=terms, text=title.text):
        candidates += [
            entry.titles[code] for code in languages_of(entry.titles) if code != title.language
        ]
    return SearchHit(
        type=entry.record_type,
        type_label=str(searchable.label),
        title=title.text or entry.object_id,
        url=f"/{language}{entry.path}",
        snippet=snippet(
            terms=terms, candidates=list(dict.fromkeys(candidates)), fallback=body.text
        ),
        is_demo=entry.is_demo,
    )


def _named_entries(
    *, text: str, visible: QuerySet[SearchEntry], searchables: dict[str, SearchableType]
) -> list[SearchEntry]:
    """Return the visible entries of the records `text` names (see SearchableType.named), in
    the order their types give, at most MAX_NAMED."""
    wanted = normalise(text)
    named: list[SearchEntry] = []
    for slug, searchable in searchables.items():
        if searchable.named is None or len(named) >= MAX_NAMED:
            continue
        object_ids = searchable.named(wanted)[: MAX_NAMED - len(named)]
        if not object_ids:
            continue
        found = {
            entry.object_id: entry
            for entry in visible.filter(record_type=slug, object_id__in=object_ids)
        }
        named += [found[object_id] for object_id in object_ids if object_id in found]
    return named


def search(
    *, actor: Any, text: str, record_type: str | None = None, limit: int, offset: int
) -> SearchResults:
    """Return the records matching `text` that `actor` may see, best first, and how many there are.

    `record_type` narrows to one registered type (an unknown one finds nothing); `limit` is at
    most MAX_LIMIT. Records the query names come first (a country searched by its name), then
    the rest by rank. Titles and snippets are in the active language, with fallback.
    """
    terms = query_terms(text or "")
    registered = searchable_types()
    if not terms or (record_type and record_type not in registered):
        return SearchResults()
    searchables = {record_type: registered[record_type]} if record_type else registered
    visible = visible_entries(actor=actor, searchables=searchables)
    named = _named_entries(text=text, visible=visible, searchables=searchables)
    if named:
        visible = visible.exclude(pk__in=[entry.pk for entry in named])
    where = _where_of(visible)
    if where is None:
        return SearchResults()
    where_sql, where_params = where
    limit, offset = max(0, min(limit, MAX_LIMIT)), max(0, offset)
    # The named records are the first len(named) results; the ranked query pages the rest.
    first = named[offset : offset + limit]
    rest_limit, rest_offset = limit - len(first), max(0, offset - len(named))
    page_sql, count_sql, leading = _ranked_sql(terms, where_sql)
    entries = list(
        SearchEntry.objects.raw(page_sql, [*leading, *where_params, rest_limit, rest_offset])
    )
    if entries:
        # `total` is the COUNT(*) OVER () column that raw() sets on every row.
        count = int(entries[0].total)  # type: ignore[attr-defined]  # a raw() extra column
    else:
        with connection.cursor() as cursor:
            cursor.execute(count_sql, [*leading, *where_params])
            count = int(cursor.fetchone()[0])
    language = translation.get_language() or settings.LANGUAGE_CODE
    return SearchResults(
        count=count + len(named),
        items=[
            _hit(entry, searchables[entry.record_type], terms, language)
            for entry in [*first, *entries]
        ],
    )
