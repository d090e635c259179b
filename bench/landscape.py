"""Representation benchmark: 250 jurisdictions, 1,000 initiatives, 50,000 participations.

Run through bench/run.py (`make bench`), which gives it a fresh, migrated database; it refuses
to run on any other. It loads the taxonomy's reference data (the 250 countries and other
jurisdictions, 193 of them UN Member States), generates 1,000 initiatives and 50,000
participation rows between them (start dates 2015-2025, a fifth of them ended, some not yet
started on the date asked), then times what people open, as the public and as a signed-in
focal point, warm and cold (bench/_common.py): the representation page (a page of 25
initiatives, collapsed by regional group, and the largest group opened), its download of the
whole matrix, `/api/landscape/representation`, and the initiative list; and, beside them, the
analysis itself, `aigov.landscape.selectors.representation(as_of=…)`.

The baseline is what a good engineer would write first: one joined query for the active
(initiative, participant, membership) pairs, then pandas for the counts, the group breakdowns
and the page of the matrix (`baseline`), checked to give the same answer; for the download the
same query and one crosstab written as CSV; for the initiative list one query grouping every
participation by initiative.
"""

import datetime
import os
import random
import statistics
import time
from typing import Any

import _common as common

INITIATIVES = 1_000
PARTICIPATIONS = 50_000
TARGET_MS = 200  # the analysis and its API (issue 4)
PAGE_TARGET_MS = 300  # the page, and its HTML (issue 19)
PAGE_TARGET_KB = 500
SEED = 20_241_124
AS_OF = datetime.date(2024, 9, 1)
PAGE = f"/en/landscape/representation/?as_of={AS_OF.isoformat()}"
API = f"/api/landscape/representation?as_of={AS_OF.isoformat()}"


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


def make_focal_point() -> Any:
    """Return Kenya's focal point, the signed-in reader of the pages."""
    from aigov.accounts.services import role_assign, system_actor, user_create

    actor = system_actor()
    focal_point = user_create(actor=actor, email="bench-focal-point@example.org")
    role_assign(actor=actor, user=focal_point, role="focal_point", country="KEN")
    return focal_point


def baseline(as_of: datetime.date, page: list[str] | None = None) -> dict[str, Any]:
    """Answer the same question as a good engineer would first: one joined query, then pandas.

    The query reads the distinct (initiative, participant) pairs active on `as_of` with the
    participant's membership and groups; pandas counts per Member State and per initiative,
    groups the Member States by regional and income group, and, for `page` (initiative slugs),
    pivots the pairs into that page of the matrix.
    """
    import pandas as pd
    from django.db.models import Q

    from aigov.landscape.models import Initiative, Participation
    from aigov.taxonomy.models import Country

    active = Q(started_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
    pairs = pd.DataFrame.from_records(
        list(
            Participation.objects.filter(active)
            .values_list("initiative_id", "participant_id", "participant__is_un_member")
            .distinct()
        ),
        columns=["initiative", "participant", "member"],
    )
    states = pd.DataFrame.from_records(
        list(
            Country.objects.filter(is_un_member=True).values_list(
                "iso3", "regional_group", "income_group"
            )
        ),
        columns=["iso3", "regional_group", "income_group"],
    ).set_index("iso3")
    slugs = list(Initiative.objects.order_by("year", "slug").values_list("slug", flat=True))
    members = pairs[pairs["member"].astype(bool)]
    per_state = members.groupby("participant")["initiative"].nunique()
    per_state = per_state.reindex(states.index, fill_value=0).sort_index()
    per_initiative = (
        pairs.assign(member=pairs["member"].astype(int))
        .groupby("initiative")
        .agg(participants=("participant", "nunique"), member_states=("member", "sum"))
        .reindex(slugs, fill_value=0)
    )
    running = int((per_initiative["participants"] > 0).sum())
    in_all = (per_state == running) & (running > 0)
    counted = states.assign(n=per_state, none=per_state == 0, every=in_all)
    breakdowns = {
        column: counted.groupby(column).agg(
            member_states=("n", "size"), in_none=("none", "sum"), in_all=("every", "sum")
        )
        for column in ("regional_group", "income_group")
    }
    answer: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "member_states": len(states),
        "in_none": int((per_state == 0).sum()),
        "in_all": int(in_all.sum()),
        "initiatives": {
            slug: {
                "participants": int(row.participants),
                "member_states": int(row.member_states),
                "non_state": int(row.participants - row.member_states),
            }
            for slug, row in per_initiative.iterrows()
        },
        "countries": {iso3: int(n) for iso3, n in per_state.items()},
    }
    if page is not None:
        cells = pd.crosstab(members["participant"], members["initiative"]) > 0
        cells = cells.reindex(index=sorted(states.index), columns=page, fill_value=False)
        answer["matrix"] = {iso3: [bool(v) for v in row] for iso3, row in cells.iterrows()}
        answer["breakdowns"] = {k: len(v) for k, v in breakdowns.items()}
    return answer


def whole_matrix_csv(as_of: datetime.date) -> str:
    """The download's plain way: the same joined query, one pandas crosstab, to_csv."""
    import pandas as pd
    from django.db.models import Q

    from aigov.landscape.models import Initiative, Participation

    active = Q(started_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
    pairs = pd.DataFrame.from_records(
        list(
            Participation.objects.filter(active, participant__is_un_member=True)
            .values_list("participant_id", "initiative_id")
            .distinct()
        ),
        columns=["iso3", "initiative"],
    )
    slugs = list(Initiative.objects.order_by("year", "slug").values_list("slug", flat=True))
    cells = pd.crosstab(pairs["iso3"], pairs["initiative"]).reindex(columns=slugs, fill_value=0)
    return str(cells.clip(upper=1).to_csv())


def initiative_page_plain() -> list[Any]:
    """The initiative list's first page as first written: one query grouping every
    participation by initiative (a join and COUNT DISTINCT), sliced, and its count."""
    from django.db.models import Count

    from aigov.landscape.models import Initiative

    initiatives = Initiative.objects.annotate(
        participant_count=Count("participations__participant", distinct=True)
    ).order_by("year", "slug")
    return [initiatives.count(), *initiatives[:50]]


def measure_selector(db: str) -> None:
    from aigov.landscape.selectors import representation

    summary = representation(as_of=AS_OF).summary()  # also warms the caches
    assert summary == baseline(AS_OF), "representation and the baseline disagree"
    timings = common.timed(lambda: representation(as_of=AS_OF), common.RUNS)
    baseline_timings = common.timed(lambda: baseline(AS_OF), common.RUNS)
    common.emit_timings(
        "landscape_representation",
        db,
        timings,
        baseline_timings,
        target=TARGET_MS,
    )
    running = sum(1 for totals in summary["initiatives"].values() if totals["participants"])
    common.emit(
        "landscape_representation_answer",
        db,
        running,
        "initiatives with participants",
        in_none=summary["in_none"],
        in_all=summary["in_all"],
    )


def measure_pages(db: str, focal_point: common.Reader) -> None:
    """Time the pages and API routes people open, against the plain way of computing them."""
    from aigov.landscape.selectors import representation, representation_matrix
    from aigov.landscape.views import MATRIX_PAGE_SIZE

    summary = representation(as_of=AS_OF)
    first_page = list(summary.initiatives)[:MATRIX_PAGE_SIZE]
    matrix = representation_matrix(as_of=AS_OF, initiatives=first_page, counts=summary.countries)
    plain = baseline(AS_OF, first_page)
    assert plain["matrix"] == {row.iso3: row.cells for row in matrix.rows}, "matrix page differs"
    page_baseline = statistics.median(
        common.timed(lambda: baseline(AS_OF, first_page), common.RUNS)
    )
    summary_baseline = statistics.median(common.timed(lambda: baseline(AS_OF), common.RUNS))

    for reader in (common.PUBLIC, focal_point):
        figures = common.emit_path(
            "landscape_representation_page",
            db,
            PAGE,
            reader,
            baseline=page_baseline,
            target=PAGE_TARGET_MS,
        )
    common.emit(
        "landscape_representation_page_size",
        db,
        figures.size / 1_000,
        "kB",
        path=PAGE,
        target=PAGE_TARGET_KB,
    )
    group_page = f"{PAGE}&group=African&page=20"  # the largest group, a middle page
    figures = common.emit_path(
        "landscape_representation_group_page",
        db,
        group_page,
        common.PUBLIC,
        baseline=page_baseline,
        target=PAGE_TARGET_MS,
    )
    common.emit(
        "landscape_representation_group_page_size",
        db,
        figures.size / 1_000,
        "kB",
        path=group_page,
        target=PAGE_TARGET_KB,
    )
    for reader in (common.PUBLIC, focal_point):
        common.emit_path(
            "landscape_representation_api",
            db,
            API,
            reader,
            baseline=summary_baseline,
            target=TARGET_MS,
        )
    common.emit_path(
        "landscape_representation_download",
        db,
        f"{PAGE}&format=csv",
        common.PUBLIC,
        baseline=statistics.median(common.timed(lambda: whole_matrix_csv(AS_OF), 5)),
        target=None,
        runs=5,
    )
    common.emit_path(
        "landscape_initiative_list",
        db,
        "/en/landscape/",
        common.PUBLIC,
        baseline=statistics.median(common.timed(initiative_page_plain, common.RUNS)),
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
    countries = build(random.Random(SEED))
    common.emit(
        "landscape_build",
        db,
        time.perf_counter() - started,
        "s",
        jurisdictions=countries,
        initiatives=INITIATIVES,
        participations=PARTICIPATIONS,
    )
    focal_point = common.reader_for("focal_point", make_focal_point())
    measure_selector(db)
    measure_pages(db, focal_point)


if __name__ == "__main__":
    main()
