"""Search ranks the newest matches only and counts up to a cap (issue 19, part 5).

The reference here is the full ranking written the plain way: every match the actor may see,
ranked (titles holding every word first, then bm25 / ts_rank_cd, then id) and counted. The
search must give exactly its pages whenever no more than COUNT_CAP records match, and past the
cap exactly the full ranking of the newest COUNT_CAP + 1 matches, with a capped count.
"""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from aigov.core.models import SearchEntry
from aigov.core.search import index, query
from aigov.core.search.normalise import query_terms
from aigov.core.search.registry import SearchableType, SearchDocument, register, searchable_types

pytestmark = pytest.mark.django_db

SAMPLE = "test.sample"
# Chinese words too: "能力 力建 建设" holds every bigram of "能力建设" but not the word, which
# PostgreSQL looks up by its rarest bigram alone and must then check whole.
WORDS = [f"zq{letter}{number}" for letter in "abc" for number in range(12)] + [
    "能力建设",
    "能力",
    "力建",
    "建设",
    "治理",
]
QUERIES = [
    "zqa0",
    "zqa1",
    "zqb2",
    "zqa",
    "zqa0 zqa1",
    "zqc11",
    "zqa0 zqb0",
    "zqb",
    "zq",
    "能力建设",
    "治理 能力",
]


@pytest.fixture
def sample():
    """240 generated records in the index, words drawn with a Zipf distribution, and two
    written out."""
    register(
        SearchableType(
            SAMPLE,
            "Sample",
            SearchEntry,
            lambda: SearchEntry.objects.filter(record_type=SAMPLE),
            lambda entry: SearchDocument(titles=entry.titles, path=entry.path),
        )
    )
    rng = random.Random(19)
    weights = [1 / rank for rank in range(1, len(WORDS) + 1)]

    def text(count: int) -> str:
        return " ".join(rng.choices(WORDS, weights=weights, k=count))

    index.store(
        record_type=SAMPLE,
        documents=[
            (
                str(number),
                SearchDocument(
                    titles={"en": text(rng.randint(1, 4))},
                    bodies={"en": text(rng.randint(3, 12))},
                    path=f"/sample/{number}/",
                ),
            )
            for number in range(240)
        ]
        + [  # every bigram of "能力建设" without the word, then the word itself
            ("240", SearchDocument(titles={"en": "能力 力建 建设"}, path="/sample/240/")),
            ("241", SearchDocument(titles={"en": "能力建设"}, path="/sample/241/")),
        ],
        is_public=True,
    )
    with translation.override("en"):
        yield
    from aigov.core.search import registry

    registry._types.pop(SAMPLE, None)


def _full_ranking(text: str, actor) -> list[int]:
    """Every match `actor` may see, best first: the plain implementation, no cap."""
    where = query._where_of(query.visible_entries(actor=actor, searchables=searchable_types()))
    return query.full_ranking(query_terms(text), where)


def _ids(results) -> list[int]:
    paths = [hit.url.removeprefix("/en") for hit in results.items]
    found = dict(SearchEntry.objects.filter(path__in=paths).values_list("path", "id"))
    return [found[path] for path in paths]


def _search(text: str, *, limit: int = 20, offset: int = 0, actor=None):
    return query.search(actor=actor or AnonymousUser(), text=text, limit=limit, offset=offset)


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize("text", QUERIES)
def test_below_the_cap_every_page_is_the_full_ranking(text):
    full = _full_ranking(text, AnonymousUser())
    assert 0 < len(full) <= query.COUNT_CAP
    for limit, offset in [(20, 0), (7, 0), (7, 7), (5, 30), (100, 0)]:
        results = _search(text, limit=limit, offset=offset)
        assert results.count == len(full) and results.count_is_exact
        assert _ids(results) == full[offset : offset + limit], (limit, offset)


@pytest.mark.usefixtures("sample")
@pytest.mark.parametrize("span", [4, None])
@pytest.mark.parametrize("text", QUERIES)
def test_past_the_cap_the_newest_matches_are_ranked_and_the_count_stops(monkeypatch, text, span):
    monkeypatch.setattr(query, "COUNT_CAP", 10)
    monkeypatch.setattr(query, "CANDIDATES", 11)
    if span is not None:  # PostgreSQL widens its look from the newest 4 entries
        estimated = query._estimated_span
        monkeypatch.setattr(
            query,
            "_estimated_span",
            lambda terms: (estimated(terms)[0], span, False, estimated(terms)[3]),
        )
    full = _full_ranking(text, AnonymousUser())
    newest = set(sorted(full, reverse=True)[:11])
    expected = [key for key in full if key in newest]
    results = _search(text)
    if len(full) <= 10:
        assert (results.count, results.count_is_exact) == (len(full), True)
    else:
        assert (results.count, results.count_is_exact) == (10, False)
    assert _ids(results) == expected[:20]
    # The first results still hold every word in their titles when any of the newest do.
    assert _ids(_search(text, limit=3)) == expected[:3]


@pytest.mark.usefixtures("sample")
def test_records_an_actor_may_not_see_take_no_place(monkeypatch):
    """Hidden records are filtered inside the query: they neither count nor push others out."""
    from aigov.accounts import services
    from aigov.accounts.services import system_actor

    monkeypatch.setattr(query, "COUNT_CAP", 10)
    monkeypatch.setattr(query, "CANDIDATES", 11)
    for number in range(12):  # newer than every sample record, and hidden from the public
        user = services.user_create(
            actor=system_actor(),
            email=f"zqa0-{number}@example.org",
            display_name=f"zqa0 person {number}",
            role="learner",
        )
        index.refresh(user)
    results = _search("zqa0")
    assert all(hit.type == SAMPLE for hit in results.items)
    full = _full_ranking("zqa0", AnonymousUser())
    newest = set(sorted(full, reverse=True)[:11])
    assert _ids(results) == [key for key in full if key in newest][:20]


@pytest.mark.usefixtures("sample")
def test_the_page_and_the_api_say_when_the_count_stopped(monkeypatch):
    monkeypatch.setattr(query, "COUNT_CAP", 10)
    monkeypatch.setattr(query, "CANDIDATES", 11)
    client = Client()
    page = client.get("/en/search/", {"q": "zq"})
    assert "10+ results" in page.content.decode()
    rare = next(
        q
        for q in ["zqc11 zqc10", "zqc11 zqb11", "zqc10 zqb10", "zqc11", "zqc10", "zqb11"]
        if _search(q).count_is_exact and _search(q).count > 0
    )
    count = _search(rare).count
    exact = client.get("/en/search/", {"q": rare})
    assert 0 < count <= 10 and f"{count} result" in exact.content.decode()
    answer = client.get("/api/search", {"q": "zq", "limit": 5}).json()
    assert answer["count"] == 10 and answer["count_is_exact"] is False
    assert len(answer["items"]) == 5
    assert client.get("/api/search", {"q": rare}).json()["count_is_exact"] is True


def test_the_cap_reads_as_one_thousand_plus(monkeypatch):
    from django.template.loader import render_to_string

    capped = query.SearchResults(count=1000, items=[], count_is_exact=False)
    with translation.override("en"):
        html = render_to_string("core/_search_results.html", {"results": capped})
    assert "1,000+ results" in html
