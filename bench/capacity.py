"""Capacity benchmarks: the catalogue (p95 under 50 ms over 50,000 offerings, page and API),
one need's matches (p95 under 100 ms at 50,000 open offers, page and API) and matching every
open need at once (10,000 needs against 50,000 offers under 5 s).

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data, generates 20 nodes, 200 providers
and 50,000 offerings (each with one to three languages among 12, audiences and topics, a kind,
a cost, and a start date for most), then times, for a mix of eight filter combinations:

- what `/api/capacity/offerings` does, at the selector level (the older figure):
  `offering_list(...)`, its count, and the first page of 25 through `OfferingResults`; the
  baseline is the straightforward ORM query (each facet a JOIN through its relation and
  `DISTINCT`, counted exactly), both answers checked equal (the catalogue counts to 1,001);
- the catalogue page `/en/capacity/?…` and `/api/capacity/offerings?…`, rendered through
  Django's test client, for the public and a signed-in learner: warm (recommendations kept),
  cold (each view right after the catalogue changed, so the recommendations are ranked again),
  and the baseline: the same requests with the plain implementation swapped in (JOIN and
  DISTINCT, exact count, and every visible offering scored for the recommendations on every
  view, as the page did before).

Then it generates 50,000 open offers and 10,000 open needs (with the offers' (language, topic)
index written as the offer services write it) and times:

- one need's matches: `/api/capacity/needs/{id}/matches` and the need's page for 40 needs, as
  their signed-in owner (needs are for members: the public gets 401 or the sign-in page), cold
  (each need's first request) and warm; the baseline is the plain pruned search a first
  version would do per request: read every open offer, keep those sharing a language and a
  topic, score them with the plain loop. The previous implementation (the whole matcher
  rebuilt per request) is timed on a few needs beside it. The answers are checked equal to the
  matcher's over every open offer, and a closed offer is checked gone from the next answer;
- matching every open need at once (`selectors.match_open_needs`) against the plain per-pair
  loop timed on 40 needs and extrapolated (the older figure).
"""

import datetime
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


PAGE_ROUNDS = 5  # rounds over the eight queries, per actor and state
COLD_ROUNDS = 2


def _get_params(query: dict[str, Any], *, page: bool) -> dict[str, str]:
    """A query as the page's form (dates) or the API (moments) takes it."""
    out = {}
    for name, value in query.items():
        if isinstance(value, datetime.datetime):
            value = value.date().isoformat() if page else value.isoformat()
        out[name] = str(value)
    return out


class PlainResults:
    """The baseline's results: a queryset counted exactly and sliced as it is."""

    is_capped = False

    def __init__(self, offerings: Any) -> None:
        self.offerings = offerings

    def count(self) -> int:
        return int(self.offerings.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Any]:
        return list(self.offerings[window])


def plain_offering_list(*, actor: Any, filters: Any = None) -> Any:
    """The catalogue's filters the straightforward way: a JOIN per facet and DISTINCT."""
    from aigov.capacity import selectors

    f = filters or selectors.OfferingFilter()
    offerings = selectors.offerings_visible_to(actor)
    for name in ("kind", "cost"):
        if getattr(f, name):
            offerings = offerings.filter(**{name: getattr(f, name)})
    if f.provider:
        offerings = offerings.filter(provider__slug=f.provider)
    if f.starts_after:
        offerings = offerings.filter(starts_at__gt=f.starts_after)
    if f.language:
        offerings = offerings.filter(languages__tag__in=selectors.language_tags_for(f.language))
    if f.audience:
        offerings = offerings.filter(audience_rows__audience=f.audience)
    if f.topic:
        offerings = offerings.filter(topics__slug=f.topic)
    return (
        offerings.distinct()
        .select_related("provider", "node")
        .order_by("starts_at", "slug")
        .prefetch_related("languages", "topics", "audience_rows")
    )


def plain_recommendations(
    *, actor: Any, language: Any, region: Any, audience: Any, limit: int = 6, now: Any = None
) -> list[Any]:
    """Every visible offering scored in one query on every view (the page before caching)."""
    from aigov.capacity import selectors
    from aigov.capacity.selectors import offerings as catalogue

    ranked = catalogue._ranked_recommendations(
        selectors.offerings_visible_to(actor),
        dict(catalogue.RECOMMENDATIONS),
        language=language,
        region=region,
        audience=audience,
        now=now,
    )
    return list(ranked.select_related("provider")[:limit])


@contextmanager
def swapped(**plain: Any) -> Iterator[None]:
    """Serve requests with plain implementations in place of the selectors named."""
    from aigov.capacity import selectors

    kept = {name: getattr(selectors, name) for name in plain}
    for name, function in plain.items():
        setattr(selectors, name, function)
    try:
        yield
    finally:
        for name, function in kept.items():
            setattr(selectors, name, function)


def _learner_client() -> Any:
    from django.test import Client

    from aigov.accounts import services as accounts
    from aigov.accounts.models import User

    learner = User.objects.create(email="bench-learner@example.org", display_name="Learner")
    accounts.role_assign(actor=accounts.system_actor(), user=learner, role="learner")
    client = Client()
    client.force_login(learner)
    return client


def _view_ms(client: Any, path: str, params: dict[str, str]) -> float:
    started = time.perf_counter()
    response = client.get(path, params)
    elapsed = (time.perf_counter() - started) * 1_000
    assert response.status_code == 200, (path, params, response.status_code)
    return elapsed


def _views(
    client: Any,
    path: str,
    params: list[dict[str, str]],
    rounds: int,
    *,
    after: Callable[[], None] | None = None,
) -> list[float]:
    """Milliseconds of each request, `rounds` times over `params` (`after`: a change first)."""
    timings = []
    for _ in range(rounds):
        for one in params:
            if after is not None:
                after()
            timings.append(_view_ms(client, path, one))
    return timings


def emit_states(
    name: str, db: str, states: dict[str, list[float]], baseline: list[float], **extra: Any
) -> None:
    """One line per state (warm, cold): its p95 in ms beside the baseline's p95."""
    base = percentile(baseline, 0.95)
    for state, timings in states.items():
        value = percentile(timings, 0.95)
        emit(
            f"{name}_{state}_p95",
            db,
            value,
            "ms",
            median=round(statistics.median(timings), 2),
            runs=len(timings),
            baseline=round(base, 2),
            baseline_runs=len(baseline),
            ratio=round(value / base, 4),
            **extra,
        )


def measure_pages(db: str) -> None:
    """The catalogue page and API, public and signed in: warm, cold and the plain baseline."""
    from django.test import Client

    from aigov.capacity.recommendations import catalogue_changed

    actors = {"public": Client(), "learner": _learner_client()}
    paths = {"page": "/en/capacity/", "api": "/api/capacity/offerings"}
    plain = {
        "offering_list": plain_offering_list,
        "OfferingResults": PlainResults,
        "offering_recommendations": plain_recommendations,
    }
    for kind, path in paths.items():
        for actor, client in actors.items():
            params = [_get_params(query, page=kind == "page") for query in QUERIES]
            _views(client, path, params, 1)  # warm-up: every question asked once
            warm = _views(client, path, params, PAGE_ROUNDS)
            cold = _views(client, path, params, COLD_ROUNDS, after=catalogue_changed)
            with swapped(**plain):
                _views(client, path, params, 1)
                baseline = _views(client, path, params, PAGE_ROUNDS)
            emit_states(
                f"capacity_catalogue_{kind}_{actor}",
                db,
                {"warm": warm, "cold": cold},
                baseline,
                path=path,
                queries=len(QUERIES),
                target=TARGET_MS,
                note=(
                    "cold: each view right after the catalogue changed; baseline: JOIN and "
                    "DISTINCT, exact count, recommendations ranked on every view"
                ),
            )


NEEDS = 10_000
OFFERS = 50_000
MATCH_TARGET_S = 5
BASELINE_SAMPLE = 40  # needs timed with the plain per-pair loop; the total is extrapolated
TODAY = datetime.date(2026, 11, 23)


def build_market(rng: random.Random) -> None:
    """Generate 50,000 open offers and 10,000 open needs (topics, languages, audiences,
    regions, seats/people and dates drawn at random)."""
    from django.db import connection

    from aigov.accounts.models import User
    from aigov.capacity import matching
    from aigov.capacity.models import Audience, Need, Offer, OfferTerm
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
    # The matcher's index of each offer's (language, topic) pairs, as the offer services
    # write it (services.matchmaking._index_offer), in bulk.
    OfferTerm.objects.bulk_create(
        (
            OfferTerm(offer_id=pk, language=language, topic=topic)
            for pk, languages, topics in Offer.objects.values_list("pk", "languages", "topics")
            for language, topic in matching.terms_of(languages, topics)
        ),
        batch_size=5_000,
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
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


NEED_SAMPLE = 40
NEED_ROUNDS = 3  # warm requests per need
BASELINE_NEEDS = 8  # needs timed with the plain search and with the previous implementation
NEED_TARGET_MS = 100


def plain_need_matches(*, actor: Any, need: Any, today: Any, limit: int = 10) -> list[Any]:
    """One need's matches the plain way: read every open offer, keep those sharing a language
    and a topic (the cheap set test of `matching.is_candidate`), score them with the plain
    loop (`rank_plain`), then read the best offers and explain them."""
    from aigov.capacity import matching, selectors

    rows = selectors.open_offer_rows(actor=actor)
    row = matching.need_row(need)
    ranked = matching.rank_plain(row, rows, today=today, limit=limit)
    offers = selectors.offer_list(actor=actor).in_bulk([m.offer_id for m in ranked])
    by_id = {offer.id: offer for offer in rows}
    return [
        selectors.SuggestedOffer(
            offer=offers[m.offer_id],
            score=m.score,
            reasons=matching.explain(row, by_id[m.offer_id]).reasons,
        )
        for m in ranked
    ]


def previous_need_matches(*, actor: Any, need: Any, today: Any, limit: int = 10) -> list[Any]:
    """One need's matches as the previous version did them: every open offer read into a new
    matcher (NumPy columns and inverted index), for one need."""
    from aigov.capacity import matching, selectors

    rows = selectors.open_offer_rows(actor=actor)
    matcher = matching.Matcher(rows, today=today)
    return matcher.rank(matching.need_row(need), limit=limit)


def measure_need_matches(db: str, ranked: dict[int, Any]) -> None:
    """One need's matches, page and API, as the need's owner: cold, warm and the baseline."""
    from django.test import Client
    from django.utils import timezone

    from aigov.accounts.models import User
    from aigov.capacity import selectors, services

    owner = User.objects.get(email="bench-market@example.org")
    needs = random.Random(SEED + 2).sample(sorted(ranked), NEED_SAMPLE)
    # The same answers as the matcher's over every open offer (ranked with TODAY).
    for need_id in needs:
        need = selectors.need_get(actor=owner, pk=need_id)
        found = selectors.need_matches(actor=owner, need=need, today=TODAY, limit=10)
        expected = [(match.offer_id, match.score) for match in ranked[need_id]]
        assert [(m.offer.pk, m.score) for m in found] == expected, f"need {need_id}"
    client = Client()
    client.force_login(owner)
    paths = {
        "api": "/api/capacity/needs/{id}/matches",
        "page": "/en/capacity/needs/{id}/",
    }
    # A closed offer leaves the next answer at once; reopened, it comes back.
    top = client.get(paths["api"].format(id=needs[0])).json()["items"][0]["offer"]["id"]
    offer = selectors.offer_get(actor=owner, pk=top)
    services.offer_set_status(actor=owner, offer=offer, status="closed")
    items = client.get(paths["api"].format(id=needs[0])).json()["items"]
    assert top not in [item["offer"]["id"] for item in items]
    services.offer_set_status(actor=owner, offer=offer, status="open")
    assert Client().get(paths["api"].format(id=needs[0])).status_code == 401
    for kind, template in paths.items():
        cold = [_view_ms(client, template.format(id=n), {}) for n in needs]
        warm = [
            _view_ms(client, template.format(id=n), {}) for _ in range(NEED_ROUNDS) for n in needs
        ]
        with swapped(need_matches=plain_need_matches):
            baseline = [_view_ms(client, template.format(id=n), {}) for n in needs[:BASELINE_NEEDS]]
        emit_states(
            f"capacity_need_matches_{kind}_member",
            db,
            {"warm": warm, "cold": cold},
            baseline,
            path=template,
            needs=len(needs),
            target=NEED_TARGET_MS,
            note=(
                "needs are for members (the public gets 401 / the sign-in page); baseline: "
                "read every open offer, keep those sharing a language and a topic, score "
                "them with the plain loop"
            ),
        )
    today = timezone.now().date()
    previous = []
    for need_id in needs[:BASELINE_NEEDS]:
        need = selectors.need_get(actor=owner, pk=need_id)
        started = time.perf_counter()
        previous_need_matches(actor=owner, need=need, today=today)
        previous.append((time.perf_counter() - started) * 1_000)
    ours = []
    for need_id in needs:
        need = selectors.need_get(actor=owner, pk=need_id)
        started = time.perf_counter()
        selectors.need_matches(actor=owner, need=need, today=today)
        ours.append((time.perf_counter() - started) * 1_000)
    value, before = percentile(ours, 0.95), percentile(previous, 0.95)
    emit(
        "capacity_need_matches_selector_p95",
        db,
        value,
        "ms",
        path="selectors.need_matches (behind both paths)",
        median=round(statistics.median(ours), 2),
        baseline=round(before, 2),
        ratio=round(value / before, 4),
        target=NEED_TARGET_MS,
        candidates_median=statistics.median(
            len(
                selectors.candidate_offer_rows(
                    actor=owner,
                    need=_need_row(owner, need_id),
                    today=today,
                )
            )
            for need_id in needs
        ),
        note="baseline: the previous implementation (every open offer read into a new matcher)",
    )


def _need_row(actor: Any, need_id: int) -> Any:
    from aigov.capacity import matching, selectors

    return matching.need_row(selectors.need_get(actor=actor, pk=need_id))


def measure_matching(db: str) -> dict[int, Any]:
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
    return ranked


def main() -> None:
    refuse_unless_bench_database()
    # The pages are requested through Django's test client, whose host is "testserver".
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
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
    measure_pages(db)
    started = time.perf_counter()
    build_market(random.Random(SEED + 1))
    emit("capacity_market_build", db, time.perf_counter() - started, "s", needs=NEEDS)
    ranked = measure_matching(db)
    measure_need_matches(db, ranked)


if __name__ == "__main__":
    main()
