"""Importing forms and responses: what is stored, and bad input that changes nothing."""

from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import Conflict, InvalidInput, NotAllowed
from aigov.panel import services
from aigov.panel.models import CodedBlock, Question, Response, ResponseImport, Survey
from aigov.panel.services import counts as response_counts
from aigov.panel.tests.conftest import ROLES
from aigov.panel.tests.forms import HEADER, ROWS, responses_csv

pytestmark = pytest.mark.django_db


def test_form_import_maps_questions(survey: Survey) -> None:
    assert survey.form_version == 1
    assert survey.titles == {"en": "Risk pulse check (test)"}
    assert survey.layout == ["q1", "q2"]
    questions = {q.name: q for q in survey.questions.all()}
    assert list(questions) == ["nat", "res", "gender", "field", "q1", "q2", "comment", "age"]
    assert questions["nat"].kind == Question.Kind.SELECT_MULTIPLE
    assert questions["nat"].required is True
    assert questions["q1"].kind == Question.Kind.SELECT_ONE and questions["q1"].is_scale
    assert questions["q1"].group == "risks"
    assert questions["q1"].labels == {"en": "Harm to people", "fr": "Atteinte aux personnes"}
    assert questions["q1"].choice_names() == ["1", "2", "3", "4", "5", "dk"]
    assert questions["q1"].choices[5]["labels"]["fr"] == "Ne sait pas"
    assert questions["comment"].kind == Question.Kind.TEXT
    assert questions["comment"].relevant == "${q1} = '5'"
    assert questions["age"].kind == Question.Kind.INTEGER
    assert not questions["gender"].is_scale
    entry = LogEntry.objects.filter(object_pk=str(survey.pk)).latest("timestamp")
    assert entry.additional_data["action"] == "panel.survey.create"


def test_import_form_command(form_path: Path) -> None:
    err = StringIO()
    call_command(
        "panel", "survey", "import-form", "pulse", str(form_path),
        "--nationality", "nat", "--residence", "res", "--gender", "gender", "--field", "field",
        stderr=err,
    )  # fmt: skip
    assert Survey.objects.get(slug="pulse").questions.count() == 8
    assert "2 scale items" in err.getvalue()


@pytest.mark.parametrize(
    ("roles", "field"),
    [
        (
            services.Roles(nationality="missing", residence="res", gender="gender", field="field"),
            "nationality",
        ),
        (
            services.Roles(nationality="nat", residence="nat", gender="gender", field="field"),
            "residence",
        ),
        (
            services.Roles(nationality="nat", residence="res", gender="comment", field="field"),
            "gender",
        ),
        (
            services.Roles(nationality="nat", residence="gender", gender="gender", field="field"),
            "residence",
        ),
    ],
)
def test_form_with_wrong_roles_is_refused(
    form_path: Path, roles: services.Roles, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.survey_import_form(actor=system_actor(), slug="pulse", path=form_path, roles=roles)
    assert field in {e["field"] for e in caught.value.errors}
    assert not Survey.objects.filter(slug="pulse").exists()


def test_not_an_xlsform(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(InvalidInput):
        services.survey_import_form(actor=system_actor(), slug="x", path=path, roles=ROLES)


def test_only_the_secretariat_imports(form_path: Path) -> None:
    with pytest.raises(NotAllowed):
        services.survey_import_form(
            actor=UserFactory(role="expert"), slug="p", path=form_path, roles=ROLES
        )
    survey = services.survey_import_form(
        actor=UserFactory(role="secretariat"), slug="p", path=form_path, roles=ROLES
    )
    with pytest.raises(NotAllowed):
        services.survey_import_responses(
            actor=UserFactory(role="expert"), survey=survey, data=responses_csv()
        )
    assert not Response.objects.exists()


def test_responses_are_stored_as_answers_and_codes(answered: Survey) -> None:
    first = Response.objects.filter(survey=answered).order_by("pk").first()
    assert first is not None
    assert first.answers == {
        "nat": ["FRA"], "res": "FRA", "gender": "female", "field": "academia",
        "q1": "5", "q2": "4", "comment": "Deepfakes in elections", "age": 40,
    }  # fmt: skip
    (block,) = CodedBlock.objects.filter(survey=answered)
    assert block.count == 8
    coded = bytes.fromhex(block.codes)
    # first response: profile 0, q1 5, q2 4, gender female (1), field academia (1)
    assert coded[:7] == bytes([0, 0, 0, 5, 4, 1, 1])
    fourth = Response.objects.filter(survey=answered).order_by("pk")[3]
    assert fourth.answers["nat"] == ["BRA", "FRA"]
    assert coded[3 * 7 + 3] == 6  # its q1 "dk" is coded as don't know
    assert ResponseImport.objects.get(survey=answered).rows == 8


def test_same_file_twice_is_refused(answered: Survey) -> None:
    with pytest.raises(Conflict):
        services.survey_import_responses(
            actor=system_actor(), survey=answered, data=responses_csv()
        )
    assert Response.objects.filter(survey=answered).count() == 8
    # Another file adds to the first.
    services.survey_import_responses(
        actor=system_actor(), survey=answered, data=responses_csv(ROWS[:2])
    )
    assert Response.objects.filter(survey=answered).count() == 10


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        ("9,FRA,FRA,female,academia,7,4,,", "risks/q1", "7"),
        ("9,FRA XXX,FRA,female,academia,5,4,,", "nat", "XXX"),
        ("9,FRA,FRA,female,academia,5,4,,forty", "age", "forty"),
        ("9,FRA,FRA,nonbinary,academia,5,4,,", "gender", "nonbinary"),
    ],
)
def test_bad_row_names_row_and_column_and_imports_nothing(
    survey: Survey, bad_row: str, column: str, message: str
) -> None:
    rows = [*ROWS[:3], bad_row, *ROWS[3:]]
    with pytest.raises(InvalidInput) as caught:
        services.survey_import_responses(
            actor=system_actor(), survey=survey, data=responses_csv(rows)
        )
    assert caught.value.errors[0]["row"] == 5  # header is row 1, the bad row is the 4th data row
    assert caught.value.errors[0]["field"] == column
    assert message in caught.value.errors[0]["message"]
    assert "5" in str(caught.value.message) and column in str(caught.value.message)
    assert not Response.objects.exists()
    assert not ResponseImport.objects.exists()
    survey.refresh_from_db()
    assert survey.profiles == []


def test_import_responses_command_reports_bad_row(survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(responses_csv([ROWS[0], "2,KEN,KEN,male,government,9,,,"]))
    with pytest.raises(CommandError) as caught:
        call_command("panel", "survey", "import-responses", "pulse", str(path))
    assert "row 3" in str(caught.value) and "risks/q1" in str(caught.value)
    path.write_bytes(responses_csv())
    call_command("panel", "survey", "import-responses", "pulse", str(path), stderr=StringIO())
    assert Response.objects.count() == 8
    with pytest.raises(CommandError, match="already been imported"):
        call_command("panel", "survey", "import-responses", "pulse", str(path))
    assert Response.objects.count() == 8


def test_unknown_columns_are_ignored_and_semicolons_read(survey: Survey) -> None:
    data = (HEADER.replace(",", ";") + ";_uuid\n" + ROWS[0].replace(",", ";") + ";abc\n").encode()
    result = services.survey_import_responses(actor=system_actor(), survey=survey, data=data)
    assert result.created == 1


def test_blocks_fill_up_and_the_analysis_reads_them_all(
    survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aigov.panel import selectors

    monkeypatch.setattr(response_counts, "BLOCK_SIZE", 3)
    services.survey_import_responses(actor=system_actor(), survey=survey, data=responses_csv())
    assert list(CodedBlock.objects.filter(survey=survey).values_list("count", flat=True)) == [
        3,
        3,
        2,
    ]
    services.survey_import_responses(
        actor=system_actor(), survey=survey, data=responses_csv(ROWS[:2])
    )
    assert list(CodedBlock.objects.filter(survey=survey).values_list("count", flat=True)) == [
        3,
        3,
        3,
        1,
    ]
    survey.refresh_from_db()
    figures = selectors.survey_analysis(actor=system_actor(), survey=survey)
    assert figures["respondents"] == 10
    assert figures["items"]["q1"]["n"] == 9  # 7 valid + 5 and 2 from the first two rows again
