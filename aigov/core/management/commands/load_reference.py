"""`aigov load-reference`: load every module's reference data (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.progress import ProgressPrinter
from aigov.core.reference import LoadReport, ReferenceDataError, loaders
from aigov.core.search import index as search_index


class Command(BaseCommand):
    help = "Validate and load the reference data of every module; a second run changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, then roll back."
        )
        parser.add_argument(
            "--only", action="append", help="Load only the named module (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = LoadReport()
        actor = system_actor(Purpose.REFERENCE_LOAD)
        verbose = options["verbosity"] >= 1
        progress = ProgressPrinter(self.stderr, verbose=verbose)

        # One transaction around every loader: a later module's bad row leaves the earlier
        # modules untouched too, and a dry run rolls back in the order it loaded (landscape
        # validates against the countries the taxonomy step has just written).
        with transaction.atomic():
            for loader in loaders():
                if options["only"] and loader.name not in options["only"]:
                    continue
                if verbose:
                    self.stdout.write(f"Loading {loader.name} reference data…")
                try:
                    loader.load(actor=actor, report=report, progress=progress, dry_run=False)
                except ReferenceDataError as error:
                    raise CommandError(
                        f"Nothing was loaded; fix these rows first:\n{error}"
                    ) from error
            if options["dry_run"]:
                transaction.set_rollback(True)
        for kind, counts in report.counts.items():
            if verbose:
                self.stdout.write(f"{kind}: {counts}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        # Reference records are searchable: index what was just loaded (unchanged rows stay).
        for record_type, index_counts in search_index.rebuild(progress=progress).items():
            if verbose:
                self.stdout.write(f"search index {record_type}: {index_counts}")
