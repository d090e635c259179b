"""The fund's demonstration data: generated, marked, in a fund of its own, and removed whole
by `demo clear` with its books, never touching a real fund's."""

import pytest

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core.demo import demo_clear, demo_load
from aigov.core.errors import InvalidState
from aigov.fund import selectors
from aigov.fund.models import (
    AccountBalance,
    Application,
    Contribution,
    Contributor,
    Disbursement,
    Fund,
    Grant,
    Leg,
    Transaction,
)
from aigov.fund.tests import factories


def _actor():
    return system_actor(Purpose.DEMO_DATA)


def test_demo_fund_is_generated_marked_and_balanced(client, db):
    demo_load(actor=_actor())
    fund = Fund.objects.get(is_demo=True)
    assert fund.is_default
    assert all(
        name.startswith("Demo donor ")
        for name in Contributor.objects.values_list("name", flat=True)
    )
    assert set(Contribution.objects.values_list("kind", flat=True)) == {"financial", "in_kind"}
    assert not Contribution.objects.filter(is_demo=False).exists()
    assert Application.objects.filter(status="submitted").count() == 1
    assert Grant.objects.filter(is_demo=True).count() == 2
    assert Grant.objects.exclude(funded_from=None).count() == 1
    assert Disbursement.objects.count() == 2
    assert Transaction.objects.filter(is_demo=False).count() == 0
    balance = selectors.trial_balance(actor=system_actor(), fund=fund)
    assert all(t["debit"] == t["credit"] for t in balance.totals.values())
    # Shown as demonstration wherever shown.
    for page in ("/en/fund/", "/en/fund/grants/", "/en/fund/calls/"):
        assert 'class="badge demo"' in client.get(page).content.decode(), page
    again = demo_load(actor=_actor())
    assert again.counts["fund demonstration fund"].unchanged == 1
    assert Fund.objects.count() == 1


def test_demo_clear_removes_exactly_the_demo_fund(db):
    secretariat = factories.secretariat()
    demo_load(actor=_actor())
    real = factories.open_fund(secretariat)  # takes the default from the demonstration fund
    assert real.is_default and not Fund.objects.get(is_demo=True).is_default
    contributor = factories.contributor_for(secretariat, factories.donor(), name="Realland")
    factories.give(secretariat, real, contributor, "500")
    real_legs = Leg.objects.filter(transaction__fund=real).count()
    removed = demo_clear(actor=_actor())
    assert removed["fund.Fund"] == 1 and removed["fund.Leg"] > 0
    assert list(Fund.objects.all()) == [real]
    assert Leg.objects.count() == real_legs == 2
    assert not AccountBalance.objects.exclude(account__fund=real).exists()
    assert list(Contributor.objects.values_list("name", flat=True)) == ["Realland"]


def test_demo_clear_refuses_when_a_real_record_is_in_the_demo_fund(db):
    secretariat = factories.secretariat()
    demo_load(actor=_actor())
    fund = Fund.objects.get(is_demo=True)
    contributor = factories.contributor_for(secretariat, factories.donor(), name="Realland")
    factories.give(secretariat, fund, contributor, "500")
    legs = Leg.objects.count()
    with pytest.raises(InvalidState, match="not demonstration data"):
        demo_clear(actor=_actor())
    assert Leg.objects.count() == legs and Fund.objects.filter(is_demo=True).exists()
