"""The standards pages say how each status came about, and what kind each source is, in the
reader's language; the compilers' file names and notes stay out of them (issue 18, item 5)."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from aigov.standards.models import Standard, StatusChange
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db

origin_migration = importlib.import_module("aigov.standards.migrations.0010_status_change_origin")


def test_a_loaded_standards_history_says_where_it_came_from_in_words(client: Client) -> None:
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    first = standard.status_changes.first()
    assert (first.origin, first.note) == (StatusChange.Origin.REFERENCE_LOAD, "")
    page = client.get(f"/fr/standards/{standard.pk}/").content.decode()
    assert "Chargée pour la première fois depuis la liste de référence des normes" in page
    assert "standards.csv" not in page and "S2 (pub" not in page


def test_a_registered_standard_says_so_in_the_readers_language(client: Client) -> None:
    standard = make_standard()
    change = standard.status_changes.get()
    assert (change.origin, change.note) == (StatusChange.Origin.REGISTERED, "")
    assert "سُجِّل" in client.get(f"/ar/standards/{standard.pk}/").content.decode()


def test_the_migration_turns_the_old_english_notes_into_origins() -> None:
    standard = make_standard()
    old = [
        StatusChange.objects.create(standard=standard, status=standard.status, note=note)
        for note in (
            "as first loaded from standards.csv",
            "status changed in standards.csv",
            "Enregistrée.",
            "A new edition is in preparation.",
        )
    ]
    origin_migration.to_origin(apps, None)
    assert [
        (c.origin, c.note) for c in StatusChange.objects.filter(pk__in=[c.pk for c in old])
    ] == [
        ("reference_load", ""),
        ("reference_change", ""),
        ("registered", ""),
        ("changed", "A new edition is in preparation."),
    ]
    origin_migration.to_note(apps, None)
    assert StatusChange.objects.get(pk=old[0].pk).note == "as first loaded from standards.csv"


def test_a_definitions_kind_of_source_is_named_in_the_readers_language(client: Client) -> None:
    page = client.get("/fr/standards/concepts/ai-system/").content.decode()
    assert " · Loi · " in page
    assert " · law · " not in page
