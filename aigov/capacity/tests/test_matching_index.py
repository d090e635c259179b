"""One need's matches from the persisted index: the same as ranking every open offer, and
current as soon as an offer is posted, changed or closed."""

import datetime
import random

import pytest
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import matching, selectors, services
from aigov.capacity.models import OfferTerm
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.taxonomy.models import RegionalGroup, Topic

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
LANGUAGES = ["fr", "en", "ar", "zh-Hans", "ru", "es"]


def full_ranking(actor, need, limit):
    """The reference: every open offer the actor may see, read and ranked by the matcher."""
    rows = selectors.open_offer_rows(actor=actor)
    return matching.Matcher(rows, today=TODAY).rank(matching.need_row(need), limit=limit)


def test_one_needs_matches_equal_ranking_every_open_offer():
    rng = random.Random(19)
    topics = list(Topic.objects.values_list("slug", flat=True)[:8])
    owner, member = UserFactory(role="learner"), UserFactory(role="learner")
    audiences = ["policymakers", "public_officials", "students"]

    def day():
        return TODAY + datetime.timedelta(days=rng.randint(-300, 300))

    offers = []
    for n in range(160):
        starts = day() if rng.random() < 0.6 else None
        offers.append(
            services.offer_create(
                actor=owner,
                title=f"Offer {n}",
                topics=rng.sample(topics, rng.randint(1, 3)),
                languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
                audiences=rng.sample(audiences, rng.randint(0, 2)),
                regions=rng.sample(RegionalGroup.values, rng.randint(0, 2)),
                seats=rng.randint(1, 80),
                available_from=starts,
                available_until=(max(starts or TODAY, day()) if rng.random() < 0.5 else None),
            )
        )
    for closed in rng.sample(offers, 20):
        services.offer_set_status(actor=owner, offer=closed, status="closed")
    compared = 0
    for n in range(30):
        need = services.need_create(
            actor=member,
            title=f"Need {n}",
            topics=rng.sample(topics, rng.randint(1, 3)),
            languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
            audiences=rng.sample(audiences, rng.randint(0, 1)),
            region=rng.choice(["", *RegionalGroup.values]),
            people=rng.randint(1, 120),
            due_by=day() if rng.random() < 0.6 else None,
        )
        found = selectors.need_matches(actor=member, need=need, today=TODAY, limit=7)
        expected = full_ranking(member, need, 7)
        assert [(m.offer.pk, m.score) for m in found] == [(m.offer_id, m.score) for m in expected]
        compared += bool(expected)
    assert compared >= 20  # most needs had matches to compare


@pytest.fixture
def posted():
    owner, member = UserFactory(role="learner"), UserFactory(role="learner")
    offer = services.offer_create(
        actor=owner,
        title="Procurement clinic",
        topics=["governance"],
        languages=["fr"],
        seats=40,
    )
    need = services.need_create(
        actor=member,
        title="Officials in French",
        topics=["governance"],
        languages=["fr"],
        people=30,
    )
    return {"owner": owner, "member": member, "offer": offer, "need": need}


def matched(posted):
    found = selectors.need_matches(actor=posted["member"], need=posted["need"], today=TODAY)
    return [m.offer.pk for m in found]


def test_the_index_holds_every_language_topic_pair_in_lower_case(posted):
    offer = services.offer_create(
        actor=posted["owner"],
        title="Two by two",
        topics=["governance", "policy"],
        languages=["zh-Hans", "fr"],
        seats=5,
    )
    pairs = set(OfferTerm.objects.filter(offer=offer).values_list("language", "topic"))
    assert pairs == {
        ("zh-hans", "governance"),
        ("zh-hans", "policy"),
        ("fr", "governance"),
        ("fr", "policy"),
    }


def test_a_closed_offer_leaves_the_matches_at_once_and_comes_back_reopened(posted):
    assert matched(posted) == [posted["offer"].pk]
    services.offer_set_status(actor=posted["owner"], offer=posted["offer"], status="closed")
    assert matched(posted) == []
    services.offer_set_status(actor=posted["owner"], offer=posted["offer"], status="open")
    assert matched(posted) == [posted["offer"].pk]


def test_an_edited_offer_is_matched_as_it_now_is(posted):
    offer = posted["offer"]
    services.offer_update(actor=posted["owner"], offer=offer, languages=["ru"])
    assert matched(posted) == []
    assert set(OfferTerm.objects.filter(offer=offer).values_list("language", flat=True)) == {"ru"}
    services.offer_update(actor=posted["owner"], offer=offer, languages=["ru", "fr"], seats=10)
    found = selectors.need_matches(actor=posted["member"], need=posted["need"], today=TODAY)
    assert [m.offer.pk for m in found] == [offer.pk]
    assert "10 seats for 30 people." in found[0].reasons
    # An end date in the past takes it out; clearing it brings it back.
    services.offer_update(
        actor=posted["owner"], offer=offer, available_until=TODAY - datetime.timedelta(days=1)
    )
    assert matched(posted) == []
    services.offer_update(actor=posted["owner"], offer=offer, available_until=None)
    assert matched(posted) == [offer.pk]


def test_only_the_offers_owner_changes_it_and_bad_input_changes_nothing(posted):
    offer = posted["offer"]
    with pytest.raises(NotAllowed):
        services.offer_update(actor=posted["member"], offer=offer, languages=["ru"])
    with pytest.raises(InvalidInput) as bad:
        services.offer_update(actor=posted["owner"], offer=offer, languages=["xx-unknown"])
    assert bad.value.errors[0]["field"] == "languages"
    with pytest.raises(InvalidInput) as bad:
        services.offer_update(
            actor=posted["owner"],
            offer=offer,
            available_from=TODAY,
            available_until=TODAY - datetime.timedelta(days=3),
        )
    assert bad.value.errors[0]["field"] == "available_until"
    assert set(OfferTerm.objects.filter(offer=offer).values_list("language", flat=True)) == {"fr"}
    assert matched(posted) == [offer.pk]


def test_the_api_changes_an_offer_and_its_matches_follow(posted):
    owner, member = Client(), Client()
    owner.force_login(posted["owner"])
    member.force_login(posted["member"])
    url = f"/api/capacity/offers/{posted['offer'].pk}"
    matches = f"/api/capacity/needs/{posted['need'].pk}/matches"
    assert member.get(matches).json()["count"] == 1
    refused = member.patch(url, {"seats": 3}, content_type="application/json")
    assert refused.status_code == 403
    answer = owner.patch(url, {"topics": ["health"]}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["topics"] == ["health"]
    assert member.get(matches).json() == {"count": 0, "items": []}
    for body in ({"seats": None}, {"topics": []}, [1]):
        bad = owner.patch(url, body, content_type="application/json")
        assert bad.status_code == 422, body
    assert Client().get(matches).status_code == 401
