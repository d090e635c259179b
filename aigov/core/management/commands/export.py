"""`aigov export DATASET`: write what the system actor may see as CSV, XLSX or JSON."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts.services import system_actor
from aigov.core.errors import DomainError
from aigov.core.exchange import FileFormat, dataset_export, datasets


class Command(BaseCommand):
    help = "Export a dataset as CSV, XLSX or JSON, to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        exportable = ", ".join(d.slug for d in datasets() if d.exporter is not None)
        parser.add_argument("dataset", help=f"The dataset to export ({exportable}).")
        parser.add_argument(
            "--format",
            choices=[f.value for f in FileFormat],
            help="The file format; by default the --output file's extension, else csv.",
        )
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        chosen = (
            options["format"]
            or (Path(output).suffix.lstrip(".").lower() if output else "")
            or "csv"
        )
        if chosen not in {f.value for f in FileFormat}:
            raise CommandError(
                f"Cannot tell the format from {output}; give --format csv, xlsx or json."
            )
        if chosen == FileFormat.XLSX and not output:
            raise CommandError("XLSX is a binary format; give --output FILE to write it.")
        try:
            content = dataset_export(
                actor=system_actor(), slug=options["dataset"], file_format=chosen
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if output:
            Path(output).write_bytes(content)
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {options['dataset']} to {output}.")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
