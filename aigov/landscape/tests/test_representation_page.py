"""The representation page stays small at any size, its matrix pages, and the whole matrix
downloads (issue 19, part 2).

The large case is the benchmark's size (bench/landscape.py): 1,000 initiatives and 50,000
participations. What is asserted is what does not depend on the machine: the bytes of HTML and
the number of queries, never the time.
"""

import csv
import datetime
import io
import random
import re

import openpyxl
import pytest
from django.test import Client

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.landscape import services
from aigov.landscape.models import Initiative, Participation
from aigov.landscape.selectors import representation
from aigov.landscape.tests.factories import InitiativeFactory, ParticipationFactory
from aigov.landscape.views import MATRIX_PAGE_SIZE
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 9, 1)
PAGE = "/en/landscape/representation/"
BYTE_BUDGET = 500_000
QUERY_BUDGET = 10


def _generate(initiatives: int = 1_000, participations: int = 50_000) -> None:
    """Add generated initiatives and participations, as the benchmark does (dates 2015-2025)."""
    rng = random.Random(19)
    Initiative.objects.bulk_create(
        [
            Initiative(
                slug=f"scale-{number:04d}",
                names={"en": f"Generated initiative {number}"},
                kind=Initiative.Kind.PLURILATERAL,
                year=2015 + number % 10,
            )
            for number in range(initiatives)
        ]
    )
    codes = list(Country.objects.values_list("iso3", flat=True))
    first = datetime.date(2015, 1, 1)
    Participation.objects.bulk_create(
        [
            Participation(
                initiative_id=f"scale-{pair // len(codes):04d}",
                participant_id=codes[pair % len(codes)],
                basis=Participation.Basis.ENDORSER,
                started_on=first + datetime.timedelta(days=rng.randrange(9 * 365)),
            )
            for pair in rng.sample(range(initiatives * len(codes)), participations)
        ],
        batch_size=5_000,
    )


def _section(page: str, start: str, end: str = "</table>") -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def test_the_page_stays_small_at_a_thousand_initiatives(
    client: Client, django_assert_max_num_queries
):
    _generate()
    total = Initiative.objects.count()
    for query in ({}, {"group": "African"}, {"group": "Asia-Pacific", "page": "7"}):
        with django_assert_max_num_queries(QUERY_BUDGET):
            response = client.get(PAGE, {"as_of": AS_OF.isoformat(), **query})
        assert response.status_code == 200
        assert len(response.content) < BYTE_BUDGET, (query, len(response.content))
        page = response.content.decode()
        # The summary, both breakdowns and the map are there at once, whatever the page.
        assert "Taking part in no initiative" in page
        assert "by-regional-group-caption" in page and "by-income-group-caption" in page
        assert page.count("<path ") > 150
        matrix = _section(page, '<table class="matrix">')
        assert matrix.count("<abbr ") == MATRIX_PAGE_SIZE
        assert f"of {total}." in page
    # The matrix chart draws the page's initiatives only: one strip per initiative, plus the
    # band of regional groups.
    chart = _section(page, '<figure class="matrix-figure"', "</figure>")
    legend = chart.count('<rect width="16" height="16"')  # a square per group, one for others
    assert legend == 6
    assert chart.count("<svg") - legend == MATRIX_PAGE_SIZE + 1


def test_the_collapsed_matrix_counts_each_groups_member_states(client: Client):
    page = client.get(PAGE, {"as_of": AS_OF.isoformat()}).content.decode()
    matrix = _section(page, '<table class="matrix">')
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(\d+)</td>\s*((?:<td>\d+</td>)*)', matrix)
    assert len(rows) == 5  # the five UN regional groups
    assert sum(int(states) for _label, states, _cells in rows) == 193
    ticked = sum(int(n) for *_rest, cells in rows for n in re.findall(r"<td>(\d+)</td>", cells))
    totals = representation(as_of=AS_OF).initiatives.values()
    assert ticked == sum(count.member_states for count in totals) > 150
    assert 'href="?as_of=2024-09-01&amp;group=WEOG#matrix"' in matrix


def test_a_chosen_group_lists_its_member_states_with_a_tick_per_participation(client: Client):
    page = client.get(PAGE, {"as_of": AS_OF.isoformat(), "group": "WEOG"}).content.decode()
    matrix = _section(page, '<table class="matrix">')
    states = Country.objects.filter(is_un_member=True, regional_group="WEOG")
    assert matrix.count("<tr>") == states.count() + 1  # the header
    assert "Germany" in matrix and "Kenya" not in matrix
    ticks = matrix.count('<span aria-hidden="true">✓</span>')
    assert ticks == matrix.count(">takes part<")
    counts = representation(as_of=AS_OF).countries
    # Every initiative is on this one page, so each row's ticks add up to its count.
    assert ticks == sum(counts[state.iso3] for state in states) > 20
    assert 'href="?as_of=2024-09-01#matrix">All regional groups</a>' in matrix


def test_an_unknown_group_is_a_bad_request(client: Client):
    response = client.get(PAGE, {"group": "Atlantis"})
    assert response.status_code == 400
    assert '<table class="matrix">' not in response.content.decode()


def test_the_initiatives_and_the_matrix_page_together(client: Client):
    for number in range(60):
        ParticipationFactory(
            initiative=InitiativeFactory(slug=f"paged-{number:02d}", year=1980),
            participant_id="KEN",
        )
    ordered = list(Initiative.objects.order_by("year", "slug").values_list("slug", flat=True))
    last = (len(ordered) - 1) // MATRIX_PAGE_SIZE + 1

    def shown(query: dict[str, str]) -> list[str]:
        response = client.get(PAGE, {"as_of": AS_OF.isoformat(), "group": "African", **query})
        assert response.status_code == 200
        page = response.content.decode()
        table = _section(page, 'id="initiative-counts-caption"')
        slugs = re.findall(r'href="/en/landscape/initiatives/([^/]+)/"', table)
        matrix = _section(page, '<table class="matrix">')
        assert len(re.findall(r"<abbr ", matrix)) == len(slugs)  # the same initiatives
        return slugs

    assert shown({}) == ordered[:MATRIX_PAGE_SIZE]
    assert shown({"page": "2"}) == ordered[MATRIX_PAGE_SIZE : 2 * MATRIX_PAGE_SIZE]
    assert shown({"page": "nonsense"}) == ordered[:MATRIX_PAGE_SIZE]  # the first page
    assert shown({"page": "999"}) == ordered[(last - 1) * MATRIX_PAGE_SIZE :]  # the last
    page = client.get(PAGE, {"as_of": "2024-09-01", "group": "African", "page": "2"})
    nav = page.content.decode()
    # The pager keeps the date and the group, and lands on the matrix.
    assert 'href="?as_of=2024-09-01&amp;group=African&amp;page=3#matrix" rel="next"' in nav
    assert 'href="?as_of=2024-09-01&amp;group=African&amp;page=1#matrix" rel="prev"' in nav


def _csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_download_holds_the_whole_matrix(client: Client):
    for _number in range(40):  # more initiatives than a page shows
        ParticipationFactory(initiative=InitiativeFactory(year=1980), participant_id="GHA")
    slugs = list(Initiative.objects.order_by("year", "slug").values_list("slug", flat=True))
    counts = representation(as_of=AS_OF).countries

    response = client.get(PAGE, {"as_of": AS_OF.isoformat(), "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="representation-2024-09-01.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert len(rows) == 193
    assert list(rows[0]) == ["iso3", "name_en", "regional_group", "income_group", "count", *slugs]
    for row in rows:
        assert int(row["count"]) == counts[row["iso3"]] == sum(int(row[s]) for s in slugs)
    ghana = next(row for row in rows if row["iso3"] == "GHA")
    assert ghana["name_en"] == "Ghana" and ghana["regional_group"] == "African"

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(PAGE, {"as_of": "2024-09-01", "format": "xlsx"}).content)
    )
    sheet = list(workbook.active.iter_rows(values_only=True))
    assert list(sheet[0]) == list(rows[0])
    assert len(sheet) == 194
    assert [str(value) for value in sheet[1]] == list(rows[0].values())


def test_the_download_shows_only_what_the_public_may_see(client: Client):
    """A focal point's proposed participation is not a participation until the secretariat
    accepts it: neither the public nor the proposer finds it in the matrix."""
    initiative = InitiativeFactory(year=1980)
    kenya = UserFactory(role=Role.FOCAL_POINT, role__country="KEN")
    services.proposal_submit(
        actor=kenya,
        subject="participation",
        data={
            "initiative": initiative.slug,
            "participant": "KEN",
            "basis": "endorser",
            "started_on": "2024-05-01",
            "source_url": "https://example.org/statement",
        },
        rationale="Our minister endorsed it.",
    )
    public = _csv_rows(client.get(PAGE, {"as_of": "2024-09-01", "format": "csv"}))
    client.force_login(kenya)
    own = _csv_rows(client.get(PAGE, {"as_of": "2024-09-01", "format": "csv"}))
    assert own == public
    assert {row[initiative.slug] for row in public} == {"0"}


def test_a_download_in_an_unknown_format_or_for_a_bad_date_is_refused(client: Client):
    assert client.get(PAGE, {"format": "pdf"}).status_code == 404
    assert client.get(PAGE, {"format": "csv", "as_of": "2024-99-01"}).status_code == 400
