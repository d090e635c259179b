"""Year-end closing: income and expenses of the year moved to net assets, restricted and
unrestricted apart, once per year (issue 21: net assets restricted and unrestricted)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from aigov.core.errors import Conflict, InvalidState
from aigov.fund import selectors, services
from aigov.fund.models import Leg, YearClosing
from aigov.fund.services import Chart
from aigov.fund.tests import factories

LAST_YEAR = datetime.date(2025, 6, 30)


def _year_total(fund, kind, year):
    return (
        Leg.objects.filter(
            transaction__fund=fund, transaction__value_date__year=year, account__kind=kind
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )


def test_closing_moves_income_and_expenses_to_net_assets_once(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000", value_date=LAST_YEAR)
    restricted = factories.give(
        secretariat, fund, contributor, "400", value_date=LAST_YEAR, restricted_sdgs=[4]
    )
    factories.give(secretariat, fund, contributor, "50", "EUR", value_date=LAST_YEAR)
    factories.grant(
        secretariat, fund, "300", committed_on=LAST_YEAR, sdgs=[4], funded_from=restricted
    )
    factories.grant(secretariat, fund, "200", committed_on=LAST_YEAR)
    services.year_close(actor=secretariat, fund=fund, year=2025)
    for kind in ("income", "expense"):
        assert _year_total(fund, kind, 2025) == 0
    balance = selectors.trial_balance(actor=secretariat, fund=fund)
    by_account = {(line.account, line.currency): line for line in balance.lines}
    for code in (
        Chart.CONTRIBUTIONS_UNRESTRICTED,
        Chart.CONTRIBUTIONS_RESTRICTED,
        Chart.GRANTS_EXPENSE,
    ):
        line = by_account.get((code, "USD"))
        assert line is None or line.debit == line.credit
    for currency, total in balance.totals.items():
        assert total["debit"] == total["credit"], currency
    # Restricted 400 less the 300 its grant spent stays restricted; the rest is unrestricted:
    # 1000 received less 500 of grants plus the 300 released.
    restricted_net = selectors.account_balance(
        actor=secretariat, fund=fund, code=Chart.NET_ASSETS_RESTRICTED, currency="USD"
    )
    unrestricted_net = selectors.account_balance(
        actor=secretariat, fund=fund, code=Chart.NET_ASSETS_UNRESTRICTED, currency="USD"
    )
    assert (restricted_net, unrestricted_net) == (-100, -800)
    with pytest.raises(Conflict):
        services.year_close(actor=secretariat, fund=fund, year=2025)
    assert YearClosing.objects.count() == 1
    # Nothing more is posted into a closed year.
    with pytest.raises(InvalidState):
        factories.give(secretariat, fund, contributor, "1", value_date=LAST_YEAR)


def test_a_year_not_ended_is_not_closed_and_others_may_not_close(secretariat, fund):
    with pytest.raises(InvalidState):
        services.year_close(actor=secretariat, fund=fund, year=datetime.date.today().year)
    from aigov.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.year_close(actor=factories.donor(), fund=fund, year=2025)


def test_the_close_year_command(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000", value_date=LAST_YEAR)
    out = StringIO()
    call_command("fund", "close-year", "--fund", fund.slug, "--year", "2025", stdout=out)
    assert out.getvalue() == f"closed 2025 of {fund.slug} with 2 legs\n"
    with pytest.raises(CommandError, match="already closed"):
        call_command("fund", "close-year", "--year", "2025", stdout=StringIO())
