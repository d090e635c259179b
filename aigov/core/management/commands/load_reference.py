"""`aigov load-reference`: load what the reference files changed since the last load.

Rows the files did not change are left alone, so operators' edits stay; a changed row whose
record was edited through the services is reported as a conflict and not written
(aigov.core.reference.SourceLoad).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.progress import ProgressPrinter
from aigov.core.reference import LoadReport, ReferenceDataError, loaders
from aigov.core.search import index as search_index


class Command(BaseCommand):
    help = (
        "Validate the reference data of every module and load what the files changed since the "
        "last load; records edited through the services are kept and reported as conflicts."
    )

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
        if verbose:
            for kind, counts in report.counts.items():
                self.stdout.write(f"{kind}: {counts}")
            self._summarise(report)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        # Reference records are searchable: index what was just loaded (unchanged rows stay).
        for record_type, index_counts in search_index.rebuild(progress=progress).items():
            if verbose:
                self.stdout.write(f"search index {record_type}: {index_counts}")

    def _summarise(self, report: LoadReport) -> None:
        if report.changed_sources:
            changed = ", ".join(report.changed_sources)
            self.stdout.write(f"Changed since the last load: {changed}")
        else:
            self.stdout.write("No reference file changed since the last load.")
        if not report.conflicts:
            return
        self.stdout.write(
            self.style.WARNING(
                f"Conflicts ({len(report.conflicts)}): these rows changed in the files, but their "
                "records were edited through the services, so they were kept as edited. Each is "
                "reported at every load until the record and its row in the file agree."
            )
        )
        for conflict in report.conflicts:
            self.stdout.write(f"  {conflict}")
