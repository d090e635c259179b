"""The books' second lines of defence, reversals, exchange rates and the US dollar view."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from aigov.core.errors import InvalidInput, InvalidState
from aigov.fund import selectors, services
from aigov.fund.models import Account, ExchangeRate, Leg, Transaction
from aigov.fund.tests import factories

RATES = (
    "currency,date,units_per_usd,source\n"
    "EUR,2026-03-01,0.925,Test rates for the suite\n"
    "CHF,2026-03-01,0.880,Test rates for the suite\n"
)


def test_posted_legs_are_never_updated(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "10")
    leg = Leg.objects.first()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(amount=Decimal("11"))
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Transaction.objects.filter(pk=leg.transaction_id).update(description="changed")


def test_postgresql_refuses_unbalanced_legs_at_commit(secretariat, fund):
    if connection.vendor != "postgresql":
        pytest.skip("the constraint trigger is PostgreSQL's second line")
    cash = Account.objects.get(fund=fund, code="1000")
    with pytest.raises(IntegrityError), transaction.atomic():
        posted = Transaction.objects.create(fund=fund, kind="contribution", value_date="2026-01-01")
        Leg.objects.create(transaction=posted, account=cash, currency="USD", amount=Decimal("5"))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_reversal_undoes_a_contribution_once(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    gift = factories.give(secretariat, fund, contributor, "10")
    reversal = services.transaction_reverse(
        actor=secretariat, posted=gift.transaction, reason="Recorded twice"
    )
    assert reversal.reverses_id == gift.transaction_id
    assert selectors.account_balance(actor=secretariat, fund=fund, code="1000", currency="USD") == 0
    with pytest.raises(InvalidState):
        services.transaction_reverse(actor=secretariat, posted=gift.transaction, reason="Again")
    summary = selectors.fund_summary(actor=secretariat, fund=fund, as_of=factories.DAY)
    assert summary.received_usd == 0


def test_unbalanced_postings_are_refused_by_the_service(secretariat, fund):
    from aigov.fund.services.ledger import LegIn, _post

    before = Leg.objects.count()
    with pytest.raises(InvalidInput) as refused, transaction.atomic():
        _post(
            actor=secretariat,
            fund=fund,
            kind="contribution",
            value_date=factories.DAY,
            description="unbalanced",
            legs=[LegIn("1000", "USD", Decimal("5")), LegIn("4000", "USD", Decimal("-4"))],
        )
    assert refused.value.errors[0]["code"] == "unbalanced"
    assert Leg.objects.count() == before


def test_rates_import_is_validated_idempotent_and_feeds_the_usd_view(secretariat, fund):
    with pytest.raises(InvalidInput) as refused:
        services.exchange_rates_import(
            actor=secretariat, text=RATES + "EUR,2026-13-01,0.9,x\nGBP,2026-03-01,-1,\n"
        )
    assert {(e["row"], e["field"]) for e in refused.value.errors} == {
        (4, "date"),
        (5, "units_per_usd"),
        (5, "source"),
    }
    assert not ExchangeRate.objects.exists()
    first = services.exchange_rates_import(actor=secretariat, text=RATES)
    again = services.exchange_rates_import(actor=secretariat, text=RATES)
    assert (first.created, again.created, again.unchanged) == (2, 0, 2)
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "925", currency="EUR")
    factories.give(secretariat, fund, contributor, "100", currency="JPY")
    lines = {
        (line.account, line.currency): line
        for line in selectors.usd_view(
            actor=secretariat, fund=fund, as_of=datetime.date(2026, 3, 31)
        )
    }
    assert lines[("1000", "EUR")].balance_usd == Decimal("1000.00")
    # No JPY rate was imported: no US dollar figure is made up.
    assert lines[("1000", "JPY")].balance_usd is None
    summary = selectors.fund_summary(actor=secretariat, fund=fund, as_of=factories.DAY)
    assert summary.unconverted == ["JPY"]
    assert summary.received_usd == Decimal("1000.00")


def test_disbursements_by_income_group_against_the_baselines(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "1000")
    for country, amount in (("NER", "300"), ("FRA", "100")):
        grant = factories.grant(secretariat, fund, amount, recipient_country=country)
        factories.disburse(secretariat, grant, amount)
    summary = selectors.fund_summary(actor=secretariat, fund=fund, as_of=factories.DAY)
    assert summary.share_to_lmics == Decimal("0.75")
    assert summary.baseline_grants == Decimal("0.10")
    assert {s.key: s.share for s in summary.by_income_group} == {
        "L": Decimal("0.75"),
        "H": Decimal("0.25"),
    }
