"""The OpenAPI document as clients read it: strict JSON, valid OpenAPI, one schema per name,
and every list answered as `{count, items}`."""

import json
from collections import defaultdict

import pydantic
import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _value in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"duplicate keys in the served document: {duplicated}"
    return dict(pairs)


@pytest.fixture
def document(client) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content, object_pairs_hook=_refuse_duplicates)


def test_the_served_document_is_strict_json_and_valid_openapi(document: dict) -> None:
    validate(document)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = list(operation.get("responses", {}))
            assert all(isinstance(s, str) for s in statuses), (path, method, statuses)


def _all_models(base: type) -> set[type]:
    found: set[type] = set()
    for child in base.__subclasses__():
        found.add(child)
        found |= _all_models(child)
    return found


def test_schema_names_are_unique_across_the_api(document: dict) -> None:
    """Two different schemas under one name make the document describe one of them for both
    (standards' review POSTs were documented with dialogue's fields)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in _all_models(pydantic.BaseModel):
        if model.__module__.startswith("aigov.") and "<" not in model.__qualname__:
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    published = set(document["components"]["schemas"])
    collisions = {
        name: sorted(places)
        for name, places in by_name.items()
        if name in published and len(places) > 1
    }
    assert not collisions, collisions


def test_every_list_endpoint_answers_count_and_items(document: dict) -> None:
    """A GET whose 200 response is an array is a bare list: clients cannot page or count it."""
    bare = []
    for path, item in document["paths"].items():
        get = item.get("get")
        if not get:
            continue
        content = get.get("responses", {}).get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if schema.get("type") == "array":
            bare.append(path)
    assert not bare, bare
