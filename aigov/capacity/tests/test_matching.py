"""Matchmaking: needs get ranked offers with reasons; introductions through to done."""

import datetime
import random

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import translation

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import matching, selectors, services
from aigov.capacity.models import Introduction, Need
from aigov.capacity.tests.factories import make_node
from aigov.core.errors import InvalidInput, InvalidState, NotAllowed, NotFound

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
JUNE = datetime.date(2027, 6, 30)


def offer(actor, title, **fields):
    defaults = {
        "topics": ["governance", "policy"],
        "languages": ["fr"],
        "audiences": ["public_officials"],
        "seats": 60,
    }
    defaults.update(fields)
    return services.offer_create(actor=actor, title=title, **defaults)


@pytest.fixture
def market():
    focal = UserFactory(role="focal_point", role__country="SEN")
    contributor = UserFactory(role="learner")
    need = services.need_create(
        actor=focal,
        title="Train 50 officials in French on AI procurement by June",
        topics=["governance", "policy"],
        languages=["fr"],
        audiences=["public_officials"],
        people=50,
        due_by=JUNE,
        country="SEN",
    )
    offers = {
        "best": offer(contributor, "Procurement clinic", regions=["African"], available_from=TODAY),
        "partial": offer(
            contributor, "Governance basics", topics=["governance"], regions=["WEOG"], seats=20
        ),
        "late": offer(contributor, "Next year", available_from=datetime.date(2027, 9, 1)),
        "russian": offer(contributor, "In Russian", languages=["ru"]),
        "expired": offer(contributor, "Over", available_until=datetime.date(2026, 1, 1)),
        "other-topic": offer(contributor, "Health data", topics=["health"]),
    }
    return {"focal": focal, "contributor": contributor, "need": need, "offers": offers}


def test_a_need_gets_ranked_offers_with_reasons(market):
    matches = selectors.need_matches(
        actor=market["focal"], need=market["need"], today=TODAY, limit=10
    )
    titles = [m.offer.title for m in matches]
    assert titles == ["Procurement clinic", "Next year", "Governance basics"]
    assert [m.score for m in matches] == [100, 90, 59]
    # 40 topics + 20 language + 15 region + 10 audience + 10 seats + 5 dates
    best = matches[0].reasons
    assert "Topics covered: 2 of 2 (governance, policy)." in best
    assert "In French." in best and "Serves the African States." in best
    assert "60 seats for 50 people." in best and "Available in time." in best
    assert "Starts after the date needed." in matches[1].reasons
    assert "Does not name the need's region." in matches[2].reasons
    assert market["need"].region == "African"  # from the country


def test_reasons_name_topics_and_languages_in_the_readers_language(market):
    with translation.override("fr"):
        matches = selectors.need_matches(
            actor=market["focal"], need=market["need"], today=TODAY, limit=1
        )
    reasons = " ".join(matches[0].reasons)
    assert "gouvernance, politiques publiques" in reasons and "français" in reasons
    assert "governance" not in reasons and " fr." not in reasons


def test_the_vectorised_matcher_agrees_with_the_plain_loop():
    rng = random.Random(7)
    topics = [f"t{i}" for i in range(70)]  # more than one 64-bit word of topics
    languages = ["fr", "en", "ar", "zh-Hans", "ru", "es"]
    audiences = ["policymakers", "public_officials", "students"]
    regions = ["African", "WEOG", "GRULAC", "EEG", "Asia-Pacific"]

    def pick(values, low, high):
        return rng.sample(values, rng.randint(low, high))

    def day():
        return TODAY + datetime.timedelta(days=rng.randint(-400, 400))

    offers = [
        matching.OfferRow(
            id=i,
            topics=pick(topics[:8] if i % 2 else topics, 1, 3),
            languages=pick(languages, 1, 2),
            audiences=pick(audiences, 0, 2),
            regions=pick(regions, 0, 2),
            seats=rng.randint(1, 80),
            available_from=day() if rng.random() < 0.7 else None,
            available_until=day() if rng.random() < 0.5 else None,
        )
        for i in range(600)
    ]
    needs = [
        matching.NeedRow(
            id=i,
            topics=pick(topics[:8], 1, 3),
            languages=pick(languages, 1, 2),
            audiences=pick(audiences, 0, 1),
            region=rng.choice(["", *regions]),
            people=rng.randint(1, 120),
            due_by=day() if rng.random() < 0.6 else None,
        )
        for i in range(120)
    ]
    matcher = matching.Matcher(offers, today=TODAY)
    for need in needs:
        assert matcher.rank(need, limit=7) == matching.rank_plain(
            need, offers, today=TODAY, limit=7
        )
    assert matching.Matcher([], today=TODAY).rank(needs[0]) == []


def test_bad_input_names_the_field_and_writes_nothing(market):
    actor = market["contributor"]
    cases = [
        ({"people": 0}, "people"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"topics": []}, "topics"),
        ({"languages": ["xx-bad"]}, "languages"),
        ({"audiences": ["aliens"]}, "audiences"),
        ({"region": "Atlantis"}, "region"),
        ({"title": " "}, "title"),
    ]
    before = Need.objects.count()
    for change, field in cases:
        data = {
            "title": "A need",
            "topics": ["policy"],
            "languages": ["fr"],
            "people": 5,
            **change,
        }
        with pytest.raises(InvalidInput) as bad:
            services.need_create(actor=actor, **data)
        assert bad.value.errors[0]["field"] == field
    assert Need.objects.count() == before
    with pytest.raises(InvalidInput) as bad:
        offer(actor, "Backwards", available_from=JUNE, available_until=TODAY)
    assert bad.value.errors[0]["field"] == "available_until"


def test_who_may_post_in_whose_name(market):
    learner = market["contributor"]
    with pytest.raises(NotAllowed):
        services.need_create(
            actor=learner, title="x", topics=["policy"], languages=["fr"], people=1, country="SEN"
        )
    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    with pytest.raises(NotAllowed):
        offer(learner, "Not my node", node=node)
    assert offer(operator, "My node", node=node).node == node


def test_introduction_then_status_through_to_done(market):
    focal, contributor, need = market["focal"], market["contributor"], market["need"]
    partial, best = market["offers"]["partial"], market["offers"]["best"]
    stranger = UserFactory(role="learner")
    with pytest.raises(NotAllowed):
        services.introduction_create(actor=stranger, need=need, offer=best, message="Hello")
    with pytest.raises(InvalidInput):
        services.introduction_create(actor=focal, need=need, offer=best, message=" ")
    first = services.introduction_create(
        actor=focal, need=need, offer=partial, message="Could you take 20 of ours?"
    )
    assert first.score == 59
    # Only the provider answers; the need's owner cannot accept for them.
    with pytest.raises(NotAllowed):
        services.introduction_set_status(actor=focal, introduction=first, status="accepted")
    with pytest.raises(InvalidState):
        services.introduction_set_status(actor=contributor, introduction=first, status="done")
    services.introduction_set_status(actor=contributor, introduction=first, status="accepted")
    services.introduction_set_status(actor=focal, introduction=first, status="done")
    need.refresh_from_db()
    assert need.status == "in_progress"  # 20 of 50 people: partly met
    second = services.introduction_create(actor=focal, need=need, offer=best, message="And 30?")
    services.introduction_set_status(actor=contributor, introduction=second, status="accepted")
    services.introduction_set_status(actor=contributor, introduction=second, status="done")
    need.refresh_from_db()
    assert need.status == "done"
    with pytest.raises(InvalidState):
        services.introduction_create(
            actor=focal, need=need, offer=market["offers"]["late"], message="More?"
        )
    # Introductions are seen by their two sides and the secretariat only.
    assert set(selectors.introduction_list(actor=contributor)) == {first, second}
    assert list(selectors.introduction_list(actor=stranger)) == []
    with pytest.raises(NotFound):
        selectors.introduction_get(actor=stranger, pk=first.pk)
    assert LogEntry.objects.filter(additional_data__action="capacity.need.status").count() == 2


def test_api_needs_matches_offers_and_introductions(client: Client, market):
    need = market["need"]
    assert client.get("/api/capacity/needs").status_code == 401
    assert client.get(f"/api/capacity/needs/{need.pk}/matches").status_code == 401
    client.force_login(market["focal"])
    listed = client.get("/api/capacity/needs").json()
    assert listed["count"] == 1 and listed["items"][0]["people"] == 50
    answer = client.get(f"/api/capacity/needs/{need.pk}/matches", {"limit": 2}).json()
    matches = answer["items"]
    assert answer["count"] == 2
    assert [m["offer"]["title"] for m in matches] == ["Procurement clinic", "Next year"]
    assert matches[0]["score"] == 100 and matches[0]["reasons"]
    bad = client.post(
        "/api/capacity/needs",
        {"title": "x", "topics": ["nope"], "languages": ["fr"], "people": 3},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "topics"
    created = client.post(
        "/api/capacity/needs",
        {"title": "Data clinic", "topics": ["privacy"], "languages": ["ar"], "people": 3},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["status"] == "open"
    best = market["offers"]["best"]
    introduced = client.post(
        f"/api/capacity/needs/{need.pk}/introductions",
        {"offer": best.pk, "message": "Hello from Senegal"},
        content_type="application/json",
    )
    assert introduced.status_code == 201
    again = client.post(
        f"/api/capacity/needs/{need.pk}/introductions",
        {"offer": best.pk, "message": "Hello again"},
        content_type="application/json",
    )
    assert again.status_code == 409
    provider = Client()
    provider.force_login(market["contributor"])
    pk = introduced.json()["id"]
    accepted = provider.post(
        f"/api/capacity/introductions/{pk}/status",
        {"status": "accepted"},
        content_type="application/json",
    )
    assert accepted.json()["status"] == "accepted"
    offers = provider.get("/api/capacity/offers").json()
    assert offers["count"] == 6
    made = provider.post(
        "/api/capacity/offers",
        {"title": "Seminar", "topics": ["ethics"], "languages": ["es"], "seats": 10},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["seats"] == 10


def test_pages_post_a_need_see_matches_and_introduce(client: Client, market):
    assert client.get("/en/capacity/needs/").status_code == 302  # sign in first
    client.force_login(market["focal"])
    response = client.post(
        "/en/capacity/needs/",
        {
            "title": "Officials on AI policy",
            "topics": ["policy"],
            "languages": "fr",
            "audiences": ["public_officials"],
            "people": "10",
        },
    )
    need = Need.objects.get(title="Officials on AI policy")
    assert response.status_code == 302
    page = client.get(f"/en/capacity/needs/{need.pk}/").content.decode()
    assert "Procurement clinic" in page and "In Russian" not in page and "score" in page
    best = market["offers"]["best"]
    client.post(f"/en/capacity/needs/{need.pk}/", {"offer": best.pk, "message": "Hi"})
    assert Introduction.objects.filter(need=need, offer=best).exists()
    bad = client.post("/en/capacity/needs/", {"title": "x", "languages": "fr", "people": "0"})
    assert bad.status_code == 400
    provider = Client()
    provider.force_login(market["contributor"])
    page = provider.get("/en/capacity/offers/").content.decode()
    assert "Officials on AI policy" in page and "Accepted" in page
    # Someone who is neither side cannot introduce for the need.
    stranger = Client()
    stranger.force_login(UserFactory(role="learner"))
    refused = stranger.post(f"/en/capacity/needs/{need.pk}/", {"offer": best.pk, "message": "x"})
    assert refused.status_code == 404


def test_closing_and_reopening_needs_and_offers(client: Client, market):
    focal, contributor, need = market["focal"], market["contributor"], market["need"]
    best = market["offers"]["best"]
    stranger = UserFactory(role="learner")
    with pytest.raises(NotAllowed):
        services.need_close(actor=stranger, need=need)
    with pytest.raises(NotAllowed):
        services.offer_set_status(actor=focal, offer=best, status="closed")
    # A closed offer is no longer suggested; a closed need takes no introductions.
    services.offer_set_status(actor=contributor, offer=best, status="closed")
    suggested = selectors.need_matches(actor=focal, need=need, today=TODAY)
    assert best.pk not in {match.offer.pk for match in suggested}
    services.offer_set_status(actor=contributor, offer=best, status="open")
    client.force_login(focal)
    client.post(f"/en/capacity/needs/{need.pk}/close/", {"closed": "1"})
    need.refresh_from_db()
    assert need.status == "closed"
    with pytest.raises(InvalidState):
        services.introduction_create(actor=focal, need=need, offer=best, message="Hello")
    with pytest.raises(InvalidState):
        services.need_close(actor=focal, need=need)
    # Reopened, the need follows its done introductions again (none yet: open).
    response = client.post(
        f"/api/capacity/needs/{need.pk}/status", {"status": "open"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "open"
    client.force_login(stranger)
    assert client.post(f"/en/capacity/needs/{need.pk}/close/").status_code == 404
    refused = client.post(
        f"/api/capacity/offers/{best.pk}/status",
        {"status": "closed"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(contributor)
    page = client.get("/en/capacity/offers/").content.decode()
    assert f"/capacity/offers/{best.pk}/status/" in page
    client.post(f"/en/capacity/offers/{best.pk}/status/", {"status": "closed"})
    best.refresh_from_db()
    assert best.status == "closed"
    assert LogEntry.objects.filter(additional_data__action="capacity.offer.status").count() == 3


def test_the_need_form_offers_languages_and_countries_by_name(client: Client, market):
    """Languages and the country are picked from lists of names, never typed as codes."""
    client.force_login(market["focal"])
    with translation.override("fr"):
        page = client.get("/fr/capacity/needs/").content.decode()
    assert '<select name="languages"' in page and '<option value="ar">arabe</option>' in page
    assert '<select name="country"' in page and ">Kenya</option>" in page
    assert "BCP 47" not in page and "ISO alpha-3" not in page
    typed = client.post(
        "/en/capacity/needs/",
        {"title": "Typed", "topics": ["policy"], "languages": "xx-bad", "people": "3"},
    )
    assert typed.status_code == 400 and not Need.objects.filter(title="Typed").exists()
