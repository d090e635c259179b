"""Search benchmark: 100,000 generated records in six scripts, 200 fixed queries.

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It indexes 95,000 generated records (type `bench.generated`, marked as
demonstration data) and 5,000 generated users, then times `aigov.core.search.query.search` for
200 queries as a learner (the common case: public records plus a permission subquery), as the
public and as the secretariat. The baseline is what search would cost without a full-text
index: a case-insensitive substring scan (`icontains` over search_text, one per query word)
with the same permission filter, counted and paged the same way. After loading, the database
is analysed (and vacuumed on PostgreSQL), as a live server's autovacuum would have done.

Words come from a vocabulary per language (English, French, Spanish, Russian, Arabic, Chinese):
real domain words and frequent function words first, then generated words, drawn with a Zipf
distribution as in real text. Queries never use function words, as people rarely search them.
Chinese text has no spaces, and some queries are words from the middle of Chinese titles.
"""

import json
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

RECORDS = 95_000
USERS = 5_000
QUERIES = 200
TARGET_MS = 50
SEED = 20_241_123
BENCH_TYPE = "bench.generated"

VOCABULARY = json.loads((Path(__file__).with_name("search_vocabulary.json")).read_text("utf-8"))
FUNCTION_WORDS: dict[str, list[str]] = VOCABULARY["function_words"]
DOMAIN_WORDS: dict[str, list[str]] = VOCABULARY["domain_words"]
SYLLABLES: dict[str, list[str]] = VOCABULARY["syllables"]
NAMES: dict[str, list[str]] = VOCABULARY["names"]
LANGUAGES = list(DOMAIN_WORDS)


def _vocabulary(rng: random.Random, language: str, size: int = 3_500) -> list[str]:
    """Return words in rank order: function words, domain words, then generated words."""
    words = list(dict.fromkeys([*FUNCTION_WORDS[language], *DOMAIN_WORDS[language]]))
    seen = set(words)
    if language == "zh":
        # Two-character words from a pool of 900 common-block Han characters.
        pool = [chr(code) for code in range(0x4E00, 0x4E00 + 900)]
        while len(words) < size:
            word = rng.choice(pool) + rng.choice(pool)
            if word not in seen:
                seen.add(word)
                words.append(word)
        return words
    syllables = SYLLABLES[language]
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class ZipfWords:
    """Draw words with probability proportional to 1 / rank."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng = rng
        self.words = words
        self.cumulative = list(accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def draw(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _text(language: str, words: list[str]) -> str:
    return "".join(words) if language == "zh" else " ".join(words)


def _documents(rng: random.Random, drawers: dict[str, ZipfWords]) -> Iterator[tuple[str, Any]]:
    from aigov.core.search.registry import SearchDocument

    for number in range(RECORDS):
        language = LANGUAGES[number % len(LANGUAGES)]
        drawer = drawers[language]
        code = "zh-hans" if language == "zh" else language
        titles = {code: _text(language, drawer.draw(rng.randint(4, 10)))}
        if language != "en" and rng.random() < 0.3:
            titles["en"] = _text("en", drawers["en"].draw(rng.randint(4, 10)))
        bodies = {code: _text(language, drawer.draw(rng.randint(20, 60)))}
        yield (
            str(number),
            SearchDocument(
                titles=titles, bodies=bodies, path=f"/bench/records/{number}/", is_demo=True
            ),
        )


def _queries(
    rng: random.Random, vocabularies: dict[str, list[str]], chinese_titles: list[str]
) -> list[str]:
    """Return the fixed query set: words of every frequency, prefixes, pairs, Chinese words."""

    def pick(language: str, low: int, high: int) -> str:
        words = vocabularies[language]
        return words[rng.randrange(low, min(high, len(words)))]

    def domain(language: str) -> str:
        return rng.choice(DOMAIN_WORDS[language])

    def language_of(index: int, languages: list[str] = LANGUAGES) -> str:
        return languages[index % len(languages)]

    def middle_of_chinese_title() -> str:
        title = rng.choice(chinese_titles)
        start = rng.randrange(2, max(3, len(title) - 3))
        return title[start : start + 2]

    spaced = [language for language in LANGUAGES if language != "zh"]
    queries = [
        # Frequent domain words, in every language.
        *(domain(language_of(index)) for index in range(50)),
        # Mid-frequency and rare words.
        *(pick(language_of(index), 100, 1_500) for index in range(50)),
        *(pick(language_of(index), 1_500, 3_500) for index in range(25)),
        # Prefixes, as typed into the live search box.
        *(pick(language_of(index, spaced), 60, 1_500)[:4] for index in range(25)),
        # Two words.
        *(
            f"{domain(language_of(index))} {pick(language_of(index), 60, 1_500)}"
            for index in range(25)
        ),
        # A Chinese word from the middle of a Chinese title.
        *(middle_of_chinese_title() for _index in range(25)),
    ]
    return queries[:QUERIES]


def _create_users(rng: random.Random) -> tuple[Any, Any]:
    """Create generated users (demo-marked) and return a learner and a secretariat member."""
    from aigov.accounts import services
    from aigov.accounts.models import User

    users = []
    for number in range(USERS):
        script = rng.random()
        if script < 0.7:
            name = f"{rng.choice(NAMES['given'])} {rng.choice(NAMES['family'])}"
        elif script < 0.8:
            name = " ".join(rng.sample(NAMES["cyrillic"], 2))
        elif script < 0.9:
            name = " ".join(rng.sample(NAMES["arabic"], 2))
        else:
            name = rng.choice(NAMES["chinese"])
        user = User(email=f"bench{number}@example.org", display_name=name, is_demo=True)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1_000)
    actor = services.system_actor()
    learner = services.user_create(
        actor=actor, email="bench-learner@example.org", display_name="Bench learner", role="learner"
    )
    secretariat = services.user_create(
        actor=actor,
        email="bench-secretariat@example.org",
        display_name="Bench secretariat",
        role="secretariat",
    )
    return learner, secretariat


def _time(queries: list[str], run: Callable[[str], Any]) -> list[float]:
    timings = []
    for text in queries:
        started = time.perf_counter()
        run(text)
        timings.append((time.perf_counter() - started) * 1_000)
    return timings


def _register_bench_type() -> None:
    from aigov.core.models import SearchEntry
    from aigov.core.search.registry import SearchableType, SearchDocument, register

    # Generated records live only in the index: the entries are the records.
    register(
        SearchableType(
            BENCH_TYPE,
            "Generated benchmark record",
            SearchEntry,
            lambda: SearchEntry.objects.filter(record_type=BENCH_TYPE),
            lambda entry: SearchDocument(
                titles=entry.titles, bodies=entry.bodies, path=entry.path, is_demo=True
            ),
        )
    )


def build(rng: random.Random) -> dict[str, Any]:
    """Create the users and index every generated record; return what measuring needs."""
    from django.db import connection

    from aigov.core.models import SearchEntry
    from aigov.core.search import index

    vocabularies = {language: _vocabulary(rng, language) for language in LANGUAGES}
    drawers = {language: ZipfWords(rng, words) for language, words in vocabularies.items()}
    started = time.perf_counter()
    learner, secretariat = _create_users(rng)
    chinese_titles: list[str] = []

    def documents() -> Iterator[tuple[str, Any]]:
        for object_id, document in _documents(rng, drawers):
            if "zh-hans" in document.titles and len(chinese_titles) < 2_000:
                chinese_titles.append(document.titles["zh-hans"])
            yield object_id, document

    counts = index.store(
        record_type=BENCH_TYPE, documents=documents(), is_public=True, batch_size=1_000
    )
    user_counts = index.rebuild(record_types=["accounts.user"])["accounts.user"]
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # The state a live server reaches on its own: statistics for the planner, and on
        # PostgreSQL what autovacuum does after a bulk load (hint bits, visibility map).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    assert counts.created == RECORDS and user_counts.created >= USERS, (counts, user_counts)
    return {
        "seconds": seconds,
        "entries": SearchEntry.objects.count(),
        "learner": learner,
        "secretariat": secretariat,
        "queries": _queries(rng, vocabularies, chinese_titles),
    }


def measure(db: str, built: dict[str, Any]) -> None:
    """Time the queries for each kind of actor and the baseline; print one line per figure."""
    from django.contrib.auth.models import AnonymousUser

    from aigov.core.search.normalise import query_terms
    from aigov.core.search.query import search, visible_entries
    from aigov.core.search.registry import searchable_types

    queries, learner, secretariat = built["queries"], built["learner"], built["secretariat"]
    assert len(queries) == QUERIES

    def run_search(actor: Any) -> Callable[[str], Any]:
        return lambda text: search(actor=actor, text=text, limit=20, offset=0)

    def run_baseline(text: str) -> tuple[int, list[Any]]:
        entries = visible_entries(actor=learner, searchables=searchable_types())
        for term in query_terms(text):
            entries = entries.filter(search_text__icontains=" ".join(term.tokens))
        return entries.count(), list(entries.order_by("pk")[:20])

    for text in queries[:10]:  # warm the caches
        search(actor=learner, text=text, limit=20, offset=0)
    hits = [search(actor=learner, text=text, limit=20, offset=0).count for text in queries]
    learner_ms = _time(queries, run_search(learner))
    anonymous_ms = _time(queries, run_search(AnonymousUser()))
    secretariat_ms = _time(queries, run_search(secretariat))
    baseline_ms = _time(queries, run_baseline)

    baseline_p95 = percentile(baseline_ms, 0.95)
    p95 = percentile(learner_ms, 0.95)
    emit(
        "search_p95",
        db,
        p95,
        "ms",
        baseline=round(baseline_p95, 2),
        ratio=round(p95 / baseline_p95, 4),
        target=TARGET_MS,
    )
    p50, baseline_p50 = statistics.median(learner_ms), statistics.median(baseline_ms)
    emit(
        "search_p50",
        db,
        p50,
        "ms",
        baseline=round(baseline_p50, 2),
        ratio=round(p50 / baseline_p50, 4),
    )
    emit("search_max", db, max(learner_ms), "ms", baseline=round(max(baseline_ms), 2))
    emit("search_p95_public", db, percentile(anonymous_ms, 0.95), "ms", target=TARGET_MS)
    emit("search_p95_secretariat", db, percentile(secretariat_ms, 0.95), "ms", target=TARGET_MS)
    emit(
        "search_hits_median",
        db,
        statistics.median(hits),
        "results",
        queries=len(queries),
        without_results=sum(1 for count in hits if count == 0),
    )


def main() -> None:
    refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    _register_bench_type()
    db = os.environ.get("BENCH_DB", connection.vendor)
    built = build(random.Random(SEED))
    emit("search_index_build", db, built["seconds"], "s", records=built["entries"])
    measure(db, built)


if __name__ == "__main__":
    main()
