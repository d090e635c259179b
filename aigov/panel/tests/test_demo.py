"""The demonstration survey: generated, marked, analysed at once, and removable."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.reference import LoadReport
from aigov.panel import demo, selectors
from aigov.panel.models import Response, Survey

pytestmark = pytest.mark.django_db


def test_demo_survey_is_published_marked_and_analysed() -> None:
    demo.load(actor=system_actor(), rng=random.Random(1), report=LoadReport())
    survey = Survey.objects.get(slug=demo.SLUG)
    assert survey.is_demo and survey.is_published
    assert Response.objects.filter(survey=survey, is_demo=False).count() == 0
    visitor = AnonymousUser()
    figures = selectors.survey_analysis(actor=visitor, survey=survey)
    assert figures["respondents"] == demo.RESPONDENTS
    assert len(figures["items"]) >= 5
    item = next(iter(figures["items"].values()))
    assert 0 < item["n"] < demo.RESPONDENTS  # blanks and don't know are left out
    groups = item["by"]["regional_group"]
    placed = sum(group["n"] for group in groups.values())
    assert placed == item["n"]  # every demo nationality is in a UN regional group
    # A second run changes nothing.
    report = LoadReport()
    demo.load(actor=system_actor(), rng=random.Random(1), report=report)
    assert report.for_kind("panel surveys").unchanged == 1
    assert Survey.objects.count() == 1


def test_demo_clear_removes_the_demo_survey() -> None:
    from aigov.core.demo import demo_clear

    demo.register()
    demo.load(actor=system_actor(Purpose.DEMO_DATA), rng=random.Random(1), report=LoadReport())
    demo_clear(actor=system_actor(Purpose.DEMO_DATA))
    assert not Survey.objects.filter(slug=demo.SLUG).exists()
    assert not Response.objects.exists()
