"""`aigov upgrade`: what every deploy runs after installing a new version.

Each step is idempotent, so the command is safe to run on every deploy, and a second run
changes nothing: apply the migrations, load the reference data (changes to the shipped files
only, see `load-reference`), rebuild the search index, collect the static files.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# PostgreSQL advisory lock ("aigv" in ASCII) with the database's name as its second key: two
# hosts upgrading one database take turns; other databases on the server are not held up.
UPGRADE_LOCK = 0x61696776
LOCK_KEYS = "%s, hashtext(current_database())"


@contextmanager
def _one_upgrade_at_a_time() -> Iterator[None]:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        # SQLite serves one machine: its writers already queue on the file's lock.
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_try_advisory_lock({LOCK_KEYS})", [UPGRADE_LOCK])
        if not cursor.fetchone()[0]:
            raise CommandError("Another `aigov upgrade` is running on this database; try later.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_unlock({LOCK_KEYS})", [UPGRADE_LOCK])


def _pending_migrations() -> int:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = (
        "After installing a new version: migrate, load the reference data, rebuild the search "
        "index and collect the static files. Safe on every deploy; a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=(
                "List the migrations that would run and validate the reference data and the "
                "search index, then roll back; copy no static file."
            ),
        )
        parser.add_argument(
            "--skip-static",
            action="store_true",
            help="Do not collect static files (when the image or package already holds them).",
        )

    def _step(self, title: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"== {title}"))

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        passed = {
            "verbosity": options["verbosity"],
            "stdout": self.stdout,
            "stderr": self.stderr,
        }
        with _one_upgrade_at_a_time():
            self._step("migrations")
            call_command("migrate", interactive=False, plan=dry_run, **passed)
            pending = _pending_migrations()
            if dry_run and pending:
                self.stdout.write(
                    f"{pending} migrations to apply first: the reference data and the search "
                    "index are checked after them."
                )
            else:
                self._step("reference data")
                call_command("load_reference", dry_run=dry_run, **passed)
                self._step("search index")
                call_command("search", "rebuild", dry_run=dry_run, **passed)
            if options["skip_static"]:
                self.stdout.write("Static files: skipped (--skip-static).")
            else:
                self._step("static files")
                call_command("collectstatic", interactive=False, dry_run=dry_run, **passed)
        self.stdout.write("Dry run: nothing was saved." if dry_run else "Upgrade complete.")
