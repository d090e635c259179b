import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from aigov.accounts.models import Organisation
from aigov.accounts.services import system_actor
from aigov.core.reference import LoadReport, ReferenceDataError
from aigov.standards.models import Concept, Definition, Standard, Status
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
    load_standards(actor=system_actor(), report=report)
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
        load_standards(actor=system_actor(), report=LoadReport())
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
