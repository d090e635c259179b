"""Respondents' form pages: single-use links, save and resume, relevance on the server."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.core.errors import InvalidInput, InvalidState
from aigov.panel import selectors, services
from aigov.panel.models import CodedBlock, Invitation, Response, Survey

pytestmark = pytest.mark.django_db


def _post(
    client: Client, url: str, data: dict[str, object], shown: list[str], submit: bool = False
):  # type: ignore[no-untyped-def]
    return client.post(url, {**data, "_shown": shown, ("submit" if submit else "save"): "1"})


def test_relevant_question_appears_after_saving_and_answers_resume(
    client: Client, link: str
) -> None:
    page = client.get(link).content.decode()
    assert 'name="q1"' in page and 'name="comment"' not in page  # comment needs q1 = 5
    assert 'name="nat"' in page and 'type="checkbox"' in page
    shown = re.findall(r'name="_shown" value="(\w+)"', page)
    saved = _post(client, link, {"nat": ["KEN", "FRA"], "res": "KEN", "q1": "5"}, shown)
    assert saved.status_code == 200
    page = saved.content.decode()
    assert 'name="comment"' in page  # now relevant
    # A new visit (another device) resumes with the saved answers.
    again = Client().get(link).content.decode()
    assert re.search(r'name="q1" value="5" checked', again)
    assert re.search(r'name="nat" value="KEN" checked', again)
    assert Response.objects.count() == 0


def test_submit_stores_response_and_link_is_single_use(
    client: Client, link: str, survey: Survey
) -> None:
    page = client.get(link).content.decode()
    shown = re.findall(r'name="_shown" value="(\w+)"', page)
    answers = {
        "nat": ["FRA"],
        "res": "FRA",
        "gender": "female",
        "field": "academia",
        "q1": "4",
        "q2": "dk",
    }
    done = _post(client, link, answers, shown, submit=True)
    assert done.status_code == 302
    assert "cannot be used again" in client.get(link).content.decode()
    response = Response.objects.get()
    assert response.answers == {**answers, "nat": ["FRA"]}
    survey.refresh_from_db()
    figures = selectors.survey_analysis(actor=system_actor(), survey=survey)
    assert figures["respondents"] == 1 and figures["items"]["q1"]["mean"] == 4
    assert figures["items"]["q2"]["n"] == 0
    again = _post(client, link, answers, shown, submit=True)
    assert again.status_code == 400
    assert Response.objects.count() == 1 and CodedBlock.objects.get().count == 1


def test_required_answer_and_bad_values(link: str) -> None:
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(InvalidInput) as caught:
        services.invitation_answer(actor=None, token=token, submitted={"q1": ["5"]}, submit=True)
    assert caught.value.errors == [
        {"field": "nat", "code": "required", "message": "An answer is required."}
    ]
    assert Invitation.objects.get().draft == {"q1": "5"}  # what was given is kept
    with pytest.raises(InvalidInput):
        services.invitation_answer(actor=None, token=token, submitted={"q1": ["9"]}, submit=False)
    assert not Response.objects.exists()


def test_answers_to_questions_no_longer_relevant_are_dropped(link: str) -> None:
    token = link.rstrip("/").rsplit("/", 1)[-1]
    services.invitation_answer(
        actor=None, token=token, submitted={"q1": ["5"], "comment": ["why"]}, submit=False
    )
    assert Invitation.objects.get().draft == {"q1": "5", "comment": "why"}
    services.invitation_answer(actor=None, token=token, submitted={"q1": ["3"]}, submit=False)
    assert Invitation.objects.get().draft == {"q1": "3"}


def test_closed_survey_refuses_answers(link: str, survey: Survey) -> None:
    services.survey_set_status(actor=system_actor(), survey=survey, status="closed")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(InvalidState):
        services.invitation_answer(actor=None, token=token, submitted={}, submit=False)


def test_unknown_link_is_404(client: Client) -> None:
    assert client.get("/en/panel/respond/nope/").status_code == 404


def test_invite_command_prints_links(survey: Survey) -> None:
    out = StringIO()
    call_command("panel", "survey", "invite", "pulse", "--count", "3", stdout=out)
    lines = out.getvalue().split()
    assert len(set(lines)) == 3 and all(line.startswith("/en/panel/respond/") for line in lines)
