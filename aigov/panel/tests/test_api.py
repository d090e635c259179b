"""/api/panel/: the same rules as the pages."""

import pytest
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.panel import services
from aigov.panel.models import Survey

pytestmark = pytest.mark.django_db


def test_draft_is_absent_then_published_analysis_is_public(
    client: Client, answered: Survey
) -> None:
    assert client.get("/api/panel/surveys").json()["count"] == 0
    assert client.get("/api/panel/surveys/pulse").status_code == 404
    assert client.get("/api/panel/surveys/pulse/analysis").status_code == 404
    services.survey_set_status(actor=system_actor(), survey=answered, status="published")
    listed = client.get("/api/panel/surveys").json()
    assert listed["count"] == 1 and listed["items"][0]["scale_items"] == ["q1", "q2"]
    analysis = client.get("/api/panel/surveys/pulse/analysis").json()
    assert analysis["respondents"] == 8
    assert analysis["items"]["q1"]["n"] == 7
    assert analysis["items"]["q1"]["by"]["regional_group"]["EEG"] == {
        "n": 0,
        "mean": None,
        "top2_share": None,
    }
