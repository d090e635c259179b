"""Incident confidentiality benchmark: 5,000 reports at the four levels, read by a focal point.

Run through bench/run.py, which gives it a fresh, migrated database; it refuses to run on any
other. It loads the taxonomy's reference data, creates a focal point for Kenya, and generates
5,000 incident reports (random levels, reporting states, one to three countries and risk areas
each) straight into the tables. It then times, for that focal point:

- `incident_list`: the first page of `incident_report_list` (50 reports with their countries
  and risk areas) plus its count — what the list page and `/api/dialogue/incidents` do;
- `incident_stats`: `incident_stats`, the counts by risk area and by country with the
  five-incident threshold (what `/api/dialogue/incidents/stats` and the list page compute);

then the list page, `/api/dialogue/incidents` and `/api/dialogue/incidents/stats` as the
public and as the focal point, warm and cold (bench/_common.py).

The baselines are what a good engineer would write first: for the list, the confidentiality
rule as one WHERE clause with the page's countries and risk areas prefetched
(`plain_first_page`); for the stats, grouped `COUNT(DISTINCT incident)` queries per dimension
over the readable reports and over all (`plain_stats`, four queries). Both give the same
answers as the selectors (checked).
"""

import datetime
import os
import random
import statistics
import time
from typing import Any

import _common as common

REPORTS = 5_000
TARGET_MS = 200  # our own guide: the dialogue's issue sets none
PAGE_TARGET_MS = 300  # the representation page's target (issue 19), as our guide for pages
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


def plain_first_page(actor: Any) -> tuple[int, list[int]]:
    """The list's first page as a good engineer would first write it: the confidentiality rule
    as one WHERE clause (public; the reader's own; for a focal point, reports shared with
    member states and those of its own state), the page with its countries and risk areas, and
    the count."""
    from django.db.models import Q

    from aigov.dialogue.models import Confidentiality, IncidentReport

    readable = Q(confidentiality=Confidentiality.PUBLIC)
    if actor.is_authenticated:
        readable |= Q(reporter_id=actor.pk)
        readable |= Q(confidentiality=Confidentiality.MEMBER_STATES)
        readable |= Q(confidentiality=Confidentiality.REPORTING_STATE, reporting_state_id="KEN")
    reports = (
        IncidentReport.objects.filter(readable, withdrawn_at__isnull=True)
        .select_related("reporting_state")
        .prefetch_related("countries", "risk_areas")
        .order_by("-created_at", "-pk")
    )
    return reports.count(), [report.pk for report in reports[:50]]


def plain_stats(actor: Any) -> dict[str, Any]:
    """The stats as first written: grouped COUNT(DISTINCT incident) per risk area and per
    country, over the reports the actor may read and over all (four GROUP BY queries)."""
    from django.db.models import Count

    from aigov.core.translation import pick
    from aigov.dialogue.models import IncidentReport
    from aigov.dialogue.selectors import incident_report_list
    from aigov.dialogue.selectors.incidents import MIN_GROUP_SIZE, IncidentStats, _groups
    from aigov.taxonomy.models import Country, RiskArea

    visible = incident_report_list(actor=actor).filter(withdrawn_at__isnull=True)
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


def measure(db: str, focal_point: Any) -> None:
    from aigov.dialogue.selectors import incident_report_list, incident_stats

    def first_page() -> tuple[int, list[int]]:
        reports = incident_report_list(actor=focal_point)
        page = list(reports[:50])
        for report in page:  # what the page and API read of each report
            list(report.countries.all())
            list(report.risk_areas.all())
        return reports.count(), [report.pk for report in page]

    assert first_page() == plain_first_page(focal_point), "the scope and the plain query disagree"
    timings = common.timed(first_page, common.RUNS)
    baseline_timings = common.timed(lambda: plain_first_page(focal_point), common.RUNS)
    common.emit_timings(
        "dialogue_incident_list",
        db,
        timings,
        baseline_timings,
        target=TARGET_MS,
    )
    assert incident_stats(actor=focal_point).as_dict() == plain_stats(focal_point), "stats differ"
    stats_timings = common.timed(lambda: incident_stats(actor=focal_point), common.RUNS)
    stats_baseline = common.timed(lambda: plain_stats(focal_point), common.RUNS)
    common.emit_timings(
        "dialogue_incident_stats",
        db,
        stats_timings,
        stats_baseline,
        target=TARGET_MS,
        visible=first_page()[0],
        reports=REPORTS,
    )


def measure_pages(db: str, focal_point: Any) -> None:
    """Time the pages and API routes people open, as the public and as Kenya's focal point;
    each beside the plain way of computing what it shows, for the same reader."""
    from django.contrib.auth.models import AnonymousUser

    for actor, reader in (
        (AnonymousUser(), common.PUBLIC),
        (focal_point, common.reader_for("focal_point", focal_point)),
    ):
        assert plain_first_page(actor)[0] > 0, reader.label
        list_baseline = statistics.median(
            common.timed(lambda a=actor: plain_first_page(a), common.RUNS)
        )
        stats_baseline = statistics.median(
            common.timed(lambda a=actor: plain_stats(a), common.RUNS)
        )
        common.emit_path(
            "dialogue_incident_list_page",
            db,
            "/en/dialogue/incidents/",
            reader,
            baseline=list_baseline + stats_baseline,  # the page shows the list and the stats
            target=PAGE_TARGET_MS,
        )
        common.emit_path(
            "dialogue_incident_list_api",
            db,
            "/api/dialogue/incidents?limit=50",
            reader,
            baseline=list_baseline,
            target=TARGET_MS,
        )
        common.emit_path(
            "dialogue_incident_stats_api",
            db,
            "/api/dialogue/incidents/stats",
            reader,
            baseline=stats_baseline,
            target=TARGET_MS,
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
    focal_point = build(random.Random(SEED))
    common.emit("dialogue_build", db, time.perf_counter() - started, "s", reports=REPORTS)
    measure(db, focal_point)
    measure_pages(db, focal_point)


if __name__ == "__main__":
    main()
