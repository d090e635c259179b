"""`aigov import DATASET FILE`: validate every row of a file, then apply all of it or nothing."""

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts.access import Purpose
from aigov.accounts.selectors import command_actor
from aigov.core.errors import DomainError
from aigov.core.exchange import FileFormat, dataset_import, datasets
from aigov.core.exchange.limits import file_too_large_message
from aigov.core.progress import ProgressPrinter


class Command(BaseCommand):
    help = "Import a CSV, XLSX or JSON file into a dataset; any error changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        importable = ", ".join(d.slug for d in datasets() if d.importer is not None)
        parser.add_argument("dataset", help=f"The dataset to import into ({importable}).")
        parser.add_argument(
            "file", help="The file to read; '-' reads standard input (give --format)."
        )
        parser.add_argument(
            "--format",
            choices=[f.value for f in FileFormat],
            help="The file format; by default taken from the file name's extension.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, then roll back."
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="Act as this account (its rights exactly); by default the operator's job.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        content = self._read(options["file"])
        verbose = options["verbosity"] >= 1
        progress = ProgressPrinter(self.stderr, verbose=verbose)

        try:
            report = dataset_import(
                actor=command_actor(as_email=options["as_email"], default=Purpose.OPERATOR),
                slug=options["dataset"],
                content=content,
                file_format=options["format"],
                filename=options["file"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except DomainError as error:
            lines = [str(error.message), *(f"  {e.get('message')}" for e in error.errors)]
            raise CommandError("\n".join(lines)) from error
        if report.errors:
            for problem in report.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(report.errors)} problem(s) in {options['file']}; "
                "fix them and run again."
            )
        self.stdout.write(f"{report.dataset}: {report.summary()} ({report.rows} rows)")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")

    def _read(self, name: str) -> bytes:
        """Read the file, but never more than AIGOV_MAX_UPLOAD_BYTES and one byte: a larger
        file is refused before it fills the memory."""
        limit: int = settings.AIGOV_MAX_UPLOAD_BYTES
        try:
            if name == "-":
                content = sys.stdin.buffer.read(limit + 1)
            else:
                with Path(name).open("rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    if size > limit:
                        raise CommandError(file_too_large_message(size, limit))
                    content = source.read(limit + 1)  # a file may grow while it is read
        except OSError as unreadable:
            raise CommandError(f"Cannot read {name}: {unreadable.strerror}.") from unreadable
        if len(content) > limit:
            raise CommandError(file_too_large_message(None, limit))
        return content
