"""Reference loads change only what the files changed, never what operators edited (issue 26).

The module tests (standards, landscape, taxonomy) edit records through their services; these
pin the rules of aigov.core.reference.SourceLoad themselves on one kind of record, topics.
"""

from typing import Any

import pytest

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core import audit
from aigov.core.reference import LoadReport, UpsertStep, upsert_all
from aigov.taxonomy.models import Topic

pytestmark = pytest.mark.django_db

SLUG = "reference-load-test"


def _load(name: str, *, source: str = "topics.csv") -> LoadReport:
    """Load one topic row from a 'file' giving it `name`; return the report."""
    record: dict[str, Any] = {"slug": SLUG, "names": {"en": name}, "source": "test file"}
    report = LoadReport()
    upsert_all(
        actor=system_actor(),
        report=report,
        progress=None,
        steps=[UpsertStep("topics", Topic, "taxonomy.topic", [record], ["slug"], source)],
    )
    return report


def _edit_through_a_service(name: str) -> None:
    """Change the topic's name as a service does for a person: write, then audit."""
    topic = Topic.objects.get(slug=SLUG)
    before = audit.snapshot(topic)
    topic.names = {"en": name}
    topic.save(update_fields=["names"])
    audit.record(actor=UserFactory(), action="taxonomy.topic.update", obj=topic, before=before)


def _name() -> str:
    return Topic.objects.get(slug=SLUG).names["en"]


def test_a_row_the_file_did_not_change_is_left_alone_whatever_the_record_holds():
    _load("Testing")
    Topic.objects.filter(slug=SLUG).update(names={"en": "Changed"})
    report = _load("Testing")
    assert _name() == "Changed"
    assert str(report.counts["topics"]) == "created 0, updated 0, unchanged 1"
    assert report.changed_sources == []


def test_a_changed_row_is_applied_to_a_record_nobody_edited():
    _load("Testing")
    report = _load("Testing and evaluation")
    assert _name() == "Testing and evaluation"
    assert str(report.counts["topics"]) == "created 0, updated 1, unchanged 0"
    assert report.changed_sources == ["topics.csv"]


def test_a_conflict_is_reported_at_every_load_until_the_file_takes_its_change_back():
    _load("Testing")
    _edit_through_a_service("Tests")
    for _attempt in range(2):
        report = _load("Testing and evaluation")
        assert _name() == "Tests"
        assert str(report.counts["topics"]) == "created 0, updated 0, unchanged 0, conflicts 1"
        assert [str(conflict) for conflict in report.conflicts] == [
            f"topics.csv, {SLUG}: the file changes names; kept as edited since the last load "
            "(names)"
        ]
    report = _load("Testing")
    assert report.conflicts == [] and _name() == "Tests"


def test_a_step_without_a_source_file_is_an_import_and_writes_plainly():
    """An operator's import (SKOS definitions) is itself an edit: it upserts by natural key."""
    _load("Testing")
    _edit_through_a_service("Tests")
    _load("Imported", source="")
    assert _name() == "Imported"
