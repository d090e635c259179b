"""`aigov fund open|target|rates|trial-balance|close-year`: the fund's set-up and books from
the server.

Each runs as the operator's job (shell access to the server is full trust already) through the
services, which audit it.
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from aigov.accounts.access import Purpose, job
from aigov.core.errors import DomainError
from aigov.fund import selectors, services


class _DryRun(Exception):
    """Raised to roll back a --dry-run."""


def _amount(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise CommandError(f"{value!r} is not an amount; write it like 350000000.00.") from error


def _refusal(error: DomainError) -> CommandError:
    details = "; ".join(
        f"row {item['row']}, {item['field']}: {item['message']}"
        if item.get("row")
        else f"{item['field']}: {item['message']}"
        for item in error.errors
    )
    return CommandError(f"{error.message} {details}".strip())


class Command(BaseCommand):
    help = "Set up the global fund for AI, import exchange rates, print the trial balance."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser("open", help="Open the default fund with its chart of accounts.")
        opening.add_argument("--slug", required=True, help="Short name, e.g. global-fund-for-ai.")
        opening.add_argument("--name", required=True, help="The fund's name.")
        opening.add_argument(
            "--iati-identifier",
            default="",
            help="The fund's IATI organisation identifier (assigned by IATI).",
        )
        target = sub.add_parser("target", help="Set the default fund's yearly target.")
        target.add_argument("--amount", required=True, help="The target, e.g. 350000000.")
        target.add_argument("--currency", default="USD", help="ISO 4217 code (default USD).")
        target.add_argument("--source", required=True, help="Where the target comes from.")
        rates = sub.add_parser(
            "rates",
            help="Import exchange rates from a CSV file: currency,date,units_per_usd,source.",
        )
        rates.add_argument("file", help="The CSV file (UTF-8).")
        rates.add_argument(
            "--dry-run", action="store_true", help="Check and count, then change nothing."
        )
        sub.add_parser("trial-balance", help="Print the default fund's trial balance as JSON.")
        closing = sub.add_parser(
            "close-year",
            help="Close a financial year: move its income and expenses to net assets (once).",
        )
        closing.add_argument(
            "--fund", default="", help="The fund's short name (default: the default fund)."
        )
        closing.add_argument("--year", required=True, type=int, help="The year, e.g. 2025.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = job(Purpose.OPERATOR)
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(actor, options)
        except DomainError as error:
            raise _refusal(error) from error

    def _open(self, actor: Any, options: dict[str, Any]) -> None:
        fund = services.fund_create(
            actor=actor,
            slug=options["slug"],
            name=options["name"],
            is_default=True,
            iati_organisation_identifier=options["iati_identifier"],
        )
        self.stdout.write(f"opened {fund.slug} with {fund.accounts.count()} accounts")

    def _target(self, actor: Any, options: dict[str, Any]) -> None:
        fund = services.fund_set_target(
            actor=actor,
            fund=selectors.fund_default(),
            amount=_amount(options["amount"]),
            currency=options["currency"],
            source=options["source"],
        )
        self.stdout.write(f"target of {fund.slug}: {fund.target_currency} {fund.target_amount}")

    def _rates(self, actor: Any, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read it as UTF-8 text ({error}).") from error
        try:
            with transaction.atomic():
                counts = services.exchange_rates_import(actor=actor, text=text)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            pass
        prefix = "would have " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}created {counts.created}, updated {counts.updated}, "
            f"unchanged {counts.unchanged}"
        )

    def _trial_balance(self, actor: Any, options: dict[str, Any]) -> None:
        balance = selectors.trial_balance(actor=actor, fund=selectors.fund_default())
        self.stdout.write(
            json.dumps(
                {
                    "items": [
                        {
                            "account": line.account,
                            "currency": line.currency,
                            "debit": f"{line.debit:.2f}",
                            "credit": f"{line.credit:.2f}",
                        }
                        for line in balance.lines
                    ],
                    "totals": {
                        currency: {k: f"{v:.2f}" for k, v in total.items()}
                        for currency, total in balance.totals.items()
                    },
                },
                indent=2,
            )
        )

    def _close_year(self, actor: Any, options: dict[str, Any]) -> None:
        fund = (
            selectors.fund_get(slug=options["fund"])
            if options["fund"]
            else selectors.fund_default()
        )
        closing = services.year_close(actor=actor, fund=fund, year=options["year"])
        legs = closing.transaction.legs.count() if closing.transaction else 0
        self.stdout.write(f"closed {closing.year} of {fund.slug} with {legs} legs")
