"""The dialogue's lists page, whatever their size (issue 19): the incident list once showed
the first 50 reports with no way to the others."""

import datetime
import re

import pytest
from django.test import Client

from aigov.core.tests.paging import assert_pages
from aigov.dialogue.tests.factories import file_report, make_session

pytestmark = pytest.mark.django_db


def _reports(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/dialogue/incidents/(\d+)/">', html)


def test_the_incident_list_pages_through_what_the_reader_may_see(client: Client):
    public = [file_report(title=f"Public report {n}") for n in range(52)]
    hidden = [file_report(title=f"Hidden {n}", confidentiality="secretariat") for n in range(3)]
    assert_pages(client, "/en/dialogue/incidents/", items=_reports, total=len(public))
    seen = set()
    for page in ("1", "2"):
        response = client.get("/en/dialogue/incidents/", {"page": page})
        seen |= set(_reports(response.content.decode()))
    assert seen == {str(report.pk) for report in public}
    assert not seen & {str(report.pk) for report in hidden}
    # A filter keeps applying on every page.
    assert_pages(
        client,
        "/en/dialogue/incidents/",
        items=_reports,
        total=len(public),
        query={"country": "KEN"},
    )


def test_the_secretariat_pages_through_every_report(client: Client, people):
    for n in range(45):
        file_report(title=f"Report {n}")
    for n in range(10):
        file_report(title=f"Restricted {n}", confidentiality="secretariat")
    client.force_login(people["secretariat"])
    assert_pages(client, "/en/dialogue/incidents/", items=_reports, total=55)


def test_the_index_pages_its_sessions(client: Client):
    for n in range(21):
        make_session(slug=f"session-{n:02d}", starts_on=datetime.date(2026, 1, 1 + n))
    assert_pages(
        client,
        "/en/dialogue/",
        items=lambda html: re.findall(r'href="/en/dialogue/sessions/(session-\d+)/"', html),
        total=21,
        per_page=20,
        parameter="sessions",
    )
