"""`aigov demo load|clear`: add or remove the generated demonstration records."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.demo import demo_clear, demo_load
from aigov.core.errors import DomainError


class Command(BaseCommand):
    help = "Load or clear demonstration data: generated records marked as such wherever shown."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser(
            "load",
            help="Create the demonstration records of every module; a second run creates none.",
        )
        load.add_argument(
            "--dry-run", action="store_true", help="Generate and report, then roll back."
        )
        clear = actions.add_parser(
            "clear",
            help="Remove exactly the demonstration records; real records and reference data stay.",
        )
        clear.add_argument(
            "--dry-run", action="store_true", help="Report what would be removed, then roll back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor(Purpose.DEMO_DATA)
        try:
            if options["action"] == "load":
                report = demo_load(actor=actor, dry_run=options["dry_run"])
                for kind, counts in report.counts.items():
                    self.stdout.write(f"{kind}: {counts}")
            else:
                removed = demo_clear(actor=actor, dry_run=options["dry_run"])
                for label, count in sorted(removed.items()):
                    self.stdout.write(f"{label}: removed {count}")
                if not removed:
                    self.stdout.write("There were no demonstration records.")
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
