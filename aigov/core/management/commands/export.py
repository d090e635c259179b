"""`aigov export DATASET`: write a dataset as CSV, XLSX or JSON.

By default the command acts as the public and writes what a visitor may see; `--as EMAIL` acts
as that account, with exactly its rights, and the export is recorded in the audit log.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Model

from aigov.accounts.selectors import command_actor
from aigov.core import audit
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
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="Act as this account (its rights exactly); by default the public.",
        )

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
            actor = command_actor(as_email=options["as_email"], default=None)
            content = dataset_export(actor=actor, slug=options["dataset"], file_format=chosen)
            if isinstance(actor, Model):  # an account named with --as
                audit.record(
                    actor=actor,
                    action="core.dataset.export",
                    obj=actor,
                    extra={"dataset": options["dataset"], "format": chosen, "via": "command"},
                )
        except DomainError as error:
            lines = [str(error.message), *(f"  {e.get('message')}" for e in error.errors)]
            raise CommandError("\n".join(lines)) from error
        if output:
            Path(output).write_bytes(content)
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {options['dataset']} to {output}.")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
