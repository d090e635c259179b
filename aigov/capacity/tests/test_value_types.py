"""Shared value types in capacity: translated texts and plain texts are refused, never cut
short, when too long (services, pages, API and import alike); fees are in ISO 4217 currencies;
rankings weigh their signals with named weights that an operator may change."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import matching, readiness, selectors, services
from aigov.capacity.models import (
    COLLECTION_TITLE_LENGTH,
    TITLE_LENGTH,
    Collection,
    CollectionItem,
    Need,
    Node,
    Offer,
    Offering,
    ReadinessAssessment,
)
from aigov.capacity.tests.factories import editor, make_node, make_offering, make_provider
from aigov.core.errors import InvalidInput
from aigov.core.exchange import dataset_import

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _fields(invalid: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code or "" for e in errors] for field, errors in invalid.error_dict.items()}


# Too long is refused, naming the field ---------------------------------------------------------


def test_a_collection_title_too_long_is_refused_by_the_service_not_cut():
    owner = UserFactory(role="learner")
    long_title = "x" * (COLLECTION_TITLE_LENGTH + 1)
    with pytest.raises(ValidationError) as refused:
        services.collection_create(actor=owner, titles={"en": long_title})
    assert _fields(refused.value) == {"titles": ["too_long"]}
    assert "201 characters" in str(refused.value)
    collection = services.collection_create(actor=owner, titles={"en": "Short", "fr": "  "})
    with pytest.raises(ValidationError):
        services.collection_update(actor=owner, collection=collection, titles={"fr": long_title})
    collection.refresh_from_db()
    assert collection.titles == {"en": "Short"}  # empty languages are left out
    assert Collection.objects.count() == 1


def test_a_collection_title_too_long_is_refused_on_the_page_and_in_the_api(client: Client):
    client.force_login(UserFactory(role="learner"))
    long_title = "y" * (COLLECTION_TITLE_LENGTH + 1)
    page = client.post("/en/capacity/library/", {"title_en": long_title, "visibility": "private"})
    assert page.status_code == 400
    errors_at = page.content.decode().index('id="id_title_en_error"')
    assert "at most 200 characters" in page.content.decode()[errors_at : errors_at + 400]
    api = client.post(
        "/api/capacity/collections", {"titles": {"en": long_title}}, content_type="application/json"
    )
    assert api.status_code == 422
    assert [(e["field"], e["code"]) for e in api.json()["errors"]] == [("titles", "too_long")]
    assert not Collection.objects.exists()


def test_offering_texts_too_long_are_refused_through_the_api(client: Client):
    operator = UserFactory(role="node_operator")
    make_offering(slug="api-texts", node=make_node(operators=[operator]), titles={"en": "Short"})
    client.force_login(operator)
    for field, length in (("titles", TITLE_LENGTH + 1), ("prerequisites", 2001)):
        response = client.patch(
            "/api/capacity/offerings/api-texts",
            {field: {"fr": "z" * length}},
            content_type="application/json",
        )
        assert response.status_code == 422, response.content
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, "too_long")]
    unknown = client.patch(
        "/api/capacity/offerings/api-texts",
        {"titles": {"tlh": "Klingon"}},
        content_type="application/json",
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "unknown_language"
    assert Offering.objects.get(slug="api-texts").titles == {"en": "Short"}


def test_an_offering_title_too_long_is_refused_by_the_import():
    # The import's title column is checked with the field's own length (a description longer
    # than its field is longer than a cell may be, which the file reader refuses first).
    provider = make_provider()
    header = "slug,title_en,kind,provider,languages,level\n"
    content = (header + f"long-one,{'v' * 301},webinar,{provider.slug},fr,introductory\n").encode()
    report = dataset_import(
        actor=system_actor(), slug="capacity-offerings", content=content, file_format="csv"
    )
    # The header is row 1.
    assert [(e.row, e.field, e.code) for e in report.errors] == [(2, "title_en", "max_length")]
    assert not Offering.objects.exists()


def test_course_content_too_long_is_refused_when_uploaded_through_the_api(client: Client):
    operator = UserFactory(role="node_operator")
    make_offering(slug="put-course", node=make_node(operators=[operator]), kind="self_paced_course")
    client.force_login(operator)
    lesson = {"kind": "text", "titles": {"en": "Reading"}, "bodies": {"fr": "b" * 50_001}}
    response = client.put(
        "/api/capacity/offerings/put-course/content",
        {"modules": [{"titles": {"en": "One"}, "lessons": [lesson]}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("modules.1.lessons.1.bodies", "too_long")
    ]
    assert not Offering.objects.get(slug="put-course").modules.exists()


def test_plain_texts_too_long_are_refused_not_cut():
    focal = UserFactory(role="focal_point", role__country="KEN")
    with pytest.raises(ValidationError) as refused:
        services.assessment_create(actor=focal, country="KEN", label="l" * 121)
    assert _fields(refused.value) == {"label": ["too_long"]}
    draft = services.assessment_create(actor=focal, country="KEN", label="  2026 baseline  ")
    assert draft.label == "2026 baseline"
    with pytest.raises(ValidationError):
        services.assessment_update(actor=focal, assessment=draft, label="l" * 121)
    assert ReadinessAssessment.objects.get().label == "2026 baseline"

    facets = {"topics": ["policy"], "languages": ["fr"]}
    with pytest.raises(ValidationError) as refused:
        services.need_create(actor=focal, title="t" * 301, people=5, **facets)
    assert _fields(refused.value) == {"title": ["too_long"]}
    with pytest.raises(ValidationError) as refused:
        services.offer_create(actor=focal, title="t" * 301, seats=5, **facets)
    assert _fields(refused.value) == {"title": ["too_long"]}
    assert not Need.objects.exists() and not Offer.objects.exists()

    collection = services.collection_create(actor=focal, titles={"en": "Mine"})
    offering = make_offering()
    with pytest.raises(ValidationError) as refused:
        services.collection_item_add(
            actor=focal, collection=collection, offering=offering, note="n" * 2001
        )
    assert _fields(refused.value) == {"note": ["too_long"]}
    assert not CollectionItem.objects.exists()


def test_course_content_texts_too_long_are_named_by_their_place():
    course = make_offering(kind="self_paced_course")
    modules = [
        {
            "titles": {"en": "m" * (TITLE_LENGTH + 1)},
            "lessons": [
                {
                    "kind": "quiz",
                    "titles": {"en": "Quiz"},
                    "questions": [
                        {
                            "prompts": {"en": "?"},
                            "options": [{"en": "a"}, {"en": "b" * 1001}],
                            "correct_option": 0,
                        }
                    ],
                }
            ],
        }
    ]
    with pytest.raises(InvalidInput) as refused:
        services.course_content_set(actor=editor(), offering=course, modules=modules)
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [
        ("modules.1.titles", "too_long"),
        ("modules.1.lessons.1.questions.1.options.2", "too_long"),
    ]
    assert not course.modules.exists()


# Currencies --------------------------------------------------------------------------------


def test_a_fee_is_in_an_iso_4217_currency(client: Client):
    with pytest.raises(ValidationError) as refused:
        make_offering(cost="fee", fee_amount=10, fee_currency="XYZ")
    assert _fields(refused.value) == {"fee_currency": ["unknown_currency"]}
    with pytest.raises(ValidationError) as refused:
        make_offering(cost="fee", fee_amount=10)
    assert _fields(refused.value) == {"fee_currency": ["required"]}
    assert make_offering(cost="fee", fee_amount=10, fee_currency="KES").fee_currency == "KES"

    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    make_offering(slug="priced", node=node, cost="fee", fee_amount=10, fee_currency="USD")
    client.force_login(operator)
    response = client.patch(
        "/api/capacity/offerings/priced", {"fee_currency": "ZZZ"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("fee_currency", "unknown_currency")
    ]
    # The edit page offers the currencies as a pick-list, not a free text.
    page = client.get("/en/capacity/offerings/priced/edit/").content.decode()
    assert '<select name="fee_currency"' in page and '<option value="XOF">' in page


def test_the_import_refuses_an_unknown_currency():
    provider = make_provider()
    content = (
        "slug,title_en,kind,provider,languages,level,cost,fee_amount,fee_currency\n"
        f"priced,Priced,webinar,{provider.slug},fr,introductory,fee,5,abc\n"
    ).encode()
    report = dataset_import(
        actor=system_actor(), slug="capacity-offerings", content=content, file_format="csv"
    )
    assert [(e.row, e.field, e.code) for e in report.errors] == [
        (2, "fee_currency", "unknown_currency")
    ]


# Named weights -------------------------------------------------------------------------------


def _pair() -> tuple[matching.NeedRow, matching.OfferRow]:
    need = matching.NeedRow(
        id=1,
        topics=["policy", "governance", "ethics"],
        languages=["fr"],
        audiences=["policymakers"],
        region="African",
        people=30,
        due_by=datetime.date(2027, 1, 1),
    )
    offer = matching.OfferRow(
        id=2,
        topics=["policy"],
        languages=["fr"],
        audiences=["policymakers"],
        regions=["African"],
        seats=10,
        available_from=datetime.date(2026, 12, 1),
        available_until=None,
    )
    return need, offer


def test_matchmaking_weights_are_named_settings(settings):
    need, offer = _pair()
    # 40 x 1/3 topics + 20 language + 15 region + 10 audience + 10 x 10/30 seats + 5 dates
    assert matching.pair_score(need, offer) == 13 + 20 + 15 + 10 + 3 + 5
    settings.AIGOV_SCORING_WEIGHTS = {
        "capacity.matchmaking": {"topic": 90, "region": 0, "dates": 2.4, "capacity": 30}
    }
    assert matching.pair_score(need, offer) == 30 + 20 + 0 + 10 + 10 + 2
    ranked = matching.Matcher([offer], today=TODAY).rank(need)
    assert [(m.offer_id, m.score) for m in ranked] == [(2, 72)]


def test_roadmap_weights_are_named_settings(settings):
    weak_infrastructure = {
        q.code: 0 if q.code.startswith("technological.") else 4
        for q in readiness.INSTRUMENT.questions()
    }
    assessment = ReadinessAssessment.objects.create(
        country_id="KEN",
        instrument=readiness.INSTRUMENT.version,
        answers=weak_infrastructure,
        created_by=editor(),
    )
    for slug, kind, region, offers in (
        ("near", Node.Kind.NATIONAL_CENTRE, "African", ["compute"]),
        ("hub", Node.Kind.REGIONAL_HUB, "WEOG", ["compute", "data", "sandbox"]),
    ):
        services.node_create(
            actor=editor(),
            slug=slug,
            names={"en": slug},
            kind=kind,
            region=region,
            services=offers,
        )

    def nodes() -> list[str]:
        plan = selectors.roadmap(actor=editor(), assessment=assessment, now=timezone.now())
        return [node.slug for node, _services in plan.nodes]

    # By default a node in the region (10) with one service (1) leads a hub with three (3).
    assert nodes() == ["near", "hub"]
    settings.AIGOV_SCORING_WEIGHTS = {"capacity.readiness": {"node_in_region": 1}}
    assert nodes() == ["hub", "near"]


def test_recommendation_weights_are_named_settings(settings):
    node = make_node(region="WEOG")
    make_offering(slug="paid-in-region", node=node, cost="fee", fee_amount=5, fee_currency="USD")
    make_offering(slug="free-elsewhere", languages=["en"])
    ranked = selectors.offering_recommendations(
        actor=UserFactory(), language="en", region="WEOG", audience=None
    )
    # By default language 4 + region 2 (6) comes before language 4 + free 1 (5).
    assert [o.slug for o in ranked] == ["paid-in-region", "free-elsewhere"]
    settings.AIGOV_SCORING_WEIGHTS = {"capacity.recommendations": {"free": 3}}
    ranked = selectors.offering_recommendations(
        actor=UserFactory(), language="en", region="WEOG", audience=None
    )
    assert [o.slug for o in ranked] == ["free-elsewhere", "paid-in-region"]


def test_a_weight_nobody_declares_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.AIGOV_SCORING_WEIGHTS = {"capacity.matchmaking": {"topics": 1}}
    with pytest.raises(ImproperlyConfigured, match="topics"):
        matching.pair_score(*_pair())


def test_the_course_upload_page_names_an_over_long_text_by_its_place(client: Client):
    operator = UserFactory(role="node_operator")
    node = make_node(operators=[operator])
    course = make_offering(slug="upload-course", node=node, kind="self_paced_course")
    client.force_login(operator)
    upload = json.dumps({"modules": [{"titles": {"en": "m" * 301}, "lessons": []}]}).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/en/capacity/offerings/upload-course/content/upload/",
        {"content": SimpleUploadedFile("course.json", upload, content_type="application/json")},
    )
    assert response.status_code == 400
    assert "modules.1.titles" in response.content.decode()
    assert not course.modules.exists()
