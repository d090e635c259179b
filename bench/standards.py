"""Gap-matrix benchmark: 20,000 standards tagged with topics and lifecycle stages.

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data (topics, the seven ISO/IEC 22989
lifecycle stages, risk areas, SDGs), generates 50 standards bodies and 20,000 standards (60 %
published, 25 % under development, the rest proposed, revised or withdrawn), each tagged with
one to four topics, one to seven stages, up to three risk areas and up to three SDGs, then times
`aigov.standards.selectors.coverage_matrix` for topic x lifecycle stage (the call behind
`aigov standards gaps`, `/api/standards/gaps` and the page) and for risk area x SDG, and the
roadmap's counts by body and year; then the pages and API routes people open, as the public
and as a signed-in standards body representative, warm and cold (bench/_common.py): the gap
matrix, the roadmap and the register.

The baselines are what a good engineer would write first: for the matrix one GROUP BY over the
two tag tables joined on the standard (`coverage_plain`), for the roadmap one GROUP BY (body,
year), for the register one query for the page with its body and topics and its counts; each
gives the same answer (checked).
"""

import os
import random
import statistics
import time
from typing import Any

import _common as common

STANDARDS = 20_000
BODIES = 50
TARGET_MS = 200  # the analyses and their API (issue 5)
PAGE_TARGET_MS = 300  # the pages: our own guide, the representation page's target (issue 19)
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


# The tag fields of Standard per axis of the matrix.
_FIELDS = {
    "topic": "topics",
    "risk_area": "risk_areas",
    "lifecycle_stage": "lifecycle_stages",
    "sdg": "sdgs",
}


def _axis_names(axis: str) -> dict[Any, str]:
    """Return the English name of each key of an axis (the matrix's JSON names)."""
    from aigov.taxonomy.models import LifecycleStage, RiskArea, SustainableDevelopmentGoal, Topic

    if axis == "sdg":
        numbers = SustainableDevelopmentGoal.objects.values_list("number", flat=True)
        return {number: f"SDG {number}" for number in numbers}
    rows = {
        "topic": Topic.objects.values_list("slug", "slug", "names"),
        "risk_area": RiskArea.objects.values_list("slug", "slug", "names"),
        "lifecycle_stage": LifecycleStage.objects.filter(scheme_id="iso-iec-22989").values_list(
            "pk", "slug", "names"
        ),
    }[axis]
    return {key: names.get("en", slug) for key, slug, names in rows}


def coverage_plain(rows: str, cols: str) -> dict[str, dict[str, dict[str, int]]]:
    """The gap matrix as a good engineer would first count it: one GROUP BY over the two tag
    link tables joined on the standard, then the cells filled in Python."""
    from django.db.models import Count

    from aigov.standards.models import Standard, Status

    # A tag that no standard carries, in any status, is "untagged": not a row or column.
    def carried(axis: str) -> dict[Any, str]:
        used = set(Standard.objects.values_list(_FIELDS[axis], flat=True))
        return {key: name for key, name in _axis_names(axis).items() if key in used}

    row_names, col_names = carried(rows), carried(cols)
    cells = {
        row: {col: {"published": 0, "under_development": 0} for col in col_names.values()}
        for row in row_names.values()
    }
    counted = (
        Standard.objects.filter(status__in=[Status.PUBLISHED, Status.UNDER_DEVELOPMENT])
        .values_list(_FIELDS[rows], _FIELDS[cols], "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row, col, status, n in counted:
        if row in row_names and col in col_names:
            cells[row_names[row]][col_names[col]][str(status)] = n
    return cells


def measure(db: str, rows: str, cols: str) -> float:
    """Time the matrix against the plain GROUP BY; return the baseline's median (ms)."""
    from aigov.standards.selectors import coverage_matrix

    def fast() -> dict[str, Any]:
        return coverage_matrix(actor=None, rows=rows, cols=cols).as_json()

    answer = fast()  # also warms the caches
    assert answer["cells"] == coverage_plain(rows, cols), "matrix and baseline disagree"
    timings = common.timed(fast, common.RUNS)
    baseline = common.timed(lambda: coverage_plain(rows, cols), common.RUNS)
    name = f"standards_gaps_{rows}_x_{cols}"
    common.emit_timings(
        name,
        db,
        timings,
        baseline,
        target=TARGET_MS,
    )
    cells = [cell for row in answer["cells"].values() for cell in row.values()]
    common.emit(
        f"{name}_answer",
        db,
        sum(c["published"] + c["under_development"] for c in cells),
        "standard-cell pairs",
        cells=len(cells),
    )
    return statistics.median(baseline)


def trends_plain() -> dict[tuple[int, int], int]:
    """The roadmap's counts as first written: one GROUP BY (body, year) of the published."""
    from django.db.models import Count

    from aigov.standards.models import Standard, Status

    counted = (
        Standard.objects.filter(status=Status.PUBLISHED, year__isnull=False)
        .values_list("body_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(body, year): n for body, year, n in counted}


def measure_trends(db: str) -> float:
    """Time the roadmap page's counts by body and year against one GROUP BY (body, year)."""
    from aigov.standards.models import Status
    from aigov.standards.selectors import counts_by_body_and_year

    def fast() -> dict[str, Any]:
        return counts_by_body_and_year(actor=None, status=Status.PUBLISHED).as_json()

    answer = fast()
    flat = {
        (body["id"], int(year)): n
        for body in answer["bodies"]
        for year, n in body["counts"].items()
        if n
    }
    assert flat == trends_plain(), "counts by body and year disagree with the baseline"
    timings = common.timed(fast, common.RUNS)
    baseline = statistics.median(common.timed(trends_plain, common.RUNS))
    common.emit_against(
        "standards_trends_by_body_year",
        db,
        statistics.median(timings),
        "ms",
        baseline=baseline,
        target=TARGET_MS,
    )
    return baseline


def register_page_plain() -> list[Any]:
    """The register's first page as first written: the standards with their body and topics,
    sliced, their count, and the count per status."""
    from django.db.models import Count

    from aigov.standards.models import Standard

    standards = (
        Standard.objects.select_related("body").prefetch_related("topics").order_by("reference")
    )
    pipeline = list(Standard.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return [standards.count(), pipeline, *standards[:50]]


def measure_pages(db: str, gaps_baseline: float, trends_baseline: float) -> None:
    """Time the pages and API routes people open, as the public and an SDO representative."""
    from aigov.accounts.services import role_assign, system_actor, user_create

    actor = system_actor()
    member = user_create(actor=actor, email="bench-sdo@example.org")
    role_assign(actor=actor, user=member, role="sdo_representative")
    for reader in (common.PUBLIC, common.reader_for("sdo_representative", member)):
        common.emit_path(
            "standards_gaps_page",
            db,
            "/en/standards/gaps/",
            reader,
            baseline=gaps_baseline,
            target=PAGE_TARGET_MS,
        )
        common.emit_path(
            "standards_gaps_api",
            db,
            "/api/standards/gaps?rows=topic&cols=lifecycle_stage",
            reader,
            baseline=gaps_baseline,
            target=TARGET_MS,
        )
        common.emit_path(
            "standards_trends_page",
            db,
            "/en/standards/trends/",
            reader,
            baseline=trends_baseline,
            target=PAGE_TARGET_MS,
        )
        common.emit_path(
            "standards_trends_api",
            db,
            "/api/standards/trends/by-body-year",
            reader,
            baseline=trends_baseline,
            target=TARGET_MS,
        )
        common.emit_path(
            "standards_register_page",
            db,
            "/en/standards/",
            reader,
            baseline=statistics.median(common.timed(register_page_plain, common.RUNS)),
            target=PAGE_TARGET_MS,
        )


def main() -> None:
    common.refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    build(random.Random(SEED))
    common.emit("standards_build", db, time.perf_counter() - started, "s", standards=STANDARDS)
    gaps_baseline = measure(db, "topic", "lifecycle_stage")
    measure(db, "risk_area", "sdg")
    trends_baseline = measure_trends(db)
    measure_pages(db, gaps_baseline, trends_baseline)


if __name__ == "__main__":
    main()
