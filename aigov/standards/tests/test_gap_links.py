"""The gap matrix links each cell to the standards behind it (issue 18, item 12): the register's
list with a cell's filters shows exactly the standards the cell counts, for every reader."""

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from aigov.accounts import access
from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.standards import selectors
from aigov.standards.models import Standard, Status
from aigov.standards.tests.factories import make_standard
from aigov.taxonomy.models import LifecycleStage, RiskArea, SustainableDevelopmentGoal, Topic

pytestmark = pytest.mark.django_db
AXES = [
    ("topic", "lifecycle_stage"),
    ("topic", "sdg"),
    ("risk_area", "lifecycle_stage"),
    ("risk_area", "sdg"),
]


@pytest.fixture
def secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def tagged() -> None:
    """Risk areas and SDGs on a few standards (the reference list has none), in every status:
    only published and in-development ones may be counted and listed."""
    areas = list(RiskArea.objects.order_by("slug")[:3])
    goals = list(SustainableDevelopmentGoal.objects.filter(number__in=[3, 9, 16]))
    stages = list(LifecycleStage.objects.filter(scheme_id="iso-iec-22989").order_by("position"))
    topics = [Topic.objects.get(slug="safety"), Topic.objects.get(slug="generative-ai")]
    for number, status in enumerate(Status.values):
        tags = {
            "risk_areas": areas[: 1 + number % 3],
            "sdgs": goals[number % 3 :],
            "lifecycle_stages": stages[number : number + 3],
            "topics": topics[: 1 + number % 2],
        }
        make_standard(status=status, tags=tags)


def _filters(query: str) -> dict[str, Any]:
    filters: dict[str, Any] = dict(parse_qsl(query))
    if "sdg" in filters:
        filters["sdg"] = int(filters["sdg"])
    return filters


def _cells(coverage: selectors.Coverage) -> list[dict[str, Any]]:
    return [cell for _row, cells in coverage.table() for cell in cells]


@pytest.mark.parametrize(("rows", "cols"), AXES)
def test_each_cell_lists_exactly_the_standards_it_counts_for_visitor_and_secretariat(
    rows, cols, tagged, secretariat
):
    matrices = []
    for actor in (AnonymousUser(), secretariat):
        coverage = selectors.coverage_matrix(actor=actor, rows=rows, cols=cols)
        cells = _cells(coverage)
        assert any(cell["total"] for cell in cells)
        for cell in cells:
            listed = list(selectors.standard_list(actor=actor, **_filters(cell["query"])))
            statuses = [standard.status for standard in listed]
            assert len(listed) == cell["total"], cell["query"]
            assert statuses.count(Status.PUBLISHED) == cell["published"]
            assert statuses.count(Status.UNDER_DEVELOPMENT) == cell["under_development"]
        matrices.append(coverage.as_json())
    # Standards are public: the secretariat sees no more than a visitor.
    assert matrices[0] == matrices[1]


def _linked_cells(page: str) -> list[tuple[str, int]]:
    """Return (link, count) of every linked cell of the gap matrix on a page."""
    table = page.split('<table class="gap-matrix">')[1].split("</table>")[0]
    return [
        (unescape(href), int(total))
        for href, total in re.findall(r'<a href="([^"]+)"><strong>(\d+)</strong>', table)
    ]


def _listed(client: Client, link: str) -> list[str]:
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    body = page.split('id="standard-table"')[1].split("</tbody>")[0]
    return re.findall(r'<td><a href="/en/standards/\d+/">([^<]+)</a>', body)


def test_the_pages_cell_links_lead_to_as_many_standards_as_the_cells_show(client, secretariat):
    page = client.get("/en/standards/gaps/").content.decode()
    links = _linked_cells(page)
    assert len(links) > 50  # every non-empty cell of topic x lifecycle stage is a link
    generative = [(link, n) for link, n in links if "topic=generative-ai&" in link]
    assert generative and sum(n for _link, n in generative) > 9
    signed_in = Client()
    signed_in.force_login(secretariat)
    for reader in (client, signed_in):
        for link, count in generative + links[:: len(links) // 8]:
            assert urlsplit(link).path == "/en/standards/"
            assert len(_listed(reader, link)) == count, link
    # The API lists the same standards with the same filters.
    link, count = generative[0]
    answer = client.get("/api/standards/", dict(parse_qsl(urlsplit(link).query))).json()
    assert answer["count"] == count


def test_a_cell_of_the_sdg_matrix_links_to_its_standards_through_the_sdg_filter(client, tagged):
    page = client.get("/en/standards/gaps/", {"rows": "risk_area", "cols": "sdg"})
    links = _linked_cells(page.content.decode())
    assert links and all("sdg=" in link for link, _n in links)
    for link, count in links:
        assert len(_listed(client, link)) == count, link


def test_the_register_refuses_an_unknown_status_or_goal(client):
    assert client.get("/en/standards/", {"status": "everything"}).status_code == 400
    assert client.get("/en/standards/", {"sdg": "18"}).status_code == 400
    assert client.get("/api/standards/", {"status": "everything"}).status_code == 422
    assert client.get("/api/standards/", {"sdg": 18}).status_code == 422


def test_current_lists_published_and_in_development_standards_only():
    listed = selectors.standard_list(actor=AnonymousUser(), status=selectors.CURRENT)
    assert {standard.status for standard in listed} == {
        Status.PUBLISHED,
        Status.UNDER_DEVELOPMENT,
    }
    assert listed.count() == Standard.objects.filter(status__in=selectors.COUNTED_STATUSES).count()


def test_a_deactivated_account_counts_nothing_and_lists_nothing():
    user = UserFactory()
    user.is_active = False
    coverage = selectors.coverage_matrix(actor=user)
    assert coverage.rows == [] and coverage.cols == []
    assert len(coverage.untagged_rows) == Topic.objects.count()
    assert not selectors.standard_list(actor=user, topic="safety").exists()


def test_when_a_reader_may_see_fewer_standards_the_cells_count_only_those(monkeypatch):
    """No standard is confidential today; should a rule hide some, counts follow the list."""
    hidden = Standard.objects.filter(reference__startswith="NIST")
    assert hidden.filter(topics__slug="generative-ai").exists()
    full = selectors.coverage_matrix(actor=AnonymousUser()).as_json()

    def without_nist(actor: Any, queryset: Any) -> Any:
        return queryset.exclude(reference__startswith="NIST")

    monkeypatch.setitem(access._scopes, "standards.view_standard", without_nist)
    coverage = selectors.coverage_matrix(actor=AnonymousUser())
    for cell in _cells(coverage):
        listed = selectors.standard_list(actor=AnonymousUser(), **_filters(cell["query"]))
        assert listed.count() == cell["total"], cell["query"]
    narrowed = coverage.as_json()
    generative = sum(
        cell["published"] + cell["under_development"]
        for cell in narrowed["cells"]["generative AI"].values()
    )
    assert generative < sum(
        cell["published"] + cell["under_development"]
        for cell in full["cells"]["generative AI"].values()
    )
