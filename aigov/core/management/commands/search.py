"""`aigov search rebuild [--type T]`: (re)index the records of every module for the one search."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aigov.core.progress import ProgressPrinter
from aigov.core.search import index as search_index
from aigov.core.search.registry import searchable_types


class Command(BaseCommand):
    help = "Maintain the search index that the search page and /api/search read."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser(
            "rebuild",
            help="Index every record of the registered types; a second run changes nothing.",
        )
        rebuild.add_argument(
            "--type",
            action="append",
            dest="record_types",
            metavar="TYPE",
            help="Rebuild only this record type, e.g. taxonomy.country (repeatable); default all.",
        )
        rebuild.add_argument(
            "--dry-run", action="store_true", help="Count what would change, then roll back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        record_types = options["record_types"]
        known = searchable_types()
        unknown = [slug for slug in record_types or [] if slug not in known]
        if unknown:
            raise CommandError(
                f"Unknown record type {', '.join(unknown)}; use one of: {', '.join(known)}."
            )
        verbose = options["verbosity"] >= 1
        progress = ProgressPrinter(self.stderr, verbose=verbose)

        if options["dry_run"]:
            with transaction.atomic():
                results = search_index.rebuild(record_types=record_types, progress=progress)
                transaction.set_rollback(True)
        else:
            # One transaction per batch: a long rebuild must not hold the write lock throughout.
            results = search_index.rebuild(record_types=record_types, progress=progress)
        for record_type, counts in results.items():
            self.stdout.write(f"{record_type}: {counts}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
