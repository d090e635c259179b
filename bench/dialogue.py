"""Incident confidentiality benchmark: 5,000 reports at the four levels, read by a focal point.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses to run on any
other. It loads the taxonomy's reference data, creates a focal point for Kenya, and generates
5,000 incident reports (random levels, reporting states, one to three countries and risk areas
each) straight into the tables. It then times, for that focal point:

- `incident_list`: the first page of `incident_report_list` (50 reports with their countries
  and risk areas) plus its count — what the list page and `/api/dialogue/incidents` do;
- `incident_stats`: `incident_stats`, the counts by risk area and by country with the
  five-incident threshold (what `/api/dialogue/incidents/stats` and the list page compute).

The baseline for the list is the straightforward way: load every report and keep those the
object rule `can_view_report` allows, in Python; both must give the same reports (checked).
The baseline for the stats is the previous implementation, four grouped `COUNT(DISTINCT)`
queries over the report table (visible and all, per dimension); both must give the same
figures (checked).
"""

import datetime
import os
import random
import statistics
import time
from typing import Any

from _common import emit, percentile, refuse_unless_bench_database

REPORTS = 5_000
RUNS = 20
TARGET_MS = 200
SEED = 20_261_123


def build(rng: random.Random) -> Any:
    """Load the taxonomy, create the focal point and the reports; return the focal point."""
    from django.core.management import call_command
    from django.db import connection

    from aigov.accounts.services import role_assign, system_actor, user_create
    from aigov.dialogue.models import Confidentiality, Incident, IncidentReport
    from aigov.taxonomy.models import Country, RiskArea

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    actor = system_actor()
    focal_point = user_create(actor=actor, email="bench-focal-point@example.org")
    role_assign(actor=actor, user=focal_point, role="focal_point", country="KEN")
    codes = list(Country.objects.filter(is_un_member=True).values_list("iso3", flat=True))
    areas = list(RiskArea.objects.values_list("slug", flat=True))
    incidents = Incident.objects.bulk_create([Incident() for _ in range(REPORTS)], batch_size=1_000)
    levels = Confidentiality.values
    first = datetime.date(2023, 1, 1)
    reports = IncidentReport.objects.bulk_create(
        [
            IncidentReport(
                incident=incident,
                title=f"Generated incident report {number}",
                description="Generated for the benchmark.",
                occurred_on=first + datetime.timedelta(days=rng.randrange(1_000)),
                confidentiality=rng.choice(levels),
                reporting_state_id=rng.choice(["KEN", *rng.sample(codes, 3)]),
            )
            for number, incident in enumerate(incidents)
        ],
        batch_size=1_000,
    )
    country_rows, area_rows = [], []
    for report in reports:
        country_rows += [
            IncidentReport.countries.through(incidentreport_id=report.pk, country_id=code)
            for code in rng.sample(codes, rng.randint(1, 3))
        ]
        area_rows += [
            IncidentReport.risk_areas.through(incidentreport_id=report.pk, riskarea_id=slug)
            for slug in rng.sample(areas, rng.randint(1, 3))
        ]
    IncidentReport.countries.through.objects.bulk_create(country_rows, batch_size=2_000)
    IncidentReport.risk_areas.through.objects.bulk_create(area_rows, batch_size=2_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return focal_point


def _time(run: Any, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1_000)
    return timings


def measure(db: str, focal_point: Any) -> None:
    from django.db.models import Count

    from aigov.core.translation import pick
    from aigov.dialogue.models import IncidentReport
    from aigov.dialogue.permissions import can_view_report
    from aigov.dialogue.selectors import incident_report_list, incident_stats
    from aigov.dialogue.selectors.incidents import MIN_GROUP_SIZE, IncidentStats, _groups
    from aigov.taxonomy.models import Country, RiskArea

    def first_page() -> tuple[int, list[int]]:
        reports = incident_report_list(actor=focal_point)
        page = list(reports[:50])
        for report in page:  # what the page and API read of each report
            list(report.countries.all())
            list(report.risk_areas.all())
        return reports.count(), [report.pk for report in page]

    def baseline() -> tuple[int, list[int]]:
        everything = IncidentReport.objects.prefetch_related("countries", "risk_areas").order_by(
            "-created_at", "-pk"
        )
        visible = [report for report in everything if can_view_report(focal_point, report)]
        return len(visible), [report.pk for report in visible[:50]]

    assert first_page() == baseline(), "the scope and the object rule disagree"
    timings = _time(first_page, RUNS)
    baseline_timings = _time(baseline, 5)
    p50, baseline_p50 = statistics.median(timings), statistics.median(baseline_timings)
    emit(
        "dialogue_incident_list",
        db,
        p50,
        "ms",
        baseline=round(baseline_p50, 2),
        ratio=round(p50 / baseline_p50, 4),
        target=TARGET_MS,
    )
    emit("dialogue_incident_list_p95", db, percentile(timings, 0.95), "ms", target=TARGET_MS)

    def stats_before() -> dict[str, Any]:
        visible = incident_report_list(actor=focal_point).filter(withdrawn_at__isnull=True)
        everything = IncidentReport.objects.filter(withdrawn_at__isnull=True)

        def counts(reports: Any, field: str) -> dict[str, int]:
            rows = (
                reports.order_by()
                .filter(**{f"{field}__isnull": False})
                .values(field)
                .annotate(incidents=Count("incident", distinct=True))
                .values_list(field, "incidents")
            )
            return {str(key): int(count) for key, count in rows}

        names = {area.slug: pick(area.names).text for area in RiskArea.objects.all()}
        by_area = _groups(counts(visible, "risk_areas"), counts(everything, "risk_areas"), names)
        seen, total = counts(visible, "countries"), counts(everything, "countries")
        country_names = {
            country.iso3: pick(country.names).text
            for country in Country.objects.filter(iso3__in=sorted(set(seen) | set(total)))
        }
        by_country = _groups(seen, total, country_names)
        return IncidentStats(MIN_GROUP_SIZE, by_area, by_country).as_dict()

    assert incident_stats(actor=focal_point).as_dict() == stats_before(), "stats disagree"
    stats_timings = _time(lambda: incident_stats(actor=focal_point), RUNS)
    stats_baseline = statistics.median(_time(stats_before, RUNS))
    stats_p50 = statistics.median(stats_timings)
    emit(
        "dialogue_incident_stats",
        db,
        stats_p50,
        "ms",
        baseline=round(stats_baseline, 2),
        ratio=round(stats_p50 / stats_baseline, 4),
        target=TARGET_MS,
        visible=first_page()[0],
        reports=REPORTS,
    )
    emit("dialogue_incident_stats_p95", db, percentile(stats_timings, 0.95), "ms", target=TARGET_MS)


def main() -> None:
    refuse_unless_bench_database()
    import django

    django.setup()
    from django.db import connection
    from django.utils import translation

    translation.activate("en")
    db = os.environ.get("BENCH_DB", connection.vendor)
    started = time.perf_counter()
    focal_point = build(random.Random(SEED))
    emit("dialogue_build", db, time.perf_counter() - started, "s", reports=REPORTS)
    measure(db, focal_point)


if __name__ == "__main__":
    main()
