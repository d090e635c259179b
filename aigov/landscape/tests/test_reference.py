"""The landscape reference data, as loaded by `aigov load-reference` (conftest, once a session)."""

import csv
import datetime
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command

from aigov.accounts.access import Purpose
from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.models import ReferenceRowState
from aigov.core.reference import LoadReport, ReferenceDataError
from aigov.landscape import services
from aigov.landscape.models import Initiative, Participation, Policy
from aigov.landscape.reference import load_landscape
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 9, 1)


def _csv(name: str) -> list[dict[str, str]]:
    path = Path(settings.REFERENCE_DATA_DIR) / name
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _expected_totals(as_of: datetime.date) -> dict[str, dict[str, int]]:
    """Count straight from the CSV: participants whose row runs on `as_of`."""
    members = set(Country.objects.filter(is_un_member=True).values_list("iso3", flat=True))
    active: dict[str, set[str]] = {row["slug"]: set() for row in _csv("initiatives.csv")}
    for row in _csv("initiative_participants.csv"):
        started = datetime.date.fromisoformat(row["start_date"])
        ended = datetime.date.fromisoformat(row["end_date"]) if row["end_date"] else None
        if started <= as_of and (ended is None or ended > as_of):
            active[row["initiative_slug"]].add(row["participant_iso3"])
    return {
        slug: {
            "participants": len(codes),
            "member_states": len(codes & members),
            "non_state": len(codes - members),
        }
        for slug, codes in active.items()
    }


def test_every_row_is_loaded():
    assert Initiative.objects.count() == len(_csv("initiatives.csv")) == 7
    assert Participation.objects.count() == len(_csv("initiative_participants.csv"))
    assert Participation.objects.filter(participant_id="EUU").count() == 7
    assert Participation.objects.filter(participant_id="VAT").exists()


def test_command_json_matches_the_shared_data():
    out = io.StringIO()
    call_command(
        "landscape", "representation", "--as-of", "2024-09-01", "--format", "json", stdout=out
    )
    summary = json.loads(out.getvalue())
    assert set(summary) == {
        "as_of",
        "member_states",
        "in_none",
        "in_all",
        "initiatives",
        "countries",
    }
    assert summary["as_of"] == "2024-09-01"
    assert summary["member_states"] == 193
    assert len(summary["countries"]) == 193
    assert summary["initiatives"] == _expected_totals(AS_OF)
    assert summary["in_none"] == sum(1 for n in summary["countries"].values() if n == 0)
    # The HLAB report (Fig. 8/12): 7 Member States in all seven initiatives, 118 in none.
    assert (summary["in_all"], summary["in_none"]) == (7, 118)


def test_command_csv_has_one_row_per_member_state():
    out = io.StringIO()
    call_command(
        "landscape", "representation", "--as-of", "2024-09-01", "--format", "csv", stdout=out
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    slugs = [row["slug"] for row in _csv("initiatives.csv")]
    assert len(rows) == 193
    assert set(rows[0]) == {"iso3", "name_en", "regional_group", "income_group", "count", *slugs}
    kenya = next(row for row in rows if row["iso3"] == "KEN")
    assert kenya["name_en"] == "Kenya" and kenya["regional_group"] == "African"
    for row in rows:
        assert int(row["count"]) == sum(int(row[slug]) for slug in slugs)
    expected = _expected_totals(AS_OF)
    for slug in slugs:
        assert sum(int(row[slug]) for row in rows) == expected[slug]["member_states"]


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "01/09/2024"])
def test_command_rejects_a_bad_date(value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("landscape", "representation", "--as-of", value)


def test_a_second_load_changes_nothing():
    entries = LogEntry.objects.count()
    report = LoadReport()
    load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert report.counts["initiatives"].created == report.counts["initiatives"].updated == 0
    assert report.counts["participations"].unchanged == Participation.objects.count()
    assert report.counts["participations"].created == 0
    assert LogEntry.objects.count() == entries


def test_an_unknown_country_code_names_file_row_and_field_and_changes_nothing(tmp_path, settings):
    source = Path(settings.REFERENCE_DATA_DIR)
    for name in ("initiatives.csv", "initiatives_zh.csv"):
        shutil.copy(source / name, tmp_path / name)
    text = (source / "initiative_participants.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines[3] = re.sub(r"^([^,]+),([A-Z]{3}),", r"\1,XXX,", lines[3])
    lines[5] = lines[5].replace(",member,", ",founder,", 1)
    (tmp_path / "initiative_participants.csv").write_text("".join(lines), encoding="utf-8")
    Participation.objects.filter(participant_id="KEN").update(source_note="changed")
    before = (Participation.objects.count(), LogEntry.objects.count())
    settings.REFERENCE_DATA_DIR = str(tmp_path)

    with pytest.raises(ReferenceDataError) as raised:
        load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=LoadReport())

    problems = {(p.file, p.row, p.field) for p in raised.value.problems}
    assert ("initiative_participants.csv", 4, "participant_iso3") in problems
    assert ("initiative_participants.csv", 6, "basis") in problems
    assert "XXX" in str(raised.value)
    assert (Participation.objects.count(), LogEntry.objects.count()) == before
    assert Participation.objects.filter(participant_id="KEN", source_note="changed").exists()


# --- The report's Chinese names (issue 18) ----------------------------------------------------


def test_initiative_chinese_names_are_the_reports_and_marked_as_source():
    for row in _csv("initiatives_zh.csv"):
        initiative = Initiative.objects.get(slug=row["slug"])
        assert initiative.names["zh-hans"] == row["name_zh"]
        assert initiative.names_provenance["zh-hans"] == "source"
        assert initiative.names_provenance["fr"] == "machine"
        assert initiative.source.endswith(f"Chinese name: {row['source_note']}")
    assert (
        Initiative.objects.get(slug="bletchley-2023").names["zh-hans"] == "《布莱切利宣言》(2023)"
    )


def test_an_upgrade_replaces_the_machine_chinese_of_records_nobody_edited():
    """A database loaded before the Chinese names, and before digests were kept."""
    Initiative.objects.filter(slug="g20-ai-principles-2019").update(
        names={"en": "G20 AI Principles", "zh-hans": "二十国集团人工智能原则"},
        names_provenance={"en": "source", "zh-hans": "machine"},
    )
    ReferenceRowState.objects.filter(source__startswith="landscape.").delete()
    report = LoadReport()
    load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    initiative = Initiative.objects.get(slug="g20-ai-principles-2019")
    assert initiative.names["zh-hans"] == "二十国集团《人工智能原则》(2019)"
    assert initiative.names_provenance["zh-hans"] == "source"
    assert report.counts["initiatives"].updated == 1 and report.conflicts == []


# --- Reloads keep operators' changes (issue 26) ------------------------------------------------


def _secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _end_through_the_service(participant: str) -> Participation:
    """Record, as the secretariat does on a page, that a participant left the OECD principles."""
    participation = Participation.objects.get(
        initiative_id="oecd-ai-principles-2019", participant_id=participant
    )
    return services.participation_save(
        actor=_secretariat(),
        participation=participation,
        data={
            "initiative": participation.initiative_id,
            "participant": participant,
            "basis": participation.basis,
            "started_on": participation.started_on.isoformat(),
            "ended_on": "2024-12-31",
            "source_url": participation.source_url,
            "source_note": participation.source_note,
        },
    )


def _with_participants(tmp_path: Path, settings, edit) -> None:
    """Point the load at a copy of the reference files whose participants `edit` changed."""
    for source in Path(settings.REFERENCE_DATA_DIR).glob("*.csv"):
        shutil.copy(source, tmp_path / source.name)
    rows = _csv("initiative_participants.csv")
    edit({(row["initiative_slug"], row["participant_iso3"]): row for row in rows})
    with (tmp_path / "initiative_participants.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    settings.REFERENCE_DATA_DIR = str(tmp_path)


def test_a_reload_keeps_a_participation_the_secretariat_ended():
    _end_through_the_service("AUS")
    report = LoadReport()
    load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    ended = Participation.objects.get(initiative_id="oecd-ai-principles-2019", participant_id="AUS")
    assert ended.ended_on == datetime.date(2024, 12, 31)
    assert report.counts["participations"].updated == 0 and report.conflicts == []


def test_file_changes_apply_to_rows_nobody_edited_and_conflict_with_edited_ones(tmp_path, settings):
    _end_through_the_service("AUS")

    def edit(rows):
        rows[("oecd-ai-principles-2019", "AUS")]["basis"] = "adherent"
        rows[("oecd-ai-principles-2019", "AUT")]["end_date"] = "2025-01-31"

    _with_participants(tmp_path, settings, edit)
    report = LoadReport()
    load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    edited = Participation.objects.get(
        initiative_id="oecd-ai-principles-2019", participant_id="AUS"
    )
    assert (edited.basis, edited.ended_on) == ("member", datetime.date(2024, 12, 31))
    untouched = Participation.objects.get(
        initiative_id="oecd-ai-principles-2019", participant_id="AUT"
    )
    assert untouched.ended_on == datetime.date(2025, 1, 31)
    assert [(c.file, c.key, c.fields, c.edited) for c in report.conflicts] == [
        (
            "initiative_participants.csv",
            "oecd-ai-principles-2019 / AUS / 2019-05-22",
            ["basis"],
            ["ended_on"],
        )
    ]
    counts = report.counts["participations"]
    assert (counts.updated, counts.conflicts) == (1, 1)


def test_policy_tags_the_secretariat_changed_survive_a_reload():
    policy = Policy.objects.get(slug="eu-ai-act")
    services.policy_save(
        actor=_secretariat(),
        policy=policy,
        data={
            "slug": policy.slug,
            "jurisdiction": policy.jurisdiction_id,
            "title": policy.names["en"],
            "kind": policy.kind,
            "status": policy.status,
            "proposed_on": policy.proposed_on.isoformat(),
            "adopted_on": policy.adopted_on.isoformat(),
            "in_force_on": policy.in_force_on.isoformat(),
            "url": policy.url,
            "source": policy.source,
            "confidence": policy.confidence,
            "risk_areas": "democracy;rule-of-law",
            "sdgs": "16",
        },
    )
    report = LoadReport()
    load_landscape(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert sorted(policy.risk_areas.values_list("slug", flat=True)) == ["democracy", "rule-of-law"]
    assert list(policy.sdgs.values_list("number", flat=True)) == [16]
    assert report.counts["policies"].updated == 0
