"""Capacity benchmarks: catalogue filtering (p95 under 50 ms over 50,000 offerings) and
matchmaking (10,000 needs against 50,000 offers under 5 s).

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data, generates 20 nodes, 200 providers
and 50,000 offerings (each with one to three languages among 12, audiences and topics, a kind,
a cost, and a start date for most), then times what `/api/capacity/offerings` does for a mix of
filter combinations: `aigov.capacity.selectors.offering_list(...)`, its count, and the first
page of 25 through `OfferingResults` (ordered keys first, then the rows with their languages,
topics and audiences).

The catalogue counts matches up to 1,001 (the page then says "1,000+"; the API gives
`count_is_exact: false`); the baseline counts them all.

The baseline is the straightforward ORM query: each facet filter a JOIN through its relation and
`DISTINCT` to undo the duplicated rows, counted and paged the same way; both must return the
same count and page (checked).
"""

import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

OFFERINGS = 50_000
NODES = 20
PROVIDERS = 200
RUNS = 15
PAGE = 25
TARGET_MS = 50
SEED = 20_261_123
LANGUAGES = ["ar", "zh-Hans", "en", "fr", "ru", "es", "pt", "sw", "hi", "id", "de", "tr"]
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
QUERIES: list[dict[str, Any]] = [
    {},
    {"language": "fr"},
    {"language": "fr", "audience": "public_officials", "cost": "free"},
    {"kind": "webinar", "starts_after": START + datetime.timedelta(days=400)},
    {"topic": "governance", "language": "ar"},
    {"provider": "bench-provider-7"},
    {"audience": "students", "cost": "fee", "kind": "self_paced_course"},
    {"language": "sw", "topic": "machine-learning", "audience": "researchers"},
]


def build(rng: random.Random) -> None:
    """Load the taxonomy and generate the network and the catalogue."""
    from django.core.management import call_command
    from django.db import connection

    from aigov.capacity.models import Audience, Node, Offering, OfferingAudience, Provider
    from aigov.taxonomy.models import RegionalGroup, Topic

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    topics = list(Topic.objects.values_list("slug", flat=True))
    Node.objects.bulk_create(
        Node(
            slug=f"bench-node-{n}",
            names={"en": f"Generated node {n}"},
            kind="regional_hub",
            region=rng.choice(RegionalGroup.values),
        )
        for n in range(NODES)
    )
    nodes = list(Node.objects.values_list("pk", flat=True))
    Provider.objects.bulk_create(
        Provider(slug=f"bench-provider-{n}", names={"en": f"Generated provider {n}"})
        for n in range(PROVIDERS)
    )
    providers = list(Provider.objects.values_list("pk", flat=True))
    rows = []
    for n in range(OFFERINGS):
        is_fee = rng.random() < 0.3
        rows.append(
            Offering(
                slug=f"bench-offering-{n}",
                titles={"en": f"Generated offering {n}"},
                kind=rng.choice(Offering.Kind.values),
                provider_id=rng.choice(providers),
                node_id=rng.choice(nodes),
                level=rng.choice(Offering.Level.values),
                cost="fee" if is_fee else "free",
                fee_amount=100 if is_fee else None,
                starts_at=(
                    START + datetime.timedelta(days=rng.randrange(730), hours=rng.randrange(24))
                    if rng.random() < 0.8
                    else None
                ),
                is_published=rng.random() < 0.97,
            )
        )
    Offering.objects.bulk_create(rows, batch_size=2_000)
    ids = list(Offering.objects.values_list("pk", flat=True))
    languages, topic_rows, audiences = [], [], []
    for pk in ids:
        languages += [
            Offering.languages.through(offering_id=pk, language_id=tag)
            for tag in rng.sample(LANGUAGES, rng.randint(1, 3))
        ]
        topic_rows += [
            Offering.topics.through(offering_id=pk, topic_id=slug)
            for slug in rng.sample(topics, rng.randint(1, 3))
        ]
        audiences += [
            OfferingAudience(offering_id=pk, audience=value)
            for value in rng.sample(Audience.values, rng.randint(1, 3))
        ]
    Offering.languages.through.objects.bulk_create(languages, batch_size=5_000)
    Offering.topics.through.objects.bulk_create(topic_rows, batch_size=5_000)
    OfferingAudience.objects.bulk_create(audiences, batch_size=5_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def catalogue_page(actor: Any, query: dict[str, Any]) -> tuple[int, list[str]]:
    """What the API does for one request: count, then one page with its facets."""
    from aigov.capacity import selectors

    offerings = selectors.offering_list(actor=actor, filters=selectors.OfferingFilter(**query))
    results = selectors.OfferingResults(offerings)
    page = results[:PAGE]
    for offering in page:
        offering.language_tag_list(), offering.topic_slug_list(), offering.audience_list()
    return results.count(), [offering.slug for offering in page]


def baseline_page(actor: Any, query: dict[str, Any]) -> tuple[int, list[str]]:
    """The same answer with JOINs through each relation and DISTINCT."""
    from aigov.capacity.models import Offering

    offerings = Offering.objects.filter(is_published=True)
    if query.get("kind"):
        offerings = offerings.filter(kind=query["kind"])
    if query.get("cost"):
        offerings = offerings.filter(cost=query["cost"])
    if query.get("provider"):
        offerings = offerings.filter(provider__slug=query["provider"])
    if query.get("starts_after"):
        offerings = offerings.filter(starts_at__gt=query["starts_after"])
    if query.get("language"):
        offerings = offerings.filter(languages__tag=query["language"])
    if query.get("audience"):
        offerings = offerings.filter(audience_rows__audience=query["audience"])
    if query.get("topic"):
        offerings = offerings.filter(topics__slug=query["topic"])
    offerings = (
        offerings.distinct().select_related("provider", "node").order_by("starts_at", "slug")
    )
    page = list(offerings.prefetch_related("languages", "topics", "audience_rows")[:PAGE])
    for offering in page:
        [language.tag for language in offering.languages.all()]
        [topic.slug for topic in offering.topics.all()]
        [row.audience for row in offering.audience_rows.all()]
    return offerings.count(), [offering.slug for offering in page]


def _time(run: Callable[[dict[str, Any]], Any]) -> list[float]:
    timings = []
    for _ in range(RUNS):
        for query in QUERIES:
            started = time.perf_counter()
            run(query)
            timings.append((time.perf_counter() - started) * 1_000)
    return timings


def measure(db: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser()
    counts = []
    for query in QUERIES:
        from aigov.capacity.selectors import COUNT_CAP

        answer = catalogue_page(actor, query)
        exact, slugs = baseline_page(actor, query)
        # The catalogue counts up to COUNT_CAP + 1 ("1,000+"); the baseline counts them all.
        assert answer == (min(exact, COUNT_CAP + 1), slugs), f"answers disagree: {query}"
        counts.append(exact)
    timings = _time(lambda query: catalogue_page(actor, query))
    baseline_timings = _time(lambda query: baseline_page(actor, query))
    for name, figure in (("", statistics.median), ("_p95", lambda v: percentile(v, 0.95))):
        value, baseline = figure(timings), figure(baseline_timings)
        emit(
            f"capacity_catalogue_filter{name}",
            db,
            value,
            "ms",
            baseline=round(baseline, 2),
            ratio=round(value / baseline, 4),
            target=TARGET_MS,
        )
    emit(
        "capacity_catalogue_answer",
        db,
        min(counts),
        "offerings in the narrowest query",
        widest=max(counts),
        queries=len(QUERIES),
    )


NEEDS = 10_000
OFFERS = 50_000
MATCH_TARGET_S = 5
BASELINE_SAMPLE = 40  # needs timed with the plain per-pair loop; the total is extrapolated
TODAY = datetime.date(2026, 11, 23)


def build_market(rng: random.Random) -> None:
    """Generate 50,000 open offers and 10,000 open needs (topics, languages, audiences,
    regions, seats/people and dates drawn at random)."""
    from aigov.accounts.models import User
    from aigov.capacity.models import Audience, Need, Offer
    from aigov.taxonomy.models import RegionalGroup, Topic

    topics = list(Topic.objects.values_list("slug", flat=True))
    owner = User.objects.create(email="bench-market@example.org", display_name="Bench")

    def day(low: int, high: int) -> datetime.date:
        return TODAY + datetime.timedelta(days=rng.randint(low, high))

    Offer.objects.bulk_create(
        (
            Offer(
                owner=owner,
                title=f"Generated offer {n}",
                topics=rng.sample(topics, rng.randint(1, 3)),
                languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
                audiences=rng.sample(Audience.values, rng.randint(0, 2)),
                regions=rng.sample(RegionalGroup.values, rng.randint(0, 2)),
                seats=rng.randint(5, 100),
                available_from=day(-200, 300) if rng.random() < 0.7 else None,
                available_until=day(-60, 700) if rng.random() < 0.5 else None,
            )
            for n in range(OFFERS)
        ),
        batch_size=2_000,
    )
    Need.objects.bulk_create(
        (
            Need(
                owner=owner,
                title=f"Generated need {n}",
                topics=rng.sample(topics, rng.randint(1, 3)),
                languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
                audiences=rng.sample(Audience.values, rng.randint(0, 1)),
                region=rng.choice(RegionalGroup.values),
                people=rng.randint(5, 200),
                due_by=day(30, 400) if rng.random() < 0.7 else None,
            )
            for n in range(NEEDS)
        ),
        batch_size=2_000,
    )


def measure_matching(db: str) -> None:
    """Time matching every open need against every open offer, as selectors.match_open_needs
    does it (read both from the database, build the index, rank the best 10 for each need),
    against the plain per-pair loop timed on a sample of needs and extrapolated."""
    from aigov.accounts.models import User
    from aigov.capacity import matching, selectors

    actor = User.objects.get(email="bench-market@example.org")
    timings, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        ranked = selectors.match_open_needs(actor=actor, today=TODAY, limit=10)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert len(ranked) == NEEDS
    offers = selectors.open_offer_rows(actor=actor)
    needs = selectors.open_need_rows(actor=actor)
    sample = random.Random(SEED).sample(needs, BASELINE_SAMPLE)
    started = time.perf_counter()
    plain = {need.id: matching.rank_plain(need, offers, today=TODAY, limit=10) for need in sample}
    sample_seconds = time.perf_counter() - started
    for need_id, matches in plain.items():
        assert ranked[need_id] == matches, f"matcher and plain loop disagree for need {need_id}"
    baseline = sample_seconds * len(needs) / BASELINE_SAMPLE
    value = statistics.median(timings)
    emit(
        "capacity_matchmaking",
        db,
        round(value, 3),
        f"s (baseline: plain per-pair loop timed on {BASELINE_SAMPLE} needs, extrapolated)",
        baseline=round(baseline, 1),
        ratio=round(value / baseline, 5),
        target=MATCH_TARGET_S,
        needs=len(needs),
        offers=len(offers),
        cpu_s=round(statistics.median(cpu), 3),
        matches_per_need_mean=round(statistics.mean(len(m) for m in ranked.values()), 2),
    )


def main() -> None:
    refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    build(random.Random(SEED))
    emit("capacity_build", db, time.perf_counter() - started, "s", offerings=OFFERINGS)
    measure(db)
    started = time.perf_counter()
    build_market(random.Random(SEED + 1))
    emit("capacity_market_build", db, time.perf_counter() - started, "s", needs=NEEDS)
    measure_matching(db)


if __name__ == "__main__":
    main()
