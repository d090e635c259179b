"""Writes to the fund's books: the fund and its chart of accounts, postings, reversals and
exchange rates.

Every posting goes through `_post`: it locks the fund's row first (PostgreSQL:
`SELECT ... FOR UPDATE`; SQLite: the settings open every transaction with BEGIN IMMEDIATE, so
writers already take turns), checks that the legs sum to zero in each currency, writes the
transaction and its legs, and adds them to the running balances in the same database
transaction. A balance read while a posting runs sees it all or none of it.
"""

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor, account_of, require
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, InvalidState, field_error
from aigov.fund.models import (
    ZERO,
    Account,
    AccountBalance,
    ExchangeRate,
    Fund,
    Leg,
    Transaction,
    YearClosing,
)

CENT = Decimal("0.01")


class Chart:
    """The account codes every fund's chart holds, with their kinds and names."""

    CASH = "1000"
    IN_KIND_HELD = "1200"
    GRANTS_PAYABLE = "2100"
    NET_ASSETS_UNRESTRICTED = "3000"
    NET_ASSETS_RESTRICTED = "3100"
    CONTRIBUTIONS_UNRESTRICTED = "4000"
    CONTRIBUTIONS_RESTRICTED = "4100"
    CONTRIBUTIONS_IN_KIND = "4200"
    GRANTS_EXPENSE = "5000"

    ACCOUNTS: Sequence[tuple[str, str, Any]] = (
        (CASH, Account.Kind.ASSET, gettext_lazy("Cash at bank")),
        (IN_KIND_HELD, Account.Kind.ASSET, gettext_lazy("Goods and services received in kind")),
        (GRANTS_PAYABLE, Account.Kind.LIABILITY, gettext_lazy("Grants payable")),
        (
            NET_ASSETS_UNRESTRICTED,
            Account.Kind.NET_ASSETS_UNRESTRICTED,
            gettext_lazy("Net assets without donor restrictions"),
        ),
        (
            NET_ASSETS_RESTRICTED,
            Account.Kind.NET_ASSETS_RESTRICTED,
            gettext_lazy("Net assets with donor restrictions"),
        ),
        (
            CONTRIBUTIONS_UNRESTRICTED,
            Account.Kind.INCOME,
            gettext_lazy("Contributions without restrictions"),
        ),
        (CONTRIBUTIONS_RESTRICTED, Account.Kind.INCOME, gettext_lazy("Restricted contributions")),
        (CONTRIBUTIONS_IN_KIND, Account.Kind.INCOME, gettext_lazy("Contributions in kind")),
        (GRANTS_EXPENSE, Account.Kind.EXPENSE, gettext_lazy("Grants")),
    )

    @classmethod
    def name_of(cls, code: str) -> str:
        """Return the name of an account of the standard chart, in the active language."""
        return next((str(name) for known, _kind, name in cls.ACCOUNTS if known == code), code)


@dataclass(frozen=True)
class LegIn:
    account: str  # a code of `Chart`
    currency: str
    amount: Decimal  # debit positive, credit negative


def currency_error(field: str, currency: str) -> ErrorItem | None:
    """Return an error item unless `currency` is an ISO 4217 alphabetic code."""
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isupper():
        return field_error(field, "invalid_currency", _("Give the currency as an ISO 4217 code."))
    if pycountry.currencies.get(alpha_3=currency) is None:
        return field_error(
            field,
            "unknown_currency",
            _("%(code)s is not an ISO 4217 currency code.") % {"code": currency},
        )
    return None


def present(*problems: ErrorItem | None) -> list[ErrorItem]:
    """Return the problems found (the checks return None when all is well)."""
    return [problem for problem in problems if problem]


def amount_error(field: str, amount: Any) -> ErrorItem | None:
    """Return an error item unless `amount` is a positive sum with at most two decimals."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return field_error(field, "invalid", _("Give the amount as a number."))
    if amount <= 0:
        return field_error(field, "not_positive", _("The amount must be more than zero."))
    if amount != amount.quantize(CENT):
        return field_error(field, "too_precise", _("Give the amount to at most two decimals."))
    if amount >= Decimal("1e18"):
        return field_error(field, "too_large", _("The amount is too large."))
    return None


@transaction.atomic
def fund_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    is_default: bool = False,
    iati_organisation_identifier: str = "",
    is_demo: bool = False,
) -> Fund:
    """Open a fund with its chart of accounts; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "fund.manage")
    fund = Fund(
        slug=slug,
        name=name,
        is_default=is_default,
        iati_organisation_identifier=iati_organisation_identifier,
        is_demo=is_demo,
    )
    if is_default and not is_demo:
        # A real fund takes the default from the demonstration fund (aigov/fund/demo.py).
        Fund.objects.filter(is_default=True, is_demo=True).update(is_default=False)
    try:
        fund.full_clean()
    except Exception as invalid:
        raise InvalidInput(errors=_items(invalid)) from invalid
    fund.save()
    Account.objects.bulk_create(
        [
            Account(fund=fund, code=code, kind=kind, name=str(name))
            for code, kind, name in Chart.ACCOUNTS
        ]
    )
    audit.record(actor=actor, action="fund.fund.create", obj=fund)
    return fund


def _items(invalid: Exception) -> list[ErrorItem]:
    from aigov.core.errors import error_items

    return error_items(invalid)


@transaction.atomic
def fund_set_target(
    *, actor: Actor, fund: Fund, amount: Decimal, currency: str, source: str
) -> Fund:
    """Set the fund's yearly target with its source; return the fund. Raise NotAllowed or
    InvalidInput (a target without a source is refused: figures carry their source)."""
    require(actor, "fund.manage")
    errors = [
        e for e in (amount_error("amount", amount), currency_error("currency", currency)) if e
    ]
    if not source.strip():
        errors.append(field_error("source", "required", _("Say where the target comes from.")))
    if errors:
        raise InvalidInput(errors=errors)
    before = audit.snapshot(fund)
    fund.target_amount, fund.target_currency, fund.target_source = amount, currency, source.strip()
    fund.save(update_fields=["target_amount", "target_currency", "target_source", "updated_at"])
    audit.record(actor=actor, action="fund.fund.target", obj=fund, before=before)
    return fund


def _lock_fund(fund: Fund) -> Fund:
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _post(
    *,
    actor: Actor,
    fund: Fund,
    kind: str,
    value_date: datetime.date,
    description: str,
    legs: Sequence[LegIn],
    reverses: Transaction | None = None,
    is_demo: bool = False,
) -> Transaction:
    """Post a balanced transaction and add it to the running balances; return it.

    Callers hold the fund's lock (`_lock_fund`) and run inside their own atomic block. Raise
    InvalidInput when a leg is zero, a currency unknown or the legs do not sum to zero in
    each currency: nothing is written then.
    """
    errors: list[ErrorItem] = []
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for number, leg in enumerate(legs, start=1):
        problem = currency_error("currency", leg.currency)
        if problem:
            errors.append({**problem, "row": number})
        if leg.amount == 0 or leg.amount != leg.amount.quantize(CENT):
            errors.append(
                field_error(
                    "amount", "invalid", _("A leg needs a non-zero amount in cents."), row=number
                )
            )
        totals[leg.currency] += leg.amount
    for currency, total in sorted(totals.items()):
        if total != 0:
            errors.append(
                field_error(
                    "legs",
                    "unbalanced",
                    _("The legs in %(currency)s do not sum to zero (%(total)s).")
                    % {"currency": currency, "total": total},
                )
            )
    if len(legs) < 2:
        errors.append(field_error("legs", "too_few", _("A transaction needs two legs or more.")))
    accounts = {account.code: account for account in fund.accounts.all()}
    for number, leg in enumerate(legs, start=1):
        if leg.account not in accounts:
            errors.append(
                field_error("account", "unknown_account", _("No such account."), row=number)
            )
    if errors:
        raise InvalidInput(errors=errors)
    if (
        kind != Transaction.Kind.CLOSING
        and YearClosing.objects.filter(fund=fund, year=value_date.year).exists()
    ):
        raise InvalidState(
            _("The year %(year)s is closed: date the entry in an open year.")
            % {"year": value_date.year}
        )
    posted = Transaction.objects.create(
        fund=fund,
        kind=kind,
        value_date=value_date,
        description=description[:500],
        posted_by=account_of(actor),
        reverses=reverses,
        is_demo=is_demo,
    )
    Leg.objects.bulk_create(
        [
            Leg(
                transaction=posted,
                account=accounts[leg.account],
                currency=leg.currency,
                amount=leg.amount,
            )
            for leg in legs
        ]
    )
    _add_to_balances(accounts, legs)
    audit.record(
        actor=actor,
        action="fund.transaction.reverse" if reverses else "fund.transaction.post",
        obj=posted,
        extra={"legs": [[leg.account, leg.currency, str(leg.amount)] for leg in legs]},
    )
    return posted


def _add_to_balances(accounts: dict[str, Account], legs: Iterable[LegIn]) -> None:
    sums: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [ZERO, ZERO, 0])
    for leg in legs:
        row = sums[(leg.account, leg.currency)]
        row[0] += max(leg.amount, ZERO)
        row[1] += max(-leg.amount, ZERO)
        row[2] += 1
    for (code, currency), (debit, credit, count) in sums.items():
        updated = AccountBalance.objects.filter(account=accounts[code], currency=currency).update(
            debit=F("debit") + debit, credit=F("credit") + credit, legs=F("legs") + count
        )
        if not updated:
            AccountBalance.objects.create(
                account=accounts[code], currency=currency, debit=debit, credit=credit, legs=count
            )


def balance_of(fund: Fund, code: str, currency: str) -> Decimal:
    """Return debits less credits of one account in one currency, from the running balance."""
    row = AccountBalance.objects.filter(
        account__fund=fund, account__code=code, currency=currency
    ).first()
    return row.balance if row else ZERO


@transaction.atomic
def transaction_reverse(*, actor: Actor, posted: Transaction, reason: str) -> Transaction:
    """Post the reversing entry of a contribution's transaction; return it.

    Raise NotAllowed, InvalidInput (no reason) or InvalidState (already reversed, a reversal,
    or a grant's commitment or disbursement, which are corrected through their grant).
    """
    require(actor, "fund.manage")
    if not reason.strip():
        raise InvalidInput(errors=[field_error("reason", "required", _("Give the reason."))])
    fund = _lock_fund(posted.fund)
    if posted.kind not in (Transaction.Kind.CONTRIBUTION, Transaction.Kind.IN_KIND):
        raise InvalidState(_("Only a contribution's transaction is reversed this way."))
    if Transaction.objects.filter(reverses=posted).exists():
        raise InvalidState(_("This transaction has already been reversed."))
    legs = [
        LegIn(leg.account.code, leg.currency, -leg.amount)
        for leg in posted.legs.select_related("account")
    ]
    return _post(
        actor=actor,
        fund=fund,
        kind=Transaction.Kind.REVERSAL,
        value_date=timezone.localdate(),
        description=reason.strip(),
        legs=legs,
        reverses=posted,
    )


@dataclass(frozen=True)
class RatesImported:
    created: int
    updated: int
    unchanged: int


RATE_COLUMNS = ("currency", "date", "units_per_usd", "source")


@transaction.atomic
def exchange_rates_import(*, actor: Actor, text: str) -> RatesImported:
    """Import exchange rates from CSV text with the columns currency, date (YYYY-MM-DD),
    units_per_usd and source; return the counts. Every row is checked first: any error raises
    InvalidInput naming row and field, and nothing is written. A second import of the same file
    changes nothing."""
    require(actor, "fund.manage")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in RATE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(
            errors=[
                field_error(
                    column,
                    "missing_column",
                    _("The file has no %(name)s column.") % {"name": column},
                )
                for column in missing
            ]
        )
    errors: list[ErrorItem] = []
    rows: dict[tuple[str, datetime.date], tuple[Decimal, str]] = {}
    for number, row in enumerate(reader, start=2):
        currency = (row.get("currency") or "").strip()
        problem = currency_error("currency", currency)
        if problem:
            errors.append({**problem, "row": number})
        try:
            on = datetime.date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            errors.append(
                field_error("date", "invalid", _("Write the date as YYYY-MM-DD."), row=number)
            )
            continue
        try:
            rate = Decimal((row.get("units_per_usd") or "").strip())
        except InvalidOperation:
            rate = Decimal(0)
        if not rate.is_finite() or rate <= 0 or rate >= Decimal("1e14"):
            errors.append(
                field_error(
                    "units_per_usd", "invalid", _("Give a positive number of units."), row=number
                )
            )
        source = (row.get("source") or "").strip()
        if not source:
            errors.append(
                field_error("source", "required", _("Say where the rate comes from."), row=number)
            )
        rows[(currency, on)] = (rate, source[:300])
    if errors:
        raise InvalidInput(errors=errors)
    created = updated = unchanged = 0
    written: ExchangeRate | None = None
    # The rates already held for the file's currencies, read once rather than one per row.
    held = {
        (rate.currency, rate.on): rate
        for rate in ExchangeRate.objects.filter(
            currency__in={currency for currency, _on in rows},
            on__in={on for _currency, on in rows},
        )
    }
    for (currency, on), (rate, source) in rows.items():
        existing = held.get((currency, on))
        if existing is None:
            written = ExchangeRate.objects.create(
                currency=currency, on=on, units_per_usd=rate, source=source
            )
            created += 1
        elif existing.units_per_usd != rate.quantize(Decimal("0.000001")) or (
            existing.source != source
        ):
            existing.units_per_usd, existing.source = rate, source
            existing.save(update_fields=["units_per_usd", "source"])
            written = existing
            updated += 1
        else:
            unchanged += 1
    if written is not None:
        # One entry per import (on its last rate written), with the counts.
        audit.record(
            actor=actor,
            action="fund.exchangerate.import",
            obj=written,
            extra={"created": created, "updated": updated, "unchanged": unchanged},
        )
    return RatesImported(created, updated, unchanged)
