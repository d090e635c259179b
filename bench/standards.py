"""Gap-matrix benchmark: 20,000 standards tagged with topics and lifecycle stages.

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data (topics, the seven ISO/IEC 22989
lifecycle stages, risk areas, SDGs), generates 50 standards bodies and 20,000 standards (60 %
published, 25 % under development, the rest proposed, revised or withdrawn), each tagged with
one to four topics, one to seven stages, up to three risk areas and up to three SDGs, then times
`aigov.standards.selectors.coverage_matrix` for topic x lifecycle stage (the call behind
`aigov standards gaps`, `/api/standards/gaps` and the page) and for risk area x SDG.

The baseline is the naive way: two COUNT queries per cell (published, under development),
`coverage_counts_by_loop`, which must give the same matrix (checked). The roadmap page's counts
by body and year (`counts_by_body_and_year`) are timed over the same standards against one COUNT
per (body, year), which must agree.
"""

import os
import random
import statistics
import time
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

STANDARDS = 20_000
BODIES = 50
RUNS = 20
BASELINE_RUNS = 3
TARGET_MS = 200
SEED = 20_251_123


def build(rng: random.Random) -> None:
    """Load the taxonomy and generate the standards with their tags."""
    from django.core.management import call_command
    from django.db import connection

    from aigov.accounts.models import Organisation
    from aigov.standards.models import Standard, Status
    from aigov.taxonomy.models import LifecycleStage, RiskArea, SustainableDevelopmentGoal, Topic

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    topics = list(Topic.objects.values_list("slug", flat=True))
    stages = list(
        LifecycleStage.objects.filter(scheme_id="iso-iec-22989").values_list("pk", flat=True)
    )
    areas = list(RiskArea.objects.values_list("slug", flat=True))
    goals = list(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
    bodies = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench body {n}", kind=Organisation.Kind.SDO) for n in range(BODIES)]
    )
    statuses = (
        [Status.PUBLISHED] * 12
        + [Status.UNDER_DEVELOPMENT] * 5
        + [
            Status.PROPOSAL,
            Status.REVISED,
            Status.WITHDRAWN,
        ]
    )
    standards = Standard.objects.bulk_create(
        [
            Standard(
                body=rng.choice(bodies),
                reference=f"BENCH {n}:{rng.randint(2015, 2026)}",
                titles={"en": f"Generated standard {n}"},
                status=rng.choice(statuses),
                year=rng.randint(2015, 2026),
            )
            for n in range(STANDARDS)
        ],
        batch_size=2_000,
    )
    links: dict[str, list[Any]] = {"topics": [], "stages": [], "areas": [], "goals": []}
    topic_link = Standard.topics.through
    stage_link = Standard.lifecycle_stages.through
    area_link = Standard.risk_areas.through
    goal_link = Standard.sdgs.through
    for standard in standards:
        links["topics"] += [
            topic_link(standard_id=standard.pk, topic_id=slug)
            for slug in rng.sample(topics, rng.randint(1, 4))
        ]
        links["stages"] += [
            stage_link(standard_id=standard.pk, lifecyclestage_id=pk)
            for pk in rng.sample(stages, rng.randint(1, 7))
        ]
        links["areas"] += [
            area_link(standard_id=standard.pk, riskarea_id=slug)
            for slug in rng.sample(areas, rng.randint(0, 3))
        ]
        links["goals"] += [
            goal_link(standard_id=standard.pk, sustainabledevelopmentgoal_id=number)
            for number in rng.sample(goals, rng.randint(0, 3))
        ]
    for model, key in (
        (topic_link, "topics"),
        (stage_link, "stages"),
        (area_link, "areas"),
        (goal_link, "goals"),
    ):
        model.objects.bulk_create(links[key], batch_size=5_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _time(run: Any, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1_000)
    return timings


def measure(db: str, rows: str, cols: str) -> None:
    from aigov.standards.selectors import coverage_counts_by_loop, coverage_matrix

    def fast() -> dict[str, Any]:
        return coverage_matrix(actor=None, rows=rows, cols=cols).as_json()

    answer = fast()  # also warms the caches
    assert answer == coverage_counts_by_loop(rows=rows, cols=cols), "matrix and baseline disagree"
    timings = _time(fast, RUNS)
    baseline = _time(lambda: coverage_counts_by_loop(rows=rows, cols=cols), BASELINE_RUNS)
    p50, baseline_p50 = statistics.median(timings), statistics.median(baseline)
    name = f"standards_gaps_{rows}_x_{cols}"
    emit(
        name,
        db,
        p50,
        "ms",
        baseline=round(baseline_p50, 2),
        ratio=round(p50 / baseline_p50, 4),
        target=TARGET_MS,
    )
    emit(f"{name}_p95", db, percentile(timings, 0.95), "ms", target=TARGET_MS)
    cells = [cell for row in answer["cells"].values() for cell in row.values()]
    emit(
        f"{name}_answer",
        db,
        sum(c["published"] + c["under_development"] for c in cells),
        "standard-cell pairs",
        cells=len(cells),
    )


def measure_trends(db: str) -> None:
    """Time the roadmap page's counts by body and year against one COUNT per (body, year)."""
    from aigov.standards.models import Standard, Status
    from aigov.standards.selectors import counts_by_body_and_year

    def fast() -> dict[str, Any]:
        return counts_by_body_and_year(actor=None, status=Status.PUBLISHED).as_json()

    def naive() -> dict[tuple[int, int], int]:
        published = Standard.objects.filter(status=Status.PUBLISHED)
        bodies = published.order_by().values_list("body_id", flat=True).distinct()
        years = range(2015, 2027)
        counts = {
            (body, year): published.filter(body_id=body, year=year).count()
            for body in bodies
            for year in years
        }
        return {key: n for key, n in counts.items() if n}

    answer = fast()
    flat = {
        (body["id"], int(year)): n
        for body in answer["bodies"]
        for year, n in body["counts"].items()
        if n
    }
    assert flat == naive(), "counts by body and year disagree with the baseline"
    timings = _time(fast, RUNS)
    baseline = _time(naive, BASELINE_RUNS)
    p50, baseline_p50 = statistics.median(timings), statistics.median(baseline)
    emit(
        "standards_trends_by_body_year",
        db,
        p50,
        "ms",
        baseline=round(baseline_p50, 2),
        ratio=round(p50 / baseline_p50, 4),
        target=TARGET_MS,
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
    emit("standards_build", db, time.perf_counter() - started, "s", standards=STANDARDS)
    measure(db, "topic", "lifecycle_stage")
    measure(db, "risk_area", "sdg")
    measure_trends(db)


if __name__ == "__main__":
    main()
