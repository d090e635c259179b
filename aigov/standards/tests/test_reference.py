import csv
import shutil
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from aigov.accounts.access import Purpose
from aigov.accounts.models import Organisation, Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.models import ReferenceRowState
from aigov.core.reference import LoadReport, ReferenceDataError
from aigov.standards import services
from aigov.standards.models import Concept, Definition, Standard, Status, StatusChange
from aigov.standards.reference import load_standards

pytestmark = pytest.mark.django_db
CSV = Path(settings.REFERENCE_DATA_DIR) / "standards.csv"


def _rows() -> list[dict[str, str]]:
    with CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_reference_standard_is_loaded_with_source_confidence_and_tags():
    rows = _rows()
    assert Standard.objects.count() == len(rows) == 159
    row = next(r for r in rows if r["reference"] == "ISO/IEC 42001:2023")
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    assert standard.body.name == row["sdo"] and standard.body.kind == Organisation.Kind.SDO
    assert standard.source == row["source_note"] and standard.confidence == row["confidence"]
    assert standard.status == Status.PUBLISHED and standard.year == 2023
    assert {t.names["en"] for t in standard.topics.all()} == set(row["topics"].split(";"))
    assert standard.lifecycle_stages.count() == 7
    assert {s.scheme_id for s in standard.lifecycle_stages.all()} == {"iso-iec-22989"}
    assert Standard.objects.filter(status=Status.UNDER_DEVELOPMENT).count() == 47
    assert Standard.objects.filter(confidence="medium").count() == 49


def test_first_status_history_entry_keeps_the_publication_date_from_the_source_note():
    standard = Standard.objects.get(reference="ISO/IEC 22989:2022")
    history = list(standard.status_changes.all())
    assert len(history) == 1
    assert history[0].status == Status.PUBLISHED
    assert history[0].changed_on.isoformat() == "2022-07-19"


def test_definitions_are_loaded_with_their_sources():
    assert Concept.objects.count() == 20
    assert Definition.objects.count() == 51
    french = Definition.objects.filter(concept_id="ai-system", language="fr").first()
    assert french is not None and french.text.startswith("«système d\u2019IA»")
    # Paywalled ISO text: the citation is kept, the text is not reproduced.
    iso = Definition.objects.get(concept_id="ai-system", source_slug="iso-iec-22989")
    assert iso.text == "" and iso.is_verbatim is False


def test_loading_twice_changes_nothing():
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert str(report.counts["standards"]) == "created 0, updated 0, unchanged 159"
    assert str(report.counts["definitions"]) == "created 0, updated 0, unchanged 51"


def _copy_reference(tmp_path: Path, settings, edit) -> None:
    for name in ("standards.csv", "definitions.csv"):
        shutil.copy(Path(settings.REFERENCE_DATA_DIR) / name, tmp_path / name)
    rows = _rows()
    edit(rows)
    with (tmp_path / "standards.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    settings.REFERENCE_DATA_DIR = tmp_path


def test_an_unknown_tag_names_row_and_field_and_nothing_is_written(tmp_path, settings):
    def edit(rows):
        rows[3]["topics"] = "governance;quantum vibes"
        rows[7]["lifecycle_stages"] = "design;sale"
        rows[9]["title"] = "Changed title that must not be written"

    _copy_reference(tmp_path, settings, edit)
    with pytest.raises(ReferenceDataError) as error:
        load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=LoadReport())
    message = str(error.value)
    assert "standards.csv, row 5, field topics: 'quantum vibes' is not a known topic" in message
    assert "row 9, field lifecycle_stages: 'sale'" in message
    assert not Standard.objects.filter(titles__en="Changed title that must not be written").exists()


def test_a_status_change_in_the_file_is_appended_to_the_history(tmp_path, settings):
    reference = "ISO/IEC 42001:2023"

    def edit(rows):
        next(r for r in rows if r["reference"] == reference)["status"] = "withdrawn"

    _copy_reference(tmp_path, settings, edit)
    call_command("load_reference", only=["standards"], verbosity=0)
    standard = Standard.objects.get(reference=reference)
    assert standard.status == Status.WITHDRAWN
    assert [c.status for c in standard.status_changes.all()] == [Status.PUBLISHED, Status.WITHDRAWN]


# --- Reloads keep operators' changes (issue 26) ------------------------------------------------

WITHDRAWN_BY_OPERATOR = "ISO/IEC 42001:2023"


def _secretariat():
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _withdraw_through_the_service() -> Standard:
    standard = Standard.objects.get(reference=WITHDRAWN_BY_OPERATOR)
    services.standard_change_status(
        actor=_secretariat(), standard=standard, status=Status.WITHDRAWN, note="Replaced."
    )
    return standard


def _set_status(reference: str, status: str):
    def edit(rows):
        next(r for r in rows if r["reference"] == reference)["status"] = status

    return edit


def test_a_reload_keeps_a_standard_an_operator_withdrew_and_reports_nothing_changed():
    standard = _withdraw_through_the_service()
    history = list(standard.status_changes.values_list("status", flat=True))
    entries = LogEntry.objects.count()
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    standard.refresh_from_db()
    assert standard.status == Status.WITHDRAWN
    assert list(standard.status_changes.values_list("status", flat=True)) == history
    assert str(report.counts["standards"]) == "created 0, updated 0, unchanged 159"
    assert report.conflicts == [] and report.changed_sources == []
    assert LogEntry.objects.count() == entries


def test_a_file_change_to_a_row_an_operator_edited_is_a_conflict_and_not_written(
    tmp_path, settings, capsys
):
    standard = _withdraw_through_the_service()
    _copy_reference(tmp_path, settings, _set_status(WITHDRAWN_BY_OPERATOR, "revised"))
    call_command("load_reference", only=["standards"], verbosity=1)
    out = capsys.readouterr().out
    standard.refresh_from_db()
    assert standard.status == Status.WITHDRAWN
    assert [c.status for c in standard.status_changes.all()] == [Status.PUBLISHED, Status.WITHDRAWN]
    assert "standards: created 0, updated 0, unchanged 158, conflicts 1" in out
    assert (
        "standards.csv, ISO/IEC 42001:2023: the file changes status; kept as edited since "
        "the last load (status)"
    ) in out
    # Until the record and the file agree, every load reports it again.
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert [(c.file, c.key, c.fields) for c in report.conflicts] == [
        ("standards.csv", WITHDRAWN_BY_OPERATOR, ["status"])
    ]


def test_a_conflict_ends_when_the_operator_makes_the_record_agree_with_the_file(tmp_path, settings):
    standard = _withdraw_through_the_service()
    _copy_reference(tmp_path, settings, _set_status(WITHDRAWN_BY_OPERATOR, "revised"))
    services.standard_change_status(actor=_secretariat(), standard=standard, status=Status.REVISED)
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert report.conflicts == [] and report.counts["standards"].unchanged == 159
    (tmp_path / "next").mkdir()
    _copy_reference(tmp_path / "next", settings, _set_status(WITHDRAWN_BY_OPERATOR, "published"))
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=LoadReport())
    standard.refresh_from_db()
    assert standard.status == Status.PUBLISHED  # agreed with the file: its next change applies


def test_a_file_change_to_a_row_nobody_edited_is_applied_and_followers_hear_of_it(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    reference = "ISO/IEC 22989:2022"
    follower = UserFactory()
    services.follow_add(actor=follower, standard=Standard.objects.get(reference=reference))
    _withdraw_through_the_service()  # another standard's edit does not hold this one back
    _copy_reference(tmp_path, settings, _set_status(reference, "withdrawn"))
    report = LoadReport()
    with django_capture_on_commit_callbacks(execute=True):
        load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    standard = Standard.objects.get(reference=reference)
    assert standard.status == Status.WITHDRAWN
    last = standard.status_changes.last()
    assert (last.origin, last.note) == (StatusChange.Origin.REFERENCE_CHANGE, "")
    assert str(report.counts["standards"]) == "created 0, updated 1, unchanged 158"
    assert report.changed_sources == ["standards.csv"]
    assert [message.to for message in mail.outbox] == [[follower.email]]
    assert reference in mail.outbox[0].subject


def test_tags_an_operator_changed_are_kept():
    standard = Standard.objects.get(reference="ISO/IEC 22989:2022")
    services.standard_update(actor=_secretariat(), standard=standard, tags={"topics": []})
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert not standard.topics.exists()
    assert report.counts["standards"].updated == 0


def test_first_load_with_digests_keeps_what_people_edited_and_applies_the_rest():
    """An installation upgraded from a version without digests: the audit log decides."""
    edited = _withdraw_through_the_service()
    untouched = Standard.objects.get(reference="ISO/IEC 22989:2022")
    Standard.objects.filter(pk=untouched.pk).update(year=1999)  # drift no person made
    ReferenceRowState.objects.filter(source="standards.standard").delete()
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.status == Status.WITHDRAWN and untouched.year == 2022
    assert [(c.key, c.fields, c.edited) for c in report.conflicts] == [
        (WITHDRAWN_BY_OPERATOR, ["status"], [])
    ]
    assert "kept as edited through the services" in str(report.conflicts[0])
    # The conflicting row gets no digest, so the next load reports it again.
    assert ReferenceRowState.objects.filter(source="standards.standard", key__gt="").count() == 158
