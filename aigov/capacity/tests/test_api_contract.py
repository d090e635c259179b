"""The capacity API keeps its contract: schema names of its own, lists as {count, items}, no
500 for a course without content, PATCH bodies that are objects and no null where a field needs
a value."""

import json

import pydantic
import pytest
from django.test import Client

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services
from aigov.capacity.models import Collection, Offering, ReadinessAssessment
from aigov.capacity.tests.factories import make_node, make_offering
from aigov.core.api import api

pytestmark = pytest.mark.django_db


def _schemas_by_name() -> dict[str, set[str]]:
    """Every API schema class of aigov by name, with the modules defining one of that name."""
    api.get_openapi_schema()  # imports every module's router and schemas

    def subclasses(cls: type) -> list[type]:
        return [c for s in cls.__subclasses__() for c in (s, *subclasses(s))]

    found: dict[str, set[str]] = {}
    for schema in subclasses(pydantic.BaseModel):
        if schema.__module__.startswith("aigov."):
            found.setdefault(schema.__name__, set()).add(schema.__module__.split(".")[1])
    return found


def test_capacity_schema_names_are_its_own():
    shared = {
        name: sorted(modules)
        for name, modules in _schemas_by_name().items()
        if "capacity" in modules and len(modules) > 1 and name != "Output"  # ninja's pages
    }
    assert shared == {}
    names = api.get_openapi_schema()["components"]["schemas"]
    assert {"CapacityItemOut", "CourseContentOut", "ReadinessAssessmentOut"} <= set(names)


def test_every_capacity_list_answers_count_and_items():
    document = api.get_openapi_schema()
    bare = []
    for path, operations in document["paths"].items():
        if not path.startswith("/api/capacity/") or "get" not in operations:
            continue
        responses = operations["get"]["responses"]
        content = (responses.get(200) or responses["200"]).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        if schema.get("type") == "array":
            bare.append(path)
    assert bare == []


@pytest.fixture
def operator():
    return UserFactory(role="node_operator")


@pytest.fixture
def editor_client(client: Client, operator) -> Client:
    client.force_login(operator)
    return client


def test_the_content_of_a_course_without_modules_is_empty_not_a_500(editor_client, operator):
    make_offering(
        slug="empty-course", node=make_node(operators=[operator]), kind="self_paced_course"
    )
    response = editor_client.get("/api/capacity/offerings/empty-course/content")
    assert response.status_code == 200 and response.json() == {"modules": []}


NOT_OBJECTS = ["false", "[null, null]", "null", '"titles"', "3"]


def test_a_patch_body_that_is_not_an_object_is_refused(editor_client, operator):
    offering = make_offering(slug="patched", node=make_node(operators=[operator]), seats=9)
    focal = UserFactory(role="focal_point", role__country="KEN")
    assessment = services.assessment_create(actor=focal, country="KEN", label="Before")
    collection = services.collection_create(actor=operator, titles={"en": "Before"})
    routes = [
        (editor_client, "/api/capacity/offerings/patched"),
        (editor_client, f"/api/capacity/collections/{collection.pk}"),
    ]
    focal_client = Client()
    focal_client.force_login(focal)
    routes.append((focal_client, f"/api/capacity/readiness/assessments/{assessment.pk}"))
    for who, path in routes:
        for body in NOT_OBJECTS:
            response = who.patch(path, body, content_type="application/json")
            assert response.status_code == 422, (path, body, response.content)
            assert response.json()["errors"][0]["code"] == "not_an_object"
    assert Offering.objects.get(pk=offering.pk).seats == 9
    assert ReadinessAssessment.objects.get(pk=assessment.pk).label == "Before"
    assert Collection.objects.get(pk=collection.pk).titles == {"en": "Before"}


@pytest.mark.parametrize(
    "field",
    [
        "titles",
        "kind",
        "level",
        "provider",
        "languages",
        "topics",
        "audiences",
        "cost",
        "fee_currency",
        "fee_waivers",
        "has_certificate",
        "time_zone",
        "url",
        "is_published",
    ],
)
def test_a_required_offering_field_set_to_null_is_named(editor_client, operator, field):
    make_offering(slug="nulled", node=make_node(operators=[operator]), titles={"en": "Kept"})
    response = editor_client.patch(
        "/api/capacity/offerings/nulled", {field: None}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Offering.objects.get(slug="nulled").titles == {"en": "Kept"}


def test_null_clears_what_may_be_cleared(editor_client, operator):
    make_offering(slug="cleared", node=make_node(operators=[operator]), seats=9)
    response = editor_client.patch(
        "/api/capacity/offerings/cleared",
        {"seats": None, "fee_amount": None, "starts_at": None},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["seats"] is None


def test_null_where_a_collection_or_an_assessment_needs_a_value_is_named(editor_client, operator):
    collection = services.collection_create(actor=operator, titles={"en": "Kept"})
    for field in ("titles", "descriptions", "visibility"):
        response = editor_client.patch(
            f"/api/capacity/collections/{collection.pk}",
            json.dumps({field: None}),
            content_type="application/json",
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    focal = UserFactory(role="focal_point", role__country="KEN")
    assessment = services.assessment_create(actor=focal, country="KEN", label="Kept")
    focal_client = Client()
    focal_client.force_login(focal)
    for field in ("label", "languages", "answers"):
        response = focal_client.patch(
            f"/api/capacity/readiness/assessments/{assessment.pk}",
            {field: None},
            content_type="application/json",
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert ReadinessAssessment.objects.get(pk=assessment.pk).label == "Kept"
    assert Collection.objects.get(pk=collection.pk).titles == {"en": "Kept"}
