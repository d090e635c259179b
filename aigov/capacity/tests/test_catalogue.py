"""The catalogue: filters (API and page), visibility, node operators' rights, recommendations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from aigov.accounts.access import has
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import selectors, services
from aigov.capacity.models import Offering
from aigov.capacity.tests.factories import make_node, make_offering, make_provider
from aigov.core.errors import InvalidInput, NotAllowed, NotFound

pytestmark = pytest.mark.django_db

SOON = datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.UTC)
LATER = datetime.datetime(2030, 9, 1, 9, tzinfo=datetime.UTC)


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json()["items"])


@pytest.fixture
def catalogue():
    provider = make_provider()
    return {
        "fr-free": make_offering(
            slug="fr-free",
            kind="self_paced_course",
            languages=["fr"],
            audiences=["public_officials"],
            topics=["governance"],
            provider=provider,
        ),
        "ar-fee": make_offering(
            slug="ar-fee",
            languages=["ar", "en"],
            audiences=["researchers", "students"],
            topics=["machine-learning"],
            cost="fee",
            fee_amount=Decimal("200.00"),
            fee_currency="USD",
            fee_waivers={"L": 100, "LM": 50},
            starts_at=SOON,
        ),
        "zh-later": make_offering(
            slug="zh-later",
            languages=["zh-Hans"],
            audiences=["leaders"],
            topics=["ethics"],
            starts_at=LATER,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["ar-fee", "fr-free", "zh-later"]),
        ({"kind": "self_paced_course"}, ["fr-free"]),
        ({"language": "fr"}, ["fr-free"]),
        ({"language": "fr-CA"}, ["fr-free"]),  # not in the taxonomy: its primary language
        ({"language": "zh"}, ["zh-later"]),  # zh matches zh-Hans
        ({"language": "EN"}, ["ar-fee"]),
        ({"audience": "students"}, ["ar-fee"]),
        ({"topic": "ethics"}, ["zh-later"]),
        ({"cost": "free"}, ["fr-free", "zh-later"]),
        ({"cost": "fee"}, ["ar-fee"]),
        ({"starts_after": "2030-06-01"}, ["zh-later"]),
        ({"starts_after": "2030-06-01T00:00:00Z", "cost": "free"}, ["zh-later"]),
        ({"language": "fr", "audience": "public_officials", "cost": "free"}, ["fr-free"]),
        ({"language": "fr", "audience": "students"}, []),
        ({"language": "xx-Nonsense"}, []),  # well-formed, but no such language here
    ],
)
def test_api_filters(client: Client, catalogue, query, expected):
    assert _slugs(client.get("/api/capacity/offerings", query)) == expected


def test_api_filter_by_provider_and_count(client: Client, catalogue):
    provider = catalogue["fr-free"].provider.slug
    body = client.get("/api/capacity/offerings", {"provider": provider}).json()
    assert body["count"] == 1 and body["items"][0]["slug"] == "fr-free"
    item = body["items"][0]
    assert item["languages"] == ["fr"] and item["audiences"] == ["public_officials"]
    assert item["cost"] == "free" and item["is_demo"] is False


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "lecture"},
        {"cost": "cheap"},
        {"audience": "aliens"},
        {"language": "not a tag!"},
        {"starts_after": "soon"},
        {"starts_after": "0.5"},
    ],
)
def test_api_rejects_bad_filters_with_a_problem(client: Client, catalogue, query):
    response = client.get("/api/capacity/offerings", query)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == next(iter(query))


def test_fee_waivers_by_income_group(catalogue):
    offering = catalogue["ar-fee"]
    assert offering.fee_for("L") == Decimal("0.00")
    assert offering.fee_for("LM") == Decimal("100.00")
    assert offering.fee_for("H") == Decimal("200.00")
    assert catalogue["fr-free"].fee_for("H") == Decimal(0)


def test_bad_offering_input_names_the_field_and_writes_nothing():
    before = Offering.objects.count()
    with pytest.raises(InvalidInput) as unknown:
        make_offering(languages=["xx"])
    assert unknown.value.errors[0]["field"] == "languages"
    with pytest.raises(ValidationError) as bad_zone:
        make_offering(time_zone="Mars/Olympus")
    assert "time_zone" in bad_zone.value.message_dict
    with pytest.raises(ValidationError) as no_amount:
        make_offering(cost="fee")
    assert "fee_amount" in no_amount.value.message_dict
    with pytest.raises(ValidationError):
        make_offering(fee_waivers={"XL": 50})
    assert Offering.objects.count() == before


def test_a_node_operator_edits_only_its_own_nodes_offerings():
    operator = UserFactory(role="node_operator")
    other_operator = UserFactory(role="node_operator")
    own_node, other_node = make_node(operators=[operator]), make_node(operators=[other_operator])
    own = make_offering(node=own_node)
    theirs = make_offering(node=other_node)

    services.offering_update(actor=operator, offering=own, titles={"en": "Renamed"})
    own.refresh_from_db()
    assert own.titles == {"en": "Renamed"}
    with pytest.raises(NotAllowed):
        services.offering_update(actor=operator, offering=theirs, titles={"en": "Hijacked"})
    theirs.refresh_from_db()
    assert theirs.titles != {"en": "Hijacked"}
    with pytest.raises(NotAllowed):
        services.offering_create(
            actor=operator,
            slug="sneaky",
            provider=make_provider(),
            node=other_node,
            languages=["en"],
            topics=[],
            audiences=[],
            titles={"en": "x"},
            kind="webinar",
            level="introductory",
        )
    created = services.offering_create(
        actor=operator,
        slug="mine",
        provider=make_provider(node=own_node),
        node=own_node,
        languages=["en"],
        topics=[],
        audiences=[],
        titles={"en": "x"},
        kind="webinar",
        level="introductory",
    )
    assert created.node == own_node
    # A learner, or an operator role without the node, edits nothing.
    learner = UserFactory(role="learner")
    assert not has(learner, "capacity.change_offering", own)
    assert has(UserFactory(role="secretariat"), "capacity.change_offering", theirs)
    editable = selectors.scope_offerings_editable(actor=operator)
    assert set(editable.values_list("slug", flat=True)) == {own.slug, "mine"}


def test_an_unpublished_offering_is_absent_for_others(client: Client):
    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    hidden = make_offering(node=node, is_published=False, slug="draft-course")
    make_offering(slug="public-course")

    assert _slugs(client.get("/api/capacity/offerings")) == ["public-course"]
    assert client.get("/api/capacity/offerings/draft-course").status_code == 404
    assert client.get("/en/capacity/offerings/draft-course/").status_code == 404
    assert "draft-course" not in client.get("/en/capacity/").content.decode()
    with pytest.raises(NotFound):
        selectors.offering_get(actor=UserFactory(role="node_operator"), slug=hidden.slug)

    client.force_login(operator)
    assert _slugs(client.get("/api/capacity/offerings")) == ["draft-course", "public-course"]
    assert client.get("/en/capacity/offerings/draft-course/").status_code == 200


def test_recommendations_rank_language_then_role_then_region():
    african = make_node(region="African")
    make_offering(
        slug="fr-officials-africa", languages=["fr"], audiences=["public_officials"], node=african
    )
    make_offering(slug="fr-officials", languages=["fr"], audiences=["public_officials"])
    make_offering(slug="fr-students", languages=["fr"], audiences=["students"])
    make_offering(slug="en-officials", languages=["en"], audiences=["public_officials"])
    make_offering(slug="ru-students", languages=["ru"], audiences=["students"])
    ranked = selectors.offering_recommendations(
        actor=UserFactory(role="learner"),
        language="fr",
        region="African",
        audience="public_officials",
    )
    assert [o.slug for o in ranked] == [
        "fr-officials-africa",
        "fr-officials",
        "fr-students",
        "en-officials",
    ]


def test_catalogue_page_filters_and_recommends(
    client: Client, catalogue, django_assert_max_num_queries
):
    query = {"language": "fr", "audience": "public_officials", "cost": "free"}
    # The first view ranks the recommendations and keeps them in the cache (five writes to
    # the database cache); the next ones read them back.
    with django_assert_max_num_queries(20):
        client.get("/fr/capacity/", query)
    with django_assert_max_num_queries(14):
        response = client.get("/fr/capacity/", query)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/fr/capacity/offerings/fr-free/"' in page
    assert "ar-fee" not in page and "zh-later" not in page
    assert 'id="recommended-heading"' in page
    bad = client.get("/en/capacity/", {"language": "not a tag!"})
    assert bad.status_code == 400 and "is not a BCP 47 language tag" in bad.content.decode()


def test_catalogue_page_answers_htmx_with_the_results_only(client: Client, catalogue):
    response = client.get("/en/capacity/", {"cost": "fee"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "ar-fee" in page and "fr-free" not in page


def test_an_unpublished_offering_is_absent_from_search_and_export(
    client: Client, django_capture_on_commit_callbacks
):
    from aigov.core.exchange import dataset_get

    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    with django_capture_on_commit_callbacks(execute=True):
        make_offering(
            node=node,
            is_published=False,
            slug="hidden-draft",
            titles={"en": "Zanzibar drafting clinic"},
        )
        make_offering(slug="open-clinic", titles={"en": "Zanzibar open clinic"})

    def found(actor_client):
        items = actor_client.get("/api/search", {"q": "Zanzibar"}).json()["items"]
        return sorted(item["url"].rstrip("/").rsplit("/", 1)[-1] for item in items)

    assert found(client) == ["open-clinic"]
    client.force_login(operator)
    assert found(client) == ["hidden-draft", "open-clinic"]

    exporter = dataset_get("capacity-offerings").exporter
    assert exporter is not None
    public_rows = [exporter.row(o)["slug"] for o in exporter.records(actor=UserFactory())]
    assert "hidden-draft" not in public_rows and "open-clinic" in public_rows
    operator_rows = [exporter.row(o)["slug"] for o in exporter.records(actor=operator)]
    assert "hidden-draft" in operator_rows


def test_a_broad_query_is_counted_up_to_the_cap(client: Client, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors.offerings, "COUNT_CAP", 3)
    for number in range(5):
        make_offering(slug=f"capped-{number}")
    body = client.get("/api/capacity/offerings").json()
    assert (body["count"], body["count_is_exact"], len(body["items"])) == (3, False, 5)
    page = client.get("/en/capacity/").content.decode()
    assert "3+ offerings" in page
    narrow = client.get("/api/capacity/offerings", {"provider": "none-such"}).json()
    assert (narrow["count"], narrow["count_is_exact"]) == (0, True)


def test_government_tracks_can_be_filtered(client):
    make_offering(slug="track", is_government_track=True, titles={"en": "Track course"})
    make_offering(slug="open-course", titles={"en": "Open course"})
    api = client.get("/api/capacity/offerings", {"government_track": "true"}).json()
    assert [item["slug"] for item in api["items"]] == ["track"]
    everything = client.get("/api/capacity/offerings").json()
    assert {item["slug"] for item in everything["items"]} >= {"track", "open-course"}
    page = client.get("/en/capacity/", {"government_track": "on"}).content.decode()
    results = page[page.index('id="offering-results"') :]
    assert "Track course" in results and "Open course" not in results


def test_odd_offsets_and_far_moments_are_answered_not_crashed(client):
    make_offering(slug="soon", starts_at=datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC))
    # An offset PostgreSQL refuses (beyond ±15:59) is read as the instant it names.
    odd = client.get("/api/capacity/offerings", {"starts_after": "2030-12-31T00:00-19:19"})
    assert odd.status_code == 200 and [i["slug"] for i in odd.json()["items"]] == ["soon"]
    far = client.get("/api/capacity/offerings", {"starts_after": "9999-12-31T23:00-05:00"})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "starts_after"


def test_a_new_provider_is_in_the_catalogue_filter_at_once(client: Client):
    """The catalogue page is kept for anonymous visitors (the page cache) and its
    recommendations are kept too; a provider created since must still be offered at once."""
    make_offering()
    first = client.get("/en/capacity/")
    assert first.status_code == 200
    assert client.get("/en/capacity/").get("X-Page-Cache") == "hit"
    provider = make_provider()
    name = provider.names["en"]
    assert name not in first.content.decode()
    again = client.get("/en/capacity/")
    assert again.get("X-Page-Cache") != "hit"
    assert f'<option value="{provider.slug}">{name}</option>' in again.content.decode()
