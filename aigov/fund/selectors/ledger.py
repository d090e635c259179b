"""Reads of the books: balances, the trial balance and the US dollar view, from the running
balances (a handful of rows whatever the number of legs)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from aigov.accounts.access import Actor, require
from aigov.core.errors import NotFound
from aigov.fund.models import (
    ZERO,
    Account,
    AccountBalance,
    ExchangeRate,
    Fund,
    Leg,
    Transaction,
)
from aigov.fund.services import Chart

CENT = Decimal("0.01")


def fund_default() -> Fund:
    """Return the fund the API and the public pages speak of. Raise NotFound if none is open."""
    fund = Fund.objects.filter(is_default=True).first()
    if fund is None:
        raise NotFound()
    return fund


def fund_get(*, slug: str) -> Fund:
    """Return a fund by its short name. Raise NotFound."""
    fund = Fund.objects.filter(slug=slug).first()
    if fund is None:
        raise NotFound()
    return fund


@dataclass(frozen=True)
class TrialBalanceLine:
    account: str
    name: str
    kind: str
    currency: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class TrialBalance:
    """Each account's debit or credit balance per currency; `totals` per currency, whose
    debits equal credits when the books balance."""

    lines: list[TrialBalanceLine]
    totals: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def is_balanced(self) -> bool:
        return all(total["debit"] == total["credit"] for total in self.totals.values())


def _trial_balance(rows: list[tuple[str, str, str, str, Decimal, Decimal]]) -> TrialBalance:
    lines: list[TrialBalanceLine] = []
    totals: dict[str, dict[str, Decimal]] = {}
    for code, name, kind, currency, debit, credit in rows:
        net = debit - credit
        line = TrialBalanceLine(
            account=code,
            name=Chart.name_of(code) if name else code,
            kind=kind,
            currency=currency,
            debit=net if net > 0 else ZERO,
            credit=-net if net < 0 else ZERO,
        )
        lines.append(line)
        total = totals.setdefault(currency, {"debit": ZERO, "credit": ZERO})
        total["debit"] += line.debit
        total["credit"] += line.credit
    return TrialBalance(lines, dict(sorted(totals.items())))


def trial_balance(*, actor: Actor, fund: Fund) -> TrialBalance:
    """Return the trial balance of `fund` from the running balances. Raise NotAllowed unless
    the actor reads the books (the secretariat)."""
    require(actor, "fund.view_ledger")
    rows = AccountBalance.objects.filter(account__fund=fund).order_by("account__code", "currency")
    return _trial_balance(
        [
            (r.account.code, r.account.name, r.account.kind, r.currency, r.debit, r.credit)
            for r in rows.select_related("account")
        ]
    )


def trial_balance_from_legs(*, actor: Actor, fund: Fund) -> TrialBalance:
    """Return the trial balance by summing every leg (one GROUP BY): the slow way the running
    balances replace, kept to check them and as the benchmark's baseline."""
    require(actor, "fund.view_ledger")
    sums: dict[tuple[str, str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    grouped = (
        Leg.objects.filter(account__fund=fund)
        .values("account__code", "account__name", "account__kind", "currency")
        .annotate(total=Sum("amount"))
        .order_by("account__code", "currency")
    )
    for row in grouped:
        key = (row["account__code"], row["account__name"], row["account__kind"], row["currency"])
        # SQLite sums decimals as floating point numbers: back to the cent.
        total = (row["total"] or ZERO).quantize(CENT)
        sums[key][0 if total > 0 else 1] += abs(total)
    return _trial_balance([(*key, debit, credit) for key, (debit, credit) in sums.items()])


def account_balance(*, actor: Actor, fund: Fund, code: str, currency: str) -> Decimal:
    """Return debits less credits of one account in one currency. Raise NotAllowed or NotFound
    (no such account)."""
    require(actor, "fund.view_ledger")
    if not Account.objects.filter(fund=fund, code=code).exists():
        raise NotFound()
    row = AccountBalance.objects.filter(
        account__fund=fund, account__code=code, currency=currency
    ).first()
    return row.balance if row else ZERO


def transaction_get(*, actor: Actor, pk: int) -> Transaction:
    """Return a posted transaction. Raise NotAllowed unless the actor reads the books, and
    NotFound."""
    require(actor, "fund.view_ledger")
    posted = Transaction.objects.filter(pk=pk).select_related("fund").first()
    if posted is None:
        raise NotFound()
    return posted


def rate_on(currency: str, on: datetime.date) -> ExchangeRate | None:
    """Return the latest imported rate of `currency` on or before `on` (None: no rate; the
    software never estimates one)."""
    return ExchangeRate.objects.filter(currency=currency, on__lte=on).order_by("-on").first()


def in_usd(amount: Decimal, currency: str, on: datetime.date) -> Decimal | None:
    """Return `amount` in US dollars at the latest imported rate on or before `on`, or None."""
    if currency == "USD":
        return amount
    rate = rate_on(currency, on)
    if rate is None:
        return None
    return (amount / rate.units_per_usd).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class UsdLine:
    account: str
    name: str
    currency: str
    balance: Decimal
    rate: ExchangeRate | None
    balance_usd: Decimal | None


def usd_view(*, actor: Actor, fund: Fund, as_of: datetime.date) -> list[UsdLine]:
    """Return each account's balance per currency beside its value in US dollars at the
    latest rate on or before `as_of`; a currency without an imported rate shows none."""
    require(actor, "fund.view_ledger")
    lines = []
    for row in AccountBalance.objects.filter(account__fund=fund).select_related("account"):
        rate = None if row.currency == "USD" else rate_on(row.currency, as_of)
        usd = row.balance if row.currency == "USD" else None
        if rate is not None:
            usd = (row.balance / rate.units_per_usd).quantize(Decimal("0.01"))
        lines.append(
            UsdLine(
                row.account.code,
                Chart.name_of(row.account.code),
                row.currency,
                row.balance,
                rate,
                usd,
            )
        )
    return sorted(lines, key=lambda line: (line.account, line.currency))
