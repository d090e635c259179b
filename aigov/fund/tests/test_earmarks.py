"""Restricted money funds only grants its earmark fits (issue 21, item 1: "Restricted
(earmarked by theme, country or SDG)")."""

import pytest

from aigov.core.errors import Conflict, InvalidInput
from aigov.fund.models import Grant
from aigov.fund.tests import factories


@pytest.fixture
def donor_money(secretariat, fund):
    contributor = factories.contributor_for(secretariat, factories.donor())
    factories.give(secretariat, fund, contributor, "10000")  # unrestricted cash
    for_niger = factories.give(secretariat, fund, contributor, "1000", restricted_countries=["NER"])
    for_sdg4 = factories.give(secretariat, fund, contributor, "1000", restricted_sdgs=[4])
    return for_niger, for_sdg4


def test_a_mismatched_earmark_is_refused_and_nothing_written(secretariat, fund, donor_money):
    for_niger, for_sdg4 = donor_money
    with pytest.raises(InvalidInput) as refused:
        factories.grant(secretariat, fund, "500", recipient_country="KEN", funded_from=for_niger)
    assert refused.value.errors[0]["code"] == "earmark_country"
    with pytest.raises(InvalidInput) as refused:
        factories.grant(secretariat, fund, "500", sdgs=[9], funded_from=for_sdg4)
    assert refused.value.errors[0]["code"] == "earmark_sdg"
    with pytest.raises(InvalidInput):  # unrestricted money is not named as restricted
        unrestricted = for_niger.contributor.contributions.filter(is_restricted=False).get()
        factories.grant(secretariat, fund, "500", funded_from=unrestricted)
    assert not Grant.objects.exists()


def test_a_matching_earmark_funds_the_grant_up_to_its_amount(secretariat, fund, donor_money):
    for_niger, for_sdg4 = donor_money
    grant = factories.grant(
        secretariat, fund, "600", recipient_country="NER", funded_from=for_niger
    )
    assert grant.funded_from == for_niger
    factories.grant(secretariat, fund, "1000", sdgs=[4, 9], funded_from=for_sdg4)
    with pytest.raises(Conflict):  # 600 of the 1000 earmarked for Niger are committed
        factories.grant(secretariat, fund, "401", recipient_country="NER", funded_from=for_niger)


def test_the_api_answers_422_for_a_mismatched_earmark(client, secretariat, fund, donor_money):
    for_niger, _for_sdg4 = donor_money
    client.force_login(secretariat)
    body = {"title": "T", "recipient_country": "KEN", "amount": "10", "currency": "USD"}
    response = client.post(
        "/api/fund/grants", {**body, "funded_from": for_niger.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "earmarked for NER" in response.content.decode()
    response = client.post(
        "/api/fund/grants",
        {**body, "recipient_country": "NER", "funded_from": for_niger.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
