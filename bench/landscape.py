"""Representation benchmark: 250 jurisdictions, 1,000 initiatives, 50,000 participations.

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data (the 250 countries and other
jurisdictions, 193 of them UN Member States), generates 1,000 initiatives and 50,000
participation rows between them (start dates 2015-2025, a fifth of them ended, some not yet
started on the date asked), then times `aigov.landscape.selectors.representation(as_of=…)`,
the call behind `aigov landscape representation`, `/api/landscape/representation` and the page.

The baseline is the straightforward way: one query per UN Member State for its count and one
per initiative for its totals, with the same counting rules, giving the same answer (checked).
"""

import datetime
import os
import random
import statistics
import time
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

INITIATIVES = 1_000
PARTICIPATIONS = 50_000
RUNS = 20
TARGET_MS = 200
SEED = 20_241_124
AS_OF = datetime.date(2024, 9, 1)


def build(rng: random.Random) -> int:
    """Load the countries, generate initiatives and participations; return the country count."""
    from django.core.management import call_command
    from django.db import connection

    from aigov.landscape.models import Initiative, Participation
    from aigov.taxonomy.models import Country

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    codes = list(Country.objects.values_list("iso3", flat=True))
    assert len(codes) >= 250, len(codes)
    Initiative.objects.bulk_create(
        [
            Initiative(
                slug=f"bench-{number}",
                names={"en": f"Generated initiative {number}"},
                kind=rng.choice(Initiative.Kind.values),
                year=rng.randint(2015, 2025),
            )
            for number in range(INITIATIVES)
        ],
        batch_size=1_000,
    )
    first = datetime.date(2015, 1, 1)
    pairs = rng.sample(range(INITIATIVES * len(codes)), PARTICIPATIONS)
    rows = []
    for pair in pairs:
        started_on = first + datetime.timedelta(days=rng.randrange(11 * 365))
        ended_on = (
            started_on + datetime.timedelta(days=rng.randint(30, 2_000))
            if rng.random() < 0.2
            else None
        )
        rows.append(
            Participation(
                initiative_id=f"bench-{pair // len(codes)}",
                participant_id=codes[pair % len(codes)],
                basis=rng.choice(Participation.Basis.values),
                started_on=started_on,
                ended_on=ended_on,
            )
        )
    Participation.objects.bulk_create(rows, batch_size=2_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return len(codes)


def baseline(as_of: datetime.date) -> dict[str, Any]:
    """Answer the same question one Member State and one initiative at a time."""
    from django.db.models import Q

    from aigov.landscape.models import Initiative, Participation
    from aigov.taxonomy.models import Country

    active = Participation.objects.filter(
        Q(started_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
    )
    countries = {}
    for iso3 in Country.objects.filter(is_un_member=True).values_list("iso3", flat=True):
        countries[iso3] = (
            active.filter(participant_id=iso3).values("initiative_id").distinct().count()
        )
    initiatives = {}
    for slug in Initiative.objects.order_by("year", "slug").values_list("slug", flat=True):
        here = active.filter(initiative_id=slug)
        participants = here.values("participant_id").distinct().count()
        member_states = (
            here.filter(participant__is_un_member=True).values("participant_id").distinct().count()
        )
        initiatives[slug] = {
            "participants": participants,
            "member_states": member_states,
            "non_state": participants - member_states,
        }
    running = sum(1 for totals in initiatives.values() if totals["participants"])
    return {
        "as_of": as_of.isoformat(),
        "member_states": len(countries),
        "in_none": sum(1 for n in countries.values() if n == 0),
        "in_all": sum(1 for n in countries.values() if running and n == running),
        "initiatives": initiatives,
        "countries": countries,
    }


def _time(run: Any, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1_000)
    return timings


def measure(db: str) -> None:
    from aigov.landscape.selectors import representation

    summary = representation(as_of=AS_OF).summary()  # also warms the caches
    assert summary == baseline(AS_OF), "representation and the baseline disagree"
    timings = _time(lambda: representation(as_of=AS_OF), RUNS)
    baseline_timings = _time(lambda: baseline(AS_OF), RUNS)
    p50, baseline_p50 = statistics.median(timings), statistics.median(baseline_timings)
    emit(
        "landscape_representation",
        db,
        p50,
        "ms",
        baseline=round(baseline_p50, 2),
        ratio=round(p50 / baseline_p50, 4),
        target=TARGET_MS,
    )
    p95, baseline_p95 = percentile(timings, 0.95), percentile(baseline_timings, 0.95)
    emit(
        "landscape_representation_p95",
        db,
        p95,
        "ms",
        baseline=round(baseline_p95, 2),
        ratio=round(p95 / baseline_p95, 4),
        target=TARGET_MS,
    )
    running = sum(1 for totals in summary["initiatives"].values() if totals["participants"])
    emit(
        "landscape_representation_answer",
        db,
        running,
        "initiatives with participants",
        in_none=summary["in_none"],
        in_all=summary["in_all"],
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
    countries = build(random.Random(SEED))
    emit(
        "landscape_build",
        db,
        time.perf_counter() - started,
        "s",
        jurisdictions=countries,
        initiatives=INITIATIVES,
        participations=PARTICIPATIONS,
    )
    measure(db)


if __name__ == "__main__":
    main()
