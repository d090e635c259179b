"""`aigov landscape representation`: who takes part in which AI governance initiative."""

import csv
import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aigov.core.exchange import formula_escaped
from aigov.landscape import selectors


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of {value!r} is not a date; use YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Analyses of the governance landscape."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        representation = sub.add_parser(
            "representation",
            help=(
                "Count, for each UN Member State, the initiatives it takes part in on a date. "
                "json: the summary (as_of, member_states, in_none, in_all, per-initiative "
                "participants / member_states / non_state, countries: ISO3 -> count). "
                "csv: one row per UN Member State (iso3, name_en, regional_group, income_group, "
                "count, then one 0/1 column per initiative slug)."
            ),
        )
        representation.add_argument("--as-of", required=True, help="Date to count on, YYYY-MM-DD.")
        representation.add_argument(
            "--format", choices=["json", "csv"], default="json", help="Output format."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"])
        if options["format"] == "json":
            summary = selectors.representation(as_of=as_of).summary()
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        matrix = selectors.representation_matrix(as_of=as_of)
        # The same columns and records as the page's download (?format=csv).
        columns = matrix.columns()
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(columns)
        for record in matrix.records():
            writer.writerow(
                [
                    formula_escaped(value) if isinstance(value, str) else value
                    for value in (record[column] for column in columns)
                ]
            )
