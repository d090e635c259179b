"""The panel's datasets: exports show only what the actor may see."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.exchange.flow import dataset_export
from aigov.panel import roster
from aigov.panel.models import Survey
from aigov.panel.tests.conftest import accepted_nomination, secretariat_user

pytestmark = pytest.mark.django_db


def _rows(actor, slug):  # type: ignore[no-untyped-def]
    text = dataset_export(actor=actor, slug=slug, file_format="csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_responses_export_is_the_secretariats_only(answered: Survey) -> None:
    assert _rows(UserFactory(), "panel-responses") == []
    assert _rows(UserFactory(role="expert"), "panel-responses") == []
    rows = _rows(secretariat_user(), "panel-responses")
    first = [row for row in rows if row["response"] == str(answered.responses.first().pk)]
    assert {row["question"]: row["answer"] for row in first}["nat"] == "FRA"
    several = [row for row in rows if row["question"] == "nat" and " " in row["answer"]]
    assert {row["answer"] for row in several} == {"BRA FRA", "DEU KEN", "CHN POL"}
    assert len(_rows(system_actor(), "panel-responses")) == len(rows)


def test_command_line_export_is_public_unless_run_as_an_account(answered: Survey) -> None:
    """`aigov export panel-responses` writes the header and no answer; `--as` a secretariat
    account writes every answer, and the export is recorded in that account's name."""
    public = io.StringIO()
    call_command("export", "panel-responses", stdout=public)
    lines = public.getvalue().lstrip("\ufeff").splitlines()
    assert len(lines) == 1 and "question" in lines[0]

    secretariat = secretariat_user()
    as_secretariat = io.StringIO()
    call_command("export", "panel-responses", "--as", secretariat.email, stdout=as_secretariat)
    rows = list(csv.DictReader(io.StringIO(as_secretariat.getvalue().lstrip("\ufeff"))))
    assert len(rows) == len(_rows(secretariat, "panel-responses")) > 0
    entry = LogEntry.objects.filter(additional_data__action="core.dataset.export").get()
    assert entry.actor == secretariat
    assert entry.additional_data["dataset"] == "panel-responses"

    expert = UserFactory(role="expert")
    as_expert = io.StringIO()
    call_command("export", "panel-responses", "--as", expert.email, stdout=as_expert)
    assert len(as_expert.getvalue().strip().splitlines()) == 1
    with pytest.raises(CommandError, match="not an active account"):
        call_command("export", "panel-responses", "--as", "nobody@example.org")


def test_experts_export_shows_members_publicly_and_everyone_to_the_secretariat() -> None:
    secretariat = secretariat_user()
    member = accepted_nomination("Demo member", "KEN")
    accepted_nomination("Demo nominee", "FRA")
    roster.appointment_create(
        actor=secretariat,
        nomination=member,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    public = _rows(UserFactory(), "panel-experts")
    assert [row["name"] for row in public] == ["Demo member"]
    assert public[0]["gender"] == "" and public[0]["term_ends_on"] == "2099-01-01"
    full = _rows(secretariat, "panel-experts")
    assert [row["name"] for row in full] == ["Demo member", "Demo nominee"]
    assert full[0]["gender"] == "female"
    assert _rows(UserFactory(), "panel-nominations") == []
    assert len(_rows(secretariat, "panel-nominations")) == 2
