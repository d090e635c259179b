from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from aigov.accounts.tests.factories import UserFactory
from aigov.standards import selectors
from aigov.standards.models import Standard, Status

pytestmark = pytest.mark.django_db


def _published_by_body_and_year() -> Counter:
    return Counter(
        (body_id, year)
        for body_id, year in Standard.objects.filter(
            status=Status.PUBLISHED, year__isnull=False
        ).values_list("body_id", "year")
    )


def test_counts_by_body_and_year_equal_the_rows():
    counts = selectors.counts_by_body_and_year(actor=AnonymousUser())
    expected = _published_by_body_and_year()
    got = Counter(
        {
            (body_id, year): n
            for body_id, by_year in counts.counts.items()
            for year, n in by_year.items()
        }
    )
    assert got == expected
    assert counts.years == list(
        range(min(y for _b, y in expected), max(y for _b, y in expected) + 1)
    )
    totals = [total for _id, _name, total in counts.bodies]
    assert totals == sorted(totals, reverse=True)
    assert counts.undated == Standard.objects.filter(status=Status.PUBLISHED, year=None).count()


def test_api_by_body_year_and_pipeline(client):
    data = client.get("/api/standards/trends/by-body-year").json()
    expected = _published_by_body_and_year()
    assert sum(body["total"] for body in data["bodies"]) == sum(expected.values())
    assert sum(data["totals"].values()) == sum(expected.values())
    body = data["bodies"][0]
    for year, n in body["counts"].items():
        assert n == expected.get((body["id"], int(year)), 0)
    developing = client.get("/api/standards/trends/by-body-year", {"status": "under_development"})
    assert developing.json()["status"] == "under_development"
    assert client.get("/api/standards/trends/by-body-year", {"status": "lost"}).status_code == 422
    answer = client.get("/api/standards/trends/pipeline").json()
    # A list answers {count, items}, as every list of the API does (issue 17, part 7).
    assert answer["count"] == len(Status.values)
    pipeline = answer["items"]
    assert [stage["status"] for stage in pipeline] == list(Status.values)
    assert {s["status"]: s["count"] for s in pipeline}["under_development"] == 47
    assert sum(stage["count"] for stage in pipeline) == Standard.objects.count()


def test_a_deactivated_account_counts_nothing():
    user = UserFactory()
    user.is_active = False
    counts = selectors.counts_by_body_and_year(actor=user)
    assert counts.bodies == [] and counts.undated == 0
    assert all(count == 0 for _s, _l, count in selectors.status_pipeline(actor=user))


def test_trends_page_draws_the_chart_and_the_table(client):
    page = client.get("/en/standards/trends/").content.decode()
    counts = selectors.counts_by_body_and_year(actor=AnonymousUser())
    assert "<svg" in page and 'role="img"' in page
    assert page.count("<rect x=") >= len(counts.years) - 1  # at least one band per counted year
    _first_id, first_name, first_total = counts.bodies[0]
    assert first_name in page and f"<td>{first_total}</td>" in page
    assert "Other bodies" in page  # more bodies than colours
    assert '?status=under_development">Under development</a></th><td>47</td>' in page
    assert client.get("/en/standards/trends/", {"status": "lost"}).status_code == 400
    arabic = client.get("/ar/standards/trends/").content.decode()
    assert 'dir="rtl"' in arabic


def test_trends_page_queries_are_pinned(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get("/en/standards/trends/").status_code == 200
