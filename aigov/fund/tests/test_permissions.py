"""A donor sees its own statement only; a private contribution is invisible to everyone else
in the API, the pages, the exports and every count (issue 21, "Transparency")."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser

from aigov.core.errors import NotFound
from aigov.fund import selectors
from aigov.fund.tests import factories


def _world(secretariat, fund):
    alice, bob = factories.donor(), factories.donor()
    alpha = factories.contributor_for(secretariat, alice, name="Alphaland")
    beta = factories.contributor_for(secretariat, bob, name="Betaland")
    factories.give(secretariat, fund, alpha, "1000", description="Public gift of Alphaland")
    factories.give(
        secretariat, fund, beta, "777", description="Private gift of Betaland", is_public=False
    )
    return alice, bob, alpha, beta


def test_private_contribution_hidden_from_others(client, secretariat, fund):
    alice, bob, alpha, beta = _world(secretariat, fund)
    private = beta.contributions.get()
    for reader in (AnonymousUser(), alice):
        assert [c.contributor_id for c in selectors.contribution_list(actor=reader)] == [alpha.pk]
        summary = selectors.fund_summary(actor=reader, fund=fund, as_of=factories.DAY)
        assert summary.received_usd == Decimal("1000")
        assert [g.contributor for g in selectors.givers(actor=reader, fund=fund)] == ["Alphaland"]
    assert selectors.fund_summary(actor=bob, fund=fund, as_of=factories.DAY).received_usd == (
        Decimal("1777")
    )
    assert selectors.fund_summary(
        actor=secretariat, fund=fund, as_of=factories.DAY
    ).received_usd == Decimal("1777")
    # The API: list and count.
    client.force_login(alice)
    listed = client.get("/api/fund/contributions").json()
    assert listed["count"] == 1
    assert "Betaland" not in str(listed)
    client.force_login(bob)
    assert client.get("/api/fund/contributions").json()["count"] == 2
    # The published IATI file holds public contributions only, whoever asks.
    xml = client.get("/api/fund/iati/activities.xml").content.decode()
    assert "Alphaland" in xml and "Betaland" not in xml
    assert private.amount == Decimal("777")


def test_a_donor_reads_only_its_own_statement(secretariat, fund):
    alice, bob, alpha, beta = _world(secretariat, fund)
    statement = selectors.contributor_statement(actor=bob, contributor=beta, fund=fund)
    assert [str(m.amount) for m in statement.given] == ["777.00"]
    assert selectors.contributor_get_for_statement(actor=bob, pk=beta.pk) == beta
    for reader in (alice, AnonymousUser()):
        try:
            selectors.contributor_get_for_statement(actor=reader, pk=beta.pk)
        except NotFound:
            pass
        else:
            raise AssertionError("another donor's statement was readable")
    assert list(selectors.contributor_list_acted_for(actor=alice)) == [alpha]
    assert set(selectors.contributor_list_acted_for(actor=secretariat)) == {alpha, beta}
