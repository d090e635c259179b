"""The panel's lists page, whatever their size (issue 19)."""

import re

import pytest
from django.test import Client

from aigov.core.tests.paging import assert_pages
from aigov.panel.models import Survey

pytestmark = pytest.mark.django_db


def test_the_survey_list_pages_through_the_published_surveys(client: Client):
    Survey.objects.bulk_create(
        [
            Survey(slug=f"survey-{n:02d}", titles={"en": f"Survey {n}"}, status=status)
            for n, status in enumerate(["published"] * 53 + ["draft"] * 4)
        ]
    )
    assert_pages(
        client,
        "/en/panel/",
        items=lambda html: re.findall(r'href="/en/panel/surveys/(survey-\d+)/"', html),
        total=53,  # the drafts are the secretariat's alone
    )
