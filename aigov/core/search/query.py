"""The one search across every module: what a person types in, the records they may see out.

Permissions are part of the SQL query, not a filter applied to its results, so the count, the
page and its order all agree with what the actor may see: an entry is a candidate when it is
public, or when its type restricts visibility and its record is in that type's
`visible_to(actor)` queryset (compiled into the same statement as a subquery). Hidden records
never reach Python, so neither their titles nor their snippets can leak.

Matching: every word of the query must appear (AND); Latin, Cyrillic and Arabic words match as
prefixes ("Ken" finds "Kenya"); a CJK word is a phrase of single-character tokens, and the
index holds their bigrams too, so a two-character word is one token (see normalise.py).

Ranking: records the query names (a type's `named`: a country whose name in any language is the
query, then those whose name begins with it) come first, then records whose titles hold every
word, then the others; within each group
FTS5's bm25 with titles weighted ten times the rest on SQLite, ts_rank_cd with titles in weight
class A on PostgreSQL; then the index entry's id. The search never ranks or counts every match
(a frequent word matches tens of thousands of records in a million): it reads the newest
COUNT_CAP + 1 matches the actor may see (newest: the latest indexed), ranks those, and counts
no further; past a thousand the answer says "1,000+" (`count_is_exact` is False), as the
capacity catalogue does. Whenever at most 1,000 records match, the results are exactly the full
ranking (a test checks it); beyond, the best of the newest 1,001 come first, and
bench/search.py measures how often the first page still equals the full ranking.

SQLite reads the newest matches straight from FTS5 (its rowids come in order, so the LIMIT stops
the reading) and asks a column filter which of them hold every word in their titles. The GIN
index of PostgreSQL gives matches in no useful order, so PostgreSQL looks among as many of the
newest entries as should hold enough matches by the words' frequency (the planner's estimate,
from the statistics of migration core.0008; a Chinese word by its rarest bigram, see _key),
widening the span if they do not, or walks the newest entries backwards for a word in more than
WALK_FRACTION of them; the whole query, ranks and title test are computed on those rows only;
the title words are the weight-A tokens of search_vector.

The permission condition is compiled to SQL for every search (`visibility_where`), so a change
of what an actor may see applies to the next search.
"""

import json
from collections.abc import Callable
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
COUNT_CAP = 1000
CANDIDATES = COUNT_CAP + 1  # the newest matches ranked; one more than counted says "1,000+"
# PostgreSQL looks for the newest matches among the newest entries that should hold MARGIN
# times CANDIDATES matches by the planner's estimate (at least NEWEST_SPAN entries), then among
# four times as many, and so on.
NEWEST_SPAN = 4_096
MARGIN = 2.0
# A word the planner expects in this share of the entries or more is found by walking the
# newest entries one by one (see _newest_postgresql).
WALK_FRACTION = 0.06
MAX_ATOMS = 8  # the bigrams of a CJK word whose frequencies are compared (see _key)
# What a hit shows: the wide columns (titles and bodies in six languages) are read for the
# rows of the page only.
_SHOWN = ("id", "record_type", "object_id", "titles", "bodies", "path", "is_demo")


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
    count: int = 0  # at most COUNT_CAP; then count_is_exact is False ("1,000+")
    items: list[SearchHit] = field(default_factory=list)
    count_is_exact: bool = True


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
        if searchable.visible_to is not None:
            visible_ids = _visible_ids(searchable.visible_to, actor)
            condition |= Q(record_type=slug, object_id__in=visible_ids)
    return SearchEntry.objects.filter(condition)


def _visible_ids(visible_to: Callable[[Any], QuerySet[Any]], actor: Any) -> QuerySet[Any]:
    """Return the ids, as text, of the records in `visible_to(actor)` (a type's scope)."""
    return (
        visible_to(actor)
        .order_by()
        .annotate(search_object_id=Cast("pk", output_field=CharField()))
        .values("search_object_id")
    )


def visibility_where(
    *, actor: Any, searchables: dict[str, SearchableType]
) -> tuple[str, list[Any]] | None:
    """Return the condition of visible_entries as SQL on core_searchentry (None: nothing).

    The same condition, built without the ORM's query combination: each type's
    `visible_to(actor)` queryset is compiled on its own into its subquery, which costs a
    fraction of resolving nine subqueries into one queryset, on every search.
    """
    entry = '"core_searchentry"'
    types = list(searchables)
    if not types:
        return None
    parts = [
        f'({entry}."is_public" AND {entry}."record_type" IN ({", ".join(["%s"] * len(types))}))'
    ]
    params: list[Any] = list(types)
    for slug, searchable in searchables.items():
        if searchable.visible_to is None:
            continue
        visible_ids = _visible_ids(searchable.visible_to, actor)
        try:
            sql, sub_params = visible_ids.query.get_compiler(using=visible_ids.db).as_sql()
        except EmptyResultSet:
            continue
        parts.append(f'({entry}."record_type" = %s AND {entry}."object_id" IN ({sql}))')
        params += [slug, *sub_params]
    return "(" + " OR ".join(parts) + ")", params


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
    """Return the FTS5 MATCH expression of `terms`: quoted phrases, prefix-marked, ANDed.

    A word with CJK characters also asks for its bigram tokens (normalise.index_text): a
    two-character word is its bigram alone; a longer one is its phrase of characters, looked
    for only in rows holding all its bigrams.
    """
    phrases = []
    for term in terms:
        phrases += [f'"{bigram}"' for bigram in term.bigrams]
        if term.is_bigram:
            continue
        phrase = '"' + " ".join(term.tokens) + '"'
        phrases.append(phrase + " *" if term.is_prefix else phrase)
    return " AND ".join(phrases)


def tsquery_expression(terms: list[Term], *, weight: str = "") -> str:
    """Return the PostgreSQL tsquery text of `terms`: `<->` phrases, `:*` prefixes, `&`-joined
    (CJK words with their bigrams, as in fts5_expression); with `weight` ("A": the titles),
    only tokens of that weight match."""
    phrases = []
    for term in terms:
        phrases += [f"'{bigram}':{weight}" if weight else f"'{bigram}'" for bigram in term.bigrams]
        if term.is_bigram:
            continue
        quoted = [f"'{token}':{weight}" if weight else f"'{token}'" for token in term.tokens]
        if term.is_prefix:
            quoted[-1] += "*" if weight else ":*"
        phrases.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(phrases)


def _best_first(rows: list[tuple[int, float, bool]]) -> list[int]:
    """Order (id, rank, in_title) rows: titles holding every word first, then by rank, then id."""
    return [
        key for key, _rank, _title in sorted(rows, key=lambda row: (not row[2], row[1], row[0]))
    ]


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _newest_sqlite(
    terms: list[Term], where: str, params: list[Any]
) -> list[tuple[int, float, bool]]:
    expression = fts5_expression(terms)
    # CROSS JOIN keeps the full-text match as the outer loop, read newest first (FTS5 gives its
    # rowids in order, so the LIMIT stops the reading): SQLite must not start from
    # core_searchentry (e.g. by its record_type index) and probe the FTS table per row.
    rows = _fetch(
        "SELECT core_searchentry.id, "  # noqa: S608  (constants and compiled SQL only)
        f"bm25(core_searchentry_fts, {TITLE_WEIGHT}, 1.0) "
        "FROM core_searchentry_fts CROSS JOIN core_searchentry "
        "ON core_searchentry.id = core_searchentry_fts.rowid "
        f"WHERE core_searchentry_fts MATCH %s AND ({where}) "
        "ORDER BY core_searchentry_fts.rowid DESC LIMIT %s",
        [expression, *params, CANDIDATES],
    )
    if not rows:
        return []
    # Which of them hold every word in their titles: a column filter over the same rowids.
    in_title = {
        key
        for (key,) in _fetch(
            "SELECT rowid FROM core_searchentry_fts "
            "WHERE core_searchentry_fts MATCH %s AND rowid >= %s",
            [f"title_text : ({expression})", rows[-1][0]],
        )
    }
    return [(int(key), float(rank), key in in_title) for key, rank in rows]


def _estimate(cursor: Any, expression: str) -> float:
    """Return the planner's estimate of how many entries match the tsquery `expression` (from
    the statistics ANALYZE keeps, see migration core.0008)."""
    cursor.execute(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM core_searchentry "
        "WHERE search_vector @@ to_tsquery('simple', %s)",
        [expression],
    )
    (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return max(1.0, float(plan[0]["Plan"]["Plan Rows"]))


def _key(cursor: Any, terms: list[Term]) -> str:
    """Return the part of the query the GIN index looks up: each word, but for a CJK word only
    its rarest bigram.

    The planner multiplies the frequencies of a query's parts as if they were independent.
    Different words nearly are; the bigrams of one Chinese word are not (the three of
    "能力建设" are in the same 5% of the entries, not in 0.01%), so with all of them the
    estimate can be hundreds of times too low, the span too wide, and every match read.
    The whole query is checked on the rows the key finds.
    """
    parts = []
    for term in terms:
        bigrams = [f"'{bigram}'" for bigram in term.bigrams][:MAX_ATOMS]
        if bigrams:
            parts.append(min(bigrams, key=lambda bigram: _estimate(cursor, bigram)))
        else:
            parts.append(tsquery_expression([term]))
    return " & ".join(dict.fromkeys(parts))


def _estimated_span(terms: list[Term]) -> tuple[int, int, bool, str]:
    """Return the newest entry's id, how many of the newest entries should hold CANDIDATES
    matches of the query's key (see _key; with a margin of MARGIN), whether so many entries
    match that walking the newest entries one by one finds them sooner (see WALK_FRACTION),
    and the key."""
    with connection.cursor() as cursor:
        key = _key(cursor, terms)
        estimated = _estimate(cursor, key)
        cursor.execute(
            "SELECT (SELECT max(id) FROM core_searchentry), reltuples FROM pg_class "
            "WHERE oid = 'core_searchentry'::regclass"
        )
        newest_id, entries = cursor.fetchone()
    entries = max(float(entries), estimated)
    span = int(CANDIDATES * MARGIN * entries / estimated)
    return newest_id or 0, max(NEWEST_SPAN, span), estimated / entries >= WALK_FRACTION, key


def _newest_postgresql(
    terms: list[Term], where: str, params: list[Any]
) -> list[tuple[int, float, bool]]:
    expression = tsquery_expression(terms)
    title_expression = tsquery_expression(terms, weight="A")
    newest_id, span, walk, key = _estimated_span(terms)
    # The rank (normalisation 1 divides by 1 + log(length): a short title beats a long
    # mention) and the title test are computed for the CANDIDATES rows kept only. Where a
    # vector is used more than once, it is copied once (`|| ''`): a long Chinese entry's
    # vector is stored out of line, and each use of the column would fetch it again.
    ranked = (
        "SELECT id, -ts_rank_cd(vector, to_tsquery('simple', %s), 1), "
        "vector @@ to_tsquery('simple', %s) FROM newest ORDER BY id DESC"
    )
    if walk:
        # A word in more than WALK_FRACTION of the entries: walking the primary key backwards
        # finds CANDIDATES matches within a few thousand entries, sooner than the GIN index
        # lists them all.
        rows = _fetch(
            "WITH newest AS (SELECT core_searchentry.id, "  # noqa: S608  (constants and compiled SQL only)
            "core_searchentry.search_vector || ''::tsvector AS vector FROM core_searchentry "
            "WHERE core_searchentry.search_vector @@ to_tsquery('simple', %s) "
            f"AND ({where}) ORDER BY core_searchentry.id DESC LIMIT %s) {ranked}",
            [expression, *params, CANDIDATES, expression, title_expression],
        )
        return [(int(key), float(rank), bool(title)) for key, rank, title in rows]
    # Otherwise the GIN index's matches of the key ANDed with the ids above a floor (a bitmap
    # AND), among the newest entries that should hold enough matches, widening (rarely) until
    # enough match; the whole query is then checked on those rows only. The fence
    # (MATERIALIZED) keeps the planner from merging the two conditions and estimating them
    # as independent again (see _key).
    if key == expression:  # no CJK word: the key is the whole query, no fence is needed
        # Sorting on `id + 0` keeps the planner from walking the primary key instead.
        statement = (
            "WITH newest AS (SELECT core_searchentry.id, "  # noqa: S608  (as above)
            "core_searchentry.search_vector AS vector FROM core_searchentry "
            "WHERE core_searchentry.search_vector @@ to_tsquery('simple', %s) "
            f"AND ({where}) AND core_searchentry.id > %s "
            f"ORDER BY core_searchentry.id + 0 DESC LIMIT %s) {ranked}"
        )
        arguments = [expression, *params, None, CANDIDATES, expression, title_expression]
    else:
        statement = (
            "WITH span AS MATERIALIZED (SELECT core_searchentry.id, "  # noqa: S608  (as above)
            "core_searchentry.search_vector || ''::tsvector AS vector FROM core_searchentry "
            "WHERE core_searchentry.search_vector @@ to_tsquery('simple', %s) "
            f"AND ({where}) AND core_searchentry.id > %s), "
            "newest AS (SELECT id, vector FROM span WHERE vector @@ to_tsquery('simple', %s) "
            f"ORDER BY id DESC LIMIT %s) {ranked}"
        )
        arguments = [key, *params, None, expression, CANDIDATES, expression, title_expression]
    at_floor = len(params) + 1
    while True:
        floor = newest_id - span if span < newest_id else 0
        arguments[at_floor] = floor
        rows = _fetch(statement, arguments)
        if len(rows) == CANDIDATES or floor == 0:
            return [(int(key), float(rank), bool(title)) for key, rank, title in rows]
        span *= 4


def full_ranking(terms: list[Term], where: tuple[str, list[Any]]) -> list[int]:
    """Return the ids of every match, best first: the plain way, ranking and counting them all.

    Not used to answer searches (a frequent word would cost a million-entry index hundreds of
    milliseconds); the reference the tests and bench/search.py hold `search` against.
    """
    where_sql, params = where
    if connection.vendor == "postgresql":
        rows = _fetch(
            "SELECT id, -ts_rank_cd(search_vector, search_query, 1), "  # noqa: S608  (as above)
            "search_vector @@ to_tsquery('simple', %s) "
            "FROM core_searchentry, to_tsquery('simple', %s) AS search_query "
            f"WHERE search_vector @@ search_query AND ({where_sql})",
            [tsquery_expression(terms, weight="A"), tsquery_expression(terms), *params],
        )
    else:
        expression = fts5_expression(terms)
        ranked = _fetch(
            "SELECT core_searchentry.id, "  # noqa: S608  (as above)
            f"bm25(core_searchentry_fts, {TITLE_WEIGHT}, 1.0) "
            "FROM core_searchentry_fts CROSS JOIN core_searchentry "
            "ON core_searchentry.id = core_searchentry_fts.rowid "
            f"WHERE core_searchentry_fts MATCH %s AND ({where_sql})",
            [expression, *params],
        )
        in_title = {
            key
            for (key,) in _fetch(
                "SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s",
                [f"title_text : ({expression})"],
            )
        }
        rows = [(key, rank, key in in_title) for key, rank in ranked]
    return _best_first([(int(key), float(rank), bool(title)) for key, rank, title in rows])


def newest_matches(
    terms: list[Term], where: tuple[str, list[Any]]
) -> list[tuple[int, float, bool]]:
    """Return (id, rank, whether the titles hold every word) of the newest CANDIDATES matches
    (COUNT_CAP + 1), newest first; a lower rank is a better match."""
    where_sql, params = where
    if connection.vendor == "postgresql":
        return _newest_postgresql(terms, where_sql, params)
    if connection.vendor == "sqlite":
        return _newest_sqlite(terms, where_sql, params)
    raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")


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
    *, text: str, where: tuple[str, list[Any]], searchables: dict[str, SearchableType]
) -> list[SearchEntry]:
    """Return the visible entries (`where`) of the records `text` names (see
    SearchableType.named), in the order their types give, at most MAX_NAMED."""
    wanted = normalise(text)
    named: list[SearchEntry] = []
    where_sql, params = where
    for slug, searchable in searchables.items():
        if searchable.named is None or len(named) >= MAX_NAMED:
            continue
        object_ids = searchable.named(wanted)[: MAX_NAMED - len(named)]
        if not object_ids:
            continue
        visible_ids = [
            key
            for (key,) in _fetch(
                "SELECT id FROM core_searchentry "  # noqa: S608  (as above)
                f"WHERE record_type = %s AND object_id IN ({', '.join(['%s'] * len(object_ids))}) "
                f"AND {where_sql}",
                [slug, *object_ids, *params],
            )
        ]
        found = {
            entry.object_id: entry
            for entry in SearchEntry.objects.only(*_SHOWN).filter(pk__in=visible_ids)
        }
        named += [found[object_id] for object_id in object_ids if object_id in found]
    return named


def search(
    *, actor: Any, text: str, record_type: str | None = None, limit: int, offset: int
) -> SearchResults:
    """Return the records matching `text` that `actor` may see, best first, and how many there are
    (counted up to COUNT_CAP; past it `count_is_exact` is False).

    `record_type` narrows to one registered type (an unknown one finds nothing); `limit` is at
    most MAX_LIMIT. Records the query names come first (a country searched by its name), then
    the rest by rank. Titles and snippets are in the active language, with fallback.
    """
    terms = query_terms(text or "")
    registered = searchable_types()
    if not terms or (record_type and record_type not in registered):
        return SearchResults()
    searchables = {record_type: registered[record_type]} if record_type else registered
    where = visibility_where(actor=actor, searchables=searchables)
    named = _named_entries(text=text, where=where, searchables=searchables) if where else []
    if where is not None and named:
        where_sql, params = where
        keys = [entry.pk for entry in named]
        where = (
            f"{where_sql} AND core_searchentry.id NOT IN ({', '.join(['%s'] * len(keys))})",
            [*params, *keys],
        )
    limit, offset = max(0, min(limit, MAX_LIMIT)), max(0, offset)
    # The named records are the first len(named) results; the ranked matches page the rest.
    first = named[offset : offset + limit]
    rest_limit, rest_offset = limit - len(first), max(0, offset - len(named))
    candidates = newest_matches(terms, where) if where is not None else []
    count = len(candidates)
    page = _best_first(candidates)[rest_offset : rest_offset + rest_limit]
    found = SearchEntry.objects.only(*_SHOWN).in_bulk(page)
    entries = [found[key] for key in page if key in found]
    language = translation.get_language() or settings.LANGUAGE_CODE
    return SearchResults(
        count=min(count, COUNT_CAP) + len(named),
        items=[
            _hit(entry, searchables[entry.record_type], terms, language)
            for entry in [*first, *entries]
        ],
        count_is_exact=count <= COUNT_CAP,
    )
