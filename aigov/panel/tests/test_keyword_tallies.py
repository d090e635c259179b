"""Keyword counts of free-text answers are kept as responses arrive: the results page reads
them instead of every answer, they equal a count of every answer, concurrent submissions lose
none, and who may see the results is unchanged."""

import random
import threading
from pathlib import Path

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.panel import keywords, selectors, services
from aigov.panel.models import KeywordTally, Response, Survey
from aigov.panel.tests.conftest import ROLES, secretariat_user
from aigov.panel.tests.forms import responses_csv, write_form

pytestmark = pytest.mark.django_db

WORDS = [
    "deepfakes",
    "elections",
    "labour",
    "markets",
    "surveillance",
    "Surveillance",
    "the",
    "and",
    "الوظائف",
    "والذكاء",
    "就业和人工智能",
    "misinformation",
]


def scanned(survey: Survey) -> tuple[int, list[tuple[str, int]]]:
    """What the page showed before counts were kept: every answer read and counted."""
    texts = [
        a["comment"]
        for a in Response.objects.filter(survey=survey).values_list("answers", flat=True)
        if a.get("comment")
    ]
    return len(texts), keywords.keyword_tags(texts)


def shown(survey: Survey) -> tuple[int, list[tuple[str, int]]]:
    survey.refresh_from_db()
    (text,) = selectors.survey_results(actor=system_actor(), survey=survey).texts
    return text.answered, text.tags


def random_rows(rng: random.Random, first: int, count: int) -> list[str]:
    rows = []
    for n in range(first, first + count):
        comment = " ".join(rng.choices(WORDS, k=rng.randint(1, 6))) if rng.random() < 0.7 else ""
        rows.append(f"{n},FRA,FRA,female,academia,5,4,{comment},")
    return rows


def test_kept_counts_equal_a_count_of_every_answer(answered: Survey, link: str) -> None:
    assert shown(answered) == scanned(answered)
    assert shown(answered)[1][0] == ("deepfakes", 2)
    rng = random.Random(5)
    services.survey_import_responses(
        actor=system_actor(),
        survey=answered,
        data=responses_csv(random_rows(rng, 100, 300)),
    )
    token = link.rstrip("/").rsplit("/", 1)[-1]
    answers = {
        "nat": ["KEN"],
        "res": "KEN",
        "q1": "5",
        "comment": "Deepfakes, DEEPFAKES and labour",
    }
    services.invitation_answer(
        actor=None,
        token=token,
        submitted={k: v if isinstance(v, list) else [v] for k, v in answers.items()},
        submit=True,
    )
    count, tags = shown(answered)
    assert (count, tags) == scanned(answered)
    assert count > 200 and len(tags) == len({word for word, _n in tags})
    # Over thirty keywords, ties by the alphabet: the same as counting every answer.
    many = [f"{n},KEN,KEN,male,academia,5,5,word{n:03d}x," for n in range(1000, 1040)]
    services.survey_import_responses(
        actor=system_actor(), survey=answered, data=responses_csv(many)
    )
    assert shown(answered) == scanned(answered)
    assert len(shown(answered)[1]) == selectors.TAGS_SHOWN


def test_kept_figures_follow_every_change_of_the_survey(
    tmp_path: Path, answered: Survey, link: str
) -> None:
    def respondents() -> int:
        answered.refresh_from_db()
        return selectors.survey_analysis(actor=system_actor(), survey=answered)["respondents"]

    assert respondents() == 8
    with CaptureQueriesContext(connection) as queries:
        assert respondents() == 8  # kept: the blocks are not read again
    assert "panel_codedblock" not in " ".join(q["sql"] for q in queries.captured_queries)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    services.invitation_answer(
        actor=None, token=token, submitted={"nat": ["KEN"], "q1": ["5"]}, submit=True
    )
    assert respondents() == 9
    services.survey_import_responses(
        actor=system_actor(),
        survey=answered,
        data=responses_csv(["20,KEN,KEN,male,academia,5,5,,"]),
    )
    assert respondents() == 10
    services.survey_import_form(
        actor=system_actor(),
        slug="pulse",
        path=write_form(tmp_path / "v2.xlsx", with_q2=False),
        roles=ROLES,
    )
    answered.refresh_from_db()
    figures = selectors.survey_analysis(actor=system_actor(), survey=answered)
    assert list(figures["items"]) == ["q1"] and figures["respondents"] == 10


def test_the_results_page_reads_no_response(client: Client, answered: Survey) -> None:
    services.survey_set_status(actor=system_actor(), survey=answered, status="published")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/en/panel/surveys/pulse/")
    assert page.status_code == 200 and "deepfakes" in page.text
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "panel_response" not in tables and "panel_keywordtally" in tables


def test_a_new_form_counts_its_text_questions_again(tmp_path: Path, answered: Survey) -> None:
    extra = [["text", "other", "Anything else?", "Autre chose ?", "", ""]]
    services.survey_import_form(
        actor=system_actor(),
        slug="pulse",
        path=write_form(tmp_path / "v2.xlsx", extra_rows=extra),
        roles=ROLES,
    )
    answered.refresh_from_db()
    results = selectors.survey_results(actor=system_actor(), survey=answered)
    assert [(t.question.name, t.answered) for t in results.texts] == [("comment", 2), ("other", 0)]
    assert shown_named(answered, "comment") == scanned(answered)[1]


def shown_named(survey: Survey, name: str) -> list[tuple[str, int]]:
    results = selectors.survey_results(actor=system_actor(), survey=survey)
    return next(text.tags for text in results.texts if text.question.name == name)


def test_counts_kept_by_other_rules_are_not_shown_and_are_redone(answered: Survey) -> None:
    KeywordTally.objects.filter(survey=answered).update(count=99)
    Survey.objects.filter(pk=answered.pk).update(keywords_version="older-rules")
    assert shown(answered) == scanned(answered)  # counted from the answers meanwhile
    services.survey_import_responses(
        actor=system_actor(),
        survey=answered,
        data=responses_csv(["9,KEN,KEN,male,academia,5,5,Deepfakes again,"]),
    )
    answered.refresh_from_db()
    assert answered.keywords_version == keywords.VERSION
    assert shown(answered) == scanned(answered) and shown(answered)[1][0] == ("deepfakes", 3)


def test_who_may_see_the_results_is_unchanged(answered: Survey) -> None:
    public, learner, secretariat = Client(), Client(), Client()
    learner.force_login(UserFactory(role="learner"))
    secretariat.force_login(secretariat_user())
    for client in (public, learner):
        assert client.get("/en/panel/surveys/pulse/").status_code == 404
        assert client.get("/api/panel/surveys/pulse/analysis").status_code == 404
    page = secretariat.get("/en/panel/surveys/pulse/")
    assert page.status_code == 200 and "deepfakes" in page.text
    services.survey_set_status(actor=system_actor(), survey=answered, status="published")
    for client in (public, learner):
        page = client.get("/en/panel/surveys/pulse/")
        assert page.status_code == 200 and "deepfakes" in page.text
        assert client.get("/en/panel/surveys/pulse/responses/").status_code == 404


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_lose_no_count(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    survey = services.survey_import_form(
        actor=system_actor(), slug="pulse", path=write_form(tmp_path / "f.xlsx"), roles=ROLES
    )
    services.survey_set_status(actor=system_actor(), survey=survey, status="open")
    writers = 8
    invitations = services.invitation_create(
        actor=system_actor(), survey=survey, labels=[f"r{n}" for n in range(writers)]
    )
    for n, invitation in enumerate(invitations):
        services.invitation_answer(
            actor=None,
            token=invitation.token,
            submitted={
                "nat": ["KEN"],
                "q1": ["5"],
                "comment": [f"Deepfakes and elections, writer{n:02d}"],
            },
            submit=False,
        )
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def submit(token: str) -> None:
        try:
            barrier.wait()
            services.invitation_submit(actor=None, token=token)
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit, args=(i.token,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Response.objects.filter(survey=survey).count() == writers
    count, tags = shown(survey)
    assert count == writers
    assert tags[:2] == [("deepfakes", writers), ("elections", writers)]
    assert (count, tags) == scanned(survey)
