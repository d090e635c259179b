"""Concurrent saves of a draft never lose a version (PostgreSQL: SQLite serialises writes)."""

import threading

import pytest
from django.db import close_old_connections, connection

from aigov.accounts.tests.factories import UserFactory
from aigov.panel import reports
from aigov.panel.models import ReportVersion


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_each_become_a_version() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    writers = 8
    # Reports are written by the secretariat or panel members; no system job writes them.
    secretariat = UserFactory(role="secretariat")
    report = reports.report_create(
        actor=secretariat,
        slug="concurrent",
        kind="special",
        original_language="en",
        texts={"en": {"title": "Concurrent", "body": "v1"}},
    )
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def save(number: int) -> None:
        try:
            barrier.wait()
            reports.report_save_version(
                actor=secretariat,
                report=report,
                texts={"en": {"title": "Concurrent", "body": f"writer {number}"}},
                embeds=[],
            )
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(ReportVersion.objects.filter(report=report).values_list("number", flat=True))
    assert numbers == list(range(1, writers + 2))
    bodies = {v.texts["en"]["body"] for v in ReportVersion.objects.filter(report=report)}
    assert bodies == {"v1", *(f"writer {n}" for n in range(writers))}
