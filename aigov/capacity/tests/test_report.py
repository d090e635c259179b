"""Reporting for resolution 78/311: people trained by country, gender, group, income and LDC
status; small cells suppressed; for the secretariat only."""

import csv
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import Enrolment
from aigov.capacity.tests.factories import make_course
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db


def _trained(offering, *, country: str | None, gender: str, completed: bool = True):
    learner = UserFactory(role="learner")
    services.learner_profile_set(actor=learner, country=country, gender=gender)
    enrolment = services.enrolment_create(actor=learner, offering=offering)
    if completed:
        Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
    return learner


@pytest.fixture
def secretariat():
    user = UserFactory(role="secretariat")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def trained():
    course = make_course(slug="course")
    for _ in range(6):
        _trained(course, country="NER", gender="woman")
    for _ in range(3):
        _trained(course, country="FRA", gender="man")
    _trained(course, country=None, gender="not_stated")
    _trained(course, country="NER", gender="man", completed=False)  # not trained yet
    return course


def cells(figures, dimension):
    return {cell.value: (cell.people, cell.completions) for cell in figures.cells[dimension]}


def test_people_trained_by_each_dimension_with_small_cells_suppressed(trained, secretariat):
    assert Country.objects.get(pk="NER").is_ldc and not Country.objects.get(pk="FRA").is_ldc
    figures = selectors.people_trained(actor=secretariat)
    assert (figures.total_people, figures.total_completions) == (10, 10)
    assert cells(figures, "country") == {"NER": (6, 6), "FRA": (None, None), "": (None, None)}
    assert cells(figures, "gender") == {
        "woman": (6, 6),
        "man": (None, None),
        "not_stated": (None, None),
    }
    assert cells(figures, "regional_group")["African"] == (6, 6)
    assert cells(figures, "income_group")[Country.objects.get(pk="NER").income_group] == (6, 6)
    assert cells(figures, "ldc") == {"yes": (6, 6), "no": (None, None), "": (None, None)}


def test_a_small_total_is_suppressed_too(secretariat):
    course = make_course()
    for _ in range(4):
        _trained(course, country="KEN", gender="woman")
    figures = selectors.people_trained(actor=secretariat)
    assert figures.total_people is None and figures.total_completions is None
    assert cells(figures, "country") == {"KEN": (None, None)}


def test_only_the_secretariat_sees_the_report_in_pages_api_and_exports(
    client: Client, trained, secretariat
):
    from aigov.core.exchange import dataset_get

    focal = UserFactory(role="focal_point", role__country="NER")
    learner = UserFactory(role="learner")
    for user in (focal, learner):
        with pytest.raises(NotAllowed):
            selectors.people_trained(actor=user)
        visitor = Client()
        visitor.force_login(user)
        assert visitor.get("/en/capacity/report/").status_code == 404
        assert visitor.get("/en/capacity/report/", {"format": "csv"}).status_code == 404
        assert visitor.get("/api/capacity/reports/people-trained").status_code == 403
    exporter = dataset_get("capacity-people-trained").exporter
    assert exporter is not None
    with pytest.raises(NotAllowed):
        list(exporter.records(actor=learner))

    client.force_login(secretariat)
    page = client.get("/en/capacity/report/").content.decode()
    assert "<svg" in page and "&lt;5" in page and "Niger" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/en/capacity/report/?format=csv").text)))
    niger = next(row for row in rows if row["group"] == "NER")
    assert (niger["people"], niger["completions"]) == ("6", "6")
    assert next(row for row in rows if row["group"] == "FRA")["people"] == "<5"
    data = json.loads(client.get("/en/capacity/report/?format=json").content)
    assert data[0]["dimension"] == "total" and data[0]["people"] == 10
    xlsx = client.get("/en/capacity/report/?format=xlsx")
    assert xlsx.content[:2] == b"PK"
    answer = client.get("/api/capacity/reports/people-trained").json()
    api = answer["items"]
    assert answer["count"] == len(api) and api[0]["dimension"] == "total"
    assert {"dimension": "gender", "group": "man", "label": "Man"}.items() <= next(
        row for row in api if row["group"] == "man"
    ).items()
    assert next(row for row in api if row["group"] == "man")["people"] == "<5"


def test_a_learner_states_only_their_own_details(client: Client):
    learner = UserFactory(role="learner")
    with pytest.raises(InvalidInput) as bad:
        services.learner_profile_set(actor=learner, country="ZZZ", gender="woman")
    assert bad.value.errors[0]["field"] == "country"
    with pytest.raises(InvalidInput) as bad:
        services.learner_profile_set(actor=learner, country="SEN", gender="robot")
    assert bad.value.errors[0]["field"] == "gender"
    client.force_login(learner)
    client.post("/en/capacity/my-learning/profile/", {"country": "sen", "gender": "woman"})
    assert selectors.profile_initial(learner) == {"country": "SEN", "gender": "woman"}
    assert "SEN" in client.get("/en/capacity/my-learning/profile/").content.decode()


def test_the_command_line_export_is_the_secretariats(trained, secretariat, tmp_path):
    # The report is not public (the rule says why), and `aigov export` acts as the public
    # unless given --as: the operator names a secretariat account, and the export is audited.
    from auditlog.models import LogEntry
    from django.core.management import CommandError, call_command

    target = tmp_path / "people.csv"
    arguments = ["export", "capacity-people-trained", "--format", "csv", "--output", str(target)]
    with pytest.raises(CommandError, match="not allowed"):
        call_command(*arguments)
    assert not target.exists()
    call_command(*arguments, "--as", secretariat.email)
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert rows[0]["dimension"] == "total" and rows[0]["people"] == "10"
    assert LogEntry.objects.filter(
        actor=secretariat, additional_data__action="core.dataset.export"
    ).exists()


def test_nobody_trained_reads_none_not_a_suppressed_small_number(client: Client, secretariat):
    """Zero names nobody: it is shown as "none" (in the reader's language), never as "<5"."""
    course = make_course()
    _trained(course, country="KEN", gender="woman", completed=False)
    figures = selectors.people_trained(actor=secretariat)
    assert (figures.total_people, figures.total_completions) == (0, 0)
    assert all(cells == [] for cells in figures.cells.values())
    client.force_login(secretariat)
    english = client.get("/en/capacity/report/").content.decode()
    total = english.split('class="report-total"')[1].split("</dl>")[0]
    assert total.count("<strong>none</strong>") == 2 and "&lt;5" not in total
    french = client.get("/fr/capacity/report/").content.decode()
    total = french.split('class="report-total"')[1].split("</dl>")[0]
    assert total.count("<strong>néant</strong>") == 2 and "&lt;5" not in total
    rows = list(csv.DictReader(io.StringIO(client.get("/en/capacity/report/?format=csv").text)))
    assert (rows[0]["dimension"], rows[0]["people"], rows[0]["completions"]) == ("total", "0", "0")
    api = client.get("/api/capacity/reports/people-trained").json()["items"]
    assert (api[0]["people"], api[0]["completions"]) == (0, 0)


def test_one_to_four_people_stay_suppressed_beside_a_total_of_none(secretariat):
    course = make_course()
    _trained(course, country="KEN", gender="woman")
    figures = selectors.people_trained(actor=secretariat)
    assert figures.total_people is None and figures.total_completions is None
    assert cells(figures, "country") == {"KEN": (None, None)}
