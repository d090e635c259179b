"""Year-end closing: a financial year's income and expenses moved to net assets.

Closing year Y posts one transaction dated 31 December Y that, for each income and expense
account and currency, reverses what the year's postings left on it (so the year's income and
expenses sum to zero), and puts the difference on net assets: restricted contributions (4100)
on net assets with donor restrictions (3100), everything else on net assets without
restrictions (3000). Restricted money that grants committed in the year spent (grants naming
the restricted contribution they are funded from) is then released from 3100 to 3000, so the
two kinds of net assets stay apart. A year is closed once (`YearClosing`, unique per fund and
year; a second close is refused with Conflict) and only after it has ended; the posting service
then refuses any posting dated in a closed year.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, require
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidState
from aigov.fund.models import ZERO, Account, Fund, Grant, Leg, Transaction, YearClosing
from aigov.fund.services.ledger import Chart, LegIn, _lock_fund, _post

# Income and expense accounts and the net assets each closes to.
CLOSES_TO = {
    Chart.CONTRIBUTIONS_UNRESTRICTED: Chart.NET_ASSETS_UNRESTRICTED,
    Chart.CONTRIBUTIONS_RESTRICTED: Chart.NET_ASSETS_RESTRICTED,
    Chart.CONTRIBUTIONS_IN_KIND: Chart.NET_ASSETS_UNRESTRICTED,
    Chart.GRANTS_EXPENSE: Chart.NET_ASSETS_UNRESTRICTED,
}


def _year_sums(fund: Fund, year: int) -> dict[tuple[str, str], Decimal]:
    rows = (
        Leg.objects.filter(
            transaction__fund=fund,
            transaction__value_date__year=year,
            account__kind__in=[Account.Kind.INCOME, Account.Kind.EXPENSE],
        )
        .values_list("account__code", "currency")
        .annotate(total=Sum("amount"))
    )
    return {
        (code, currency): Decimal(total).quantize(Decimal("0.01")) for code, currency, total in rows
    }


def _released_from_restriction(fund: Fund, year: int) -> dict[str, Decimal]:
    rows = (
        Grant.objects.filter(fund=fund, committed_on__year=year, funded_from__isnull=False)
        .values_list("currency")
        .annotate(total=Sum("committed"))
    )
    return {currency: Decimal(total).quantize(Decimal("0.01")) for currency, total in rows}


def closing_legs(fund: Fund, year: int) -> list[LegIn]:
    """Return the legs that close `year`: every income and expense balance of the year to
    zero against net assets, and restricted money spent released to unrestricted."""
    legs: list[LegIn] = []
    to_net_assets: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for (code, currency), total in sorted(_year_sums(fund, year).items()):
        if total == 0:
            continue
        legs.append(LegIn(code, currency, -total))
        to_net_assets[(CLOSES_TO[code], currency)] += total
    for currency, released in sorted(_released_from_restriction(fund, year).items()):
        to_net_assets[(Chart.NET_ASSETS_RESTRICTED, currency)] += released
        to_net_assets[(Chart.NET_ASSETS_UNRESTRICTED, currency)] -= released
    legs += [
        LegIn(code, currency, total)
        for (code, currency), total in sorted(to_net_assets.items())
        if total != 0
    ]
    return legs


def year_is_closed(fund: Fund, on: datetime.date) -> bool:
    """Return whether the financial year of `on` is closed for `fund`."""
    return YearClosing.objects.filter(fund=fund, year=on.year).exists()


@transaction.atomic
def year_close(*, actor: Actor, fund: Fund, year: int, is_demo: bool = False) -> YearClosing:
    """Close `year` of `fund`'s books; return the closing. Raise NotAllowed, InvalidState (the
    year has not ended) or Conflict (already closed)."""
    require(actor, "fund.manage")
    fund = _lock_fund(fund)
    if year >= timezone.localdate().year:
        raise InvalidState(_("A financial year is closed once it has ended."))
    if YearClosing.objects.filter(fund=fund, year=year).exists():
        raise Conflict(_("The year %(year)s is already closed.") % {"year": year})
    legs = closing_legs(fund, year)
    posted = (
        _post(
            actor=actor,
            fund=fund,
            kind=Transaction.Kind.CLOSING,
            value_date=datetime.date(year, 12, 31),
            description=_("Closing of the year %(year)s") % {"year": year},
            legs=legs,
            is_demo=is_demo,
        )
        if legs
        else None
    )
    try:
        with transaction.atomic():
            closing = YearClosing.objects.create(
                fund=fund,
                year=year,
                transaction=posted,
                closed_by=account_of(actor),
                is_demo=is_demo,
            )
    except IntegrityError as twice:  # a concurrent close got there first
        raise Conflict(_("The year %(year)s is already closed.") % {"year": year}) from twice
    audit.record(actor=actor, action="fund.year.close", obj=closing, extra={"year": year})
    return closing
