"""A form built in the app: the same checks, storage and analysis as an XLSForm."""

import pytest

from aigov.accounts.services import system_actor
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.panel import selectors, services
from aigov.panel.models import Question, Survey
from aigov.panel.tests.conftest import ROLES, secretariat_user
from aigov.panel.tests.forms import responses_csv

pytestmark = pytest.mark.django_db

DEFINITION = """
select_multiple nat | Nationality | countries | required
select_one res | Country of residence | countries
select_one gender | Gender | female=Female, male=Male, other=Other
select_one field | Field | academia=Academia, government=Government, industry=Industry
select_one q1 | Harm to people | scale | section: risks
select_one q2 | Harm to the environment | scale | section: risks
text comment | Comments | | relevant: ${q1} = '5'
integer age | Age
"""


def _build(actor, definition: str = DEFINITION) -> Survey:  # type: ignore[no-untyped-def]
    return services.survey_build_form(
        actor=actor,
        slug="built",
        title="Built in the app",
        language="en",
        definition=definition,
        roles=ROLES,
    )


def test_built_form_imports_responses_and_analyses_like_an_xlsform() -> None:
    survey = _build(secretariat_user())
    assert survey.layout == ["q1", "q2"] and survey.title == "Built in the app"
    comment = survey.questions.get(name="comment")
    assert comment.relevant == "${q1} = '5'" and comment.kind == Question.Kind.TEXT
    assert survey.questions.get(name="q1").group == "risks"
    assert survey.questions.get(name="nat").required
    services.survey_import_responses(actor=system_actor(), survey=survey, data=responses_csv())
    survey.refresh_from_db()
    figures = selectors.survey_analysis(actor=system_actor(), survey=survey)
    # the constructed case of test_analysis.py: q1 has 7 valid answers, 4 of them 4 or 5
    assert figures["respondents"] == 8 and figures["items"]["q1"]["n"] == 7
    assert figures["items"]["q1"]["top2_share"] == pytest.approx(4 / 7)


def test_bad_definitions_name_their_line_and_write_nothing() -> None:
    secretariat = secretariat_user()
    cases = {
        "select_one q1 | Harm | 1=One, two words=Two": 1,
        "\nselect_one\n": 2,
        "text comment |": 1,
        "select_one q1 | Harm | scale | colour: red": 1,
        "rating q1 | Harm | scale": 1,
    }
    for definition, line in cases.items():
        with pytest.raises(InvalidInput) as raised:
            _build(secretariat, definition)
        assert raised.value.errors[0]["row"] == line, definition
    with pytest.raises(InvalidInput) as raised:  # the grouping questions are missing
        _build(secretariat, "select_one q1 | Harm | scale")
    assert {e["field"] for e in raised.value.errors} >= {"nationality", "gender"}
    with pytest.raises(InvalidInput) as raised:  # relevance outside the supported subset
        _build(secretariat, DEFINITION + "text other | Other | | relevant: regex(${q1}, '5')\n")
    assert raised.value.errors[0]["field"] == "other"
    with pytest.raises(NotAllowed):
        from aigov.accounts.tests.factories import UserFactory

        _build(UserFactory(role="expert"))
    assert not Survey.objects.exists()


def test_build_page_is_the_secretariats_and_reports_bad_lines(client) -> None:  # type: ignore[no-untyped-def]
    from aigov.accounts.tests.factories import UserFactory

    form = {
        "slug": "built",
        "title": "Built in the app",
        "language": "en",
        "definition": DEFINITION,
        "nationality": "nat",
        "residence": "res",
        "gender": "gender",
        "field": "field",
    }
    client.force_login(UserFactory(role="expert"))
    assert client.get("/en/panel/surveys/build/").status_code == 404
    client.force_login(secretariat_user())
    bad = client.post("/en/panel/surveys/build/", {**form, "definition": "rating q1 | Harm"})
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()
    assert not Survey.objects.exists()
    response = client.post("/en/panel/surveys/build/", form)
    assert response.status_code == 302 and response["Location"] == "/en/panel/surveys/built/"
    assert Survey.objects.get(slug="built").layout == ["q1", "q2"]
