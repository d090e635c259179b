"""Who sees what: published results are public, raw responses are the secretariat's only."""

import pytest
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import NotAllowed, NotFound
from aigov.panel import selectors, services
from aigov.panel.models import Survey
from aigov.panel.tests.conftest import secretariat_user

pytestmark = pytest.mark.django_db


def _actor(role: str | None) -> object:
    from django.contrib.auth.models import AnonymousUser

    if role is None:
        return AnonymousUser()
    if role == "focal_point":
        return UserFactory(role=role, role__country="KEN")
    return UserFactory(role=role)


def _publish(survey: Survey) -> Survey:
    return services.survey_set_status(actor=system_actor(), survey=survey, status="published")


@pytest.mark.parametrize("role", [None, "expert", "focal_point", "learner"])
def test_draft_survey_is_hidden_from_everyone_but_the_secretariat(
    answered: Survey, role: str | None
) -> None:
    actor = _actor(role)
    assert not selectors.survey_list(actor=actor).exists()
    with pytest.raises(NotFound):
        selectors.survey_get(actor=actor, slug="pulse")
    with pytest.raises(NotAllowed):
        selectors.survey_analysis(actor=actor, survey=answered)
    assert not selectors.response_list(actor=actor, survey=answered).exists()


def test_secretariat_sees_draft_and_raw_responses(answered: Survey) -> None:
    secretariat = UserFactory(role="secretariat")
    assert selectors.survey_get(actor=secretariat, slug="pulse") == answered
    assert selectors.response_list(actor=secretariat, survey=answered).count() == 8
    assert selectors.survey_analysis(actor=secretariat, survey=answered)["respondents"] == 8


@pytest.mark.parametrize("role", [None, "expert", "focal_point"])
def test_published_results_are_public_but_responses_are_not(
    answered: Survey, role: str | None
) -> None:
    _publish(answered)
    actor = _actor(role)
    survey = selectors.survey_get(actor=actor, slug="pulse")
    assert selectors.survey_analysis(actor=actor, survey=survey)["respondents"] == 8
    assert selectors.response_list(actor=actor, survey=survey).count() == 0
    with pytest.raises(NotAllowed):
        selectors.response_table(actor=actor, survey=survey)


def test_only_the_secretariat_publishes(answered: Survey) -> None:
    with pytest.raises(NotAllowed):
        services.survey_set_status(
            actor=UserFactory(role="expert"), survey=answered, status="published"
        )
    answered.refresh_from_db()
    assert answered.status == Survey.Status.DRAFT


def test_pages_follow_the_same_rules(client: Client, answered: Survey) -> None:
    assert client.get("/en/panel/surveys/pulse/").status_code == 404
    assert "pulse" not in client.get("/en/panel/").content.decode()
    _publish(answered)
    page = client.get("/en/panel/surveys/pulse/")
    assert page.status_code == 200
    assert client.get("/en/panel/surveys/pulse/responses/").status_code == 404
    assert "Deepfakes in elections" not in page.content.decode()
    client.force_login(UserFactory(role="expert"))
    assert client.get("/en/panel/surveys/pulse/responses/").status_code == 404
    client.force_login(secretariat_user())
    raw = client.get("/en/panel/surveys/pulse/responses/")
    assert raw.status_code == 200
    assert "Deepfakes in elections" in raw.content.decode()
