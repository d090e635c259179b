import xml.etree.ElementTree as ET

import pytest

from aigov.accounts.services import system_actor
from aigov.standards import services
from aigov.standards.models import Status
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_the_latest_status_changes_first(client):
    standard = make_standard(status=Status.UNDER_DEVELOPMENT)
    services.standard_change_status(
        actor=system_actor(), standard=standard, status=Status.PUBLISHED, note="Approved."
    )
    response = client.get("/en/standards/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response, not outside input
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50  # capped; the reference load alone adds 159 changes
    assert entries[0].findtext(f"{ATOM}title") == f"{standard.reference}: Published"
    assert entries[1].findtext(f"{ATOM}title") == f"{standard.reference}: Under development"
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/en/standards/{standard.pk}/")
