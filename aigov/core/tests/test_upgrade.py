"""`aigov upgrade`: safe on every deploy; a second run changes nothing."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection


def _database_fingerprint() -> dict[str, str]:
    """Every row of every table aigov's models hold, hashed per model."""
    fingerprint = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = list(model._default_manager.order_by("pk").values_list())
        fingerprint[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return fingerprint


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def static_root(settings, tmp_path: Path) -> Path:
    settings.STATIC_ROOT = tmp_path / "static"
    # Django's plain storage: WhiteNoise's compression of every file would only add minutes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings.STATIC_ROOT


def _upgrade(*args: str) -> str:
    out = StringIO()
    call_command("upgrade", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_upgrade_runs_every_step_and_a_second_run_changes_nothing(static_root):
    first = _upgrade()
    for heading in ("== migrations", "== reference data", "== search index", "== static files"):
        assert heading in first
    assert "Upgrade complete." in first
    collected = _files(static_root)
    assert "vendor/htmx.org/dist/htmx.min.js" in collected
    assert "aigov/aigov.css" in collected
    rows = _database_fingerprint()
    assert "taxonomy.Country" in rows

    second = _upgrade()
    assert "No migrations to apply." in second
    assert "0 static files copied" in second
    assert _files(static_root) == collected
    assert _database_fingerprint() == rows


@pytest.mark.django_db(transaction=True)
def test_upgrade_dry_run_changes_nothing(static_root):
    from aigov.taxonomy.models import Country

    Country.objects.filter(iso3="KEN").update(iso2="XX")
    rows = _database_fingerprint()
    output = _upgrade("--dry-run")
    assert "Dry run: nothing was saved." in output
    assert _database_fingerprint() == rows
    assert not static_root.exists() or not _files(static_root)


@pytest.mark.django_db(transaction=True)
def test_upgrade_can_leave_static_files_to_the_image(static_root):
    output = _upgrade("--skip-static")
    assert "Static files: skipped" in output
    assert not static_root.exists() or not _files(static_root)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_upgrades_at_once_take_turns(static_root):
    if connection.vendor != "postgresql":
        pytest.skip("the upgrade lock is PostgreSQL's advisory lock")
    import psycopg

    from aigov.core.management.commands.upgrade import LOCK_KEYS, UPGRADE_LOCK

    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )
    try:
        # An upgrade of another database on the same server does not hold this one up.
        other.execute("SELECT pg_advisory_lock(%s, hashtext('another_aigov'))", [UPGRADE_LOCK])
        assert "Upgrade complete." in _upgrade("--skip-static")
        other.execute(f"SELECT pg_advisory_lock({LOCK_KEYS})", [UPGRADE_LOCK])
        with pytest.raises(CommandError, match="Another `aigov upgrade` is running"):
            _upgrade("--skip-static")
    finally:
        # Closing alone frees the locks only once the server process has gone: not at once.
        other.execute("SELECT pg_advisory_unlock_all()")
        other.close()
    assert "Upgrade complete." in _upgrade("--skip-static")
