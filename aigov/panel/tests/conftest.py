from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.utils import translation

from aigov.accounts.services import system_actor
from aigov.panel import services
from aigov.panel.models import Survey
from aigov.panel.tests.forms import responses_csv, write_form

ROLES = services.Roles(nationality="nat", residence="res", gender="gender", field="field")


@pytest.fixture
def form_path(tmp_path: Path) -> Path:
    return write_form(tmp_path / "pulse.xlsx")


@pytest.fixture
def survey(db: None, form_path: Path) -> Survey:
    return services.survey_import_form(
        actor=system_actor(), slug="pulse", path=form_path, roles=ROLES
    )


@pytest.fixture
def answered(survey: Survey) -> Survey:
    services.survey_import_responses(actor=system_actor(), survey=survey, data=responses_csv())
    survey.refresh_from_db()
    return survey


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def secretariat_user():  # type: ignore[no-untyped-def]
    """A secretariat member who has set up two-factor sign-in (their pages require it)."""
    from aigov.accounts.tests.factories import UserFactory

    user = UserFactory(role="secretariat")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def link(survey: Survey) -> str:
    """The path of a single-use answer link of the open survey."""
    services.survey_set_status(actor=system_actor(), survey=survey, status="open")
    (invitation,) = services.invitation_create(actor=system_actor(), survey=survey, labels=["x"])
    return invitation.get_absolute_url()


def accepted_nomination(name: str, nationality: str, gender: str = "female"):  # type: ignore[no-untyped-def]
    """A self-nomination (by a new signed-in user) the secretariat has accepted."""
    from aigov.accounts.tests.factories import UserFactory
    from aigov.panel import roster

    nomination = roster.expert_nominate(
        actor=UserFactory(role="expert"),
        name=name,
        gender=gender,
        nationalities=[nationality],
        residence=nationality,
        disciplines=["law"],
        affiliation_type="academia",
    )
    return roster.nomination_review(actor=secretariat_user(), nomination=nomination, accept=True)
