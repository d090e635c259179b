import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aigov.standards.models import Standard, Status

pytestmark = pytest.mark.django_db


def _export(fmt: str, tmp_path) -> str:
    path = tmp_path / f"standards.{fmt}"
    call_command("export", "standards", "--output", str(path), stdout=StringIO(), stderr=StringIO())
    return str(path)


def test_export_reimports_unchanged_in_csv_and_json(tmp_path):
    for fmt in ("csv", "json", "xlsx"):
        path = _export(fmt, tmp_path)
        out = StringIO()
        call_command("import", "standards", path, stdout=out, stderr=StringIO())
        assert "unchanged 159" in out.getvalue(), (fmt, out.getvalue())
    with open(_export("csv", tmp_path), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    row = next(r for r in rows if r["reference"] == "ISO/IEC 42001:2023")
    assert row["topics"] == "governance;management system;risk management"
    assert row["status"] == "published" and row["is_demo"] in {"False", "false", "0"}


def test_import_tags_risk_areas_and_changes_status_with_history(tmp_path):
    path = tmp_path / "change.json"
    path.write_text(
        json.dumps(
            [
                {
                    "sdo": "ISO/IEC JTC1 SC42",
                    "reference": "ISO/IEC 42001:2023",
                    "title": "Information technology — Artificial intelligence — Management system",
                    "status": "withdrawn",
                    "risk_areas": "democracy",
                    "sdgs": "9;16",
                }
            ]
        ),
        encoding="utf-8",
    )
    call_command("import", "standards", str(path), stdout=StringIO(), stderr=StringIO())
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    assert standard.status == Status.WITHDRAWN
    assert [a.slug for a in standard.risk_areas.all()] == ["democracy"]
    assert sorted(g.number for g in standard.sdgs.all()) == [9, 16]
    assert [c.status for c in standard.status_changes.all()][-1] == Status.WITHDRAWN


def test_import_with_an_unknown_tag_names_row_and_field_and_changes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "sdo,reference,title,status,topics\n"
        "New body,NEW 1:2025,A new standard,published,safety\n"
        "New body,NEW 2:2025,Another,published,astrology\n",
        encoding="utf-8",
    )
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "standards", str(path), stdout=StringIO(), stderr=errors)
    assert "astrology" in errors.getvalue() and "topics" in errors.getvalue()
    assert "3" in errors.getvalue()  # the row
    assert not Standard.objects.filter(reference__startswith="NEW ").exists()


def test_standards_and_concepts_are_found_by_search(client):
    page = client.get("/en/search/", {"q": "42001"}).content.decode()
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    assert f"/en/standards/{standard.pk}/" in page
    concept = client.get("/en/search/", {"q": "explainability"}).content.decode()
    assert "/en/standards/concepts/explainability/" in concept
