"""The dialogue API as a contract: the served OpenAPI document holds each response once and is
valid OpenAPI (issue 18, part 1); dialogue's schemas have names of their own; lists answer
`{count, items}`; a body that is not an object, or null where a value is needed, is a 422
naming the field and changes nothing (issue 17, parts 6 and 7)."""

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from openapi_spec_validator import validate

from aigov.core.errors import InvalidInput
from aigov.dialogue import services
from aigov.dialogue.models import IncidentReport, Session
from aigov.dialogue.tests.factories import file_report, make_session, make_statement

pytestmark = pytest.mark.django_db


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"keys given twice in the served document: {duplicated}"
    return dict(pairs)


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content, object_pairs_hook=_refuse_duplicate_keys)


def _operation(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    for item in document["paths"].values():
        for operation in item.values():
            if operation.get("operationId") == operation_id:
                return operation
    raise AssertionError(f"no operation {operation_id}")


def test_the_served_document_holds_each_response_once_and_is_valid_openapi(document):
    validate(document)
    # The three file downloads declared their 200 a second time ("200" beside ninja's 200).
    for operation_id, media_type in [
        ("dialogue_incidents_export", "text/csv"),
        ("dialogue_session_calendar", "text/calendar"),
        ("dialogue_document", "application/octet-stream"),
    ]:
        ok = _operation(document, operation_id)["responses"]["200"]
        assert media_type in ok["content"] and ok["description"] != "OK"


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def _body_schema(document: dict[str, Any], operation_id: str) -> str:
    body = _operation(document, operation_id)["requestBody"]["content"]["application/json"]
    return str(body["schema"]["$ref"]).rsplit("/", 1)[-1]


def test_dialogue_schemas_are_named_as_its_own_and_patch_nulls_are_documented(document):
    # Dialogue's review body was published as "ReviewIn", a name standards and landscape use.
    assert _body_schema(document, "dialogue_practice_review") == "DialogueReviewIn"
    assert set(_schema(document, "DialogueReviewIn")["properties"]) == {"decision", "note"}
    # What a PATCH refuses as null, the document does not offer as null.
    edit = _schema(document, _body_schema(document, "dialogue_incident_edit"))["properties"]
    for field in ("title", "countries", "risk_areas", "confidentiality"):
        assert "null" not in json.dumps(edit[field]), field
        assert "default" not in edit[field], field
    assert "null" in json.dumps(edit["description"])
    session = _schema(document, _body_schema(document, "dialogue_session_edit"))["properties"]
    for field in ("titles", "starts_on", "ends_on", "place", "focus"):
        assert "null" not in json.dumps(session[field]), field
    assert "null" in json.dumps(session["country"])


@pytest.fixture
def session_with_everything(people) -> Session:
    session = make_session()
    secretariat = people["secretariat"]
    services.segment_add(
        actor=secretariat, session=session, kind="member_states", titles={"en": "States"}
    )
    services.agenda_item_add(actor=secretariat, session=session, titles={"en": "Opening"})
    make_statement(actor=people["kenya"], session=session)
    services.registration_create(actor=people["kenya"], session=session, role="member_state")
    return session


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        ("segments", "title", "States"),
        ("agenda", "title", "Opening"),
        ("statements", "title", "Kenya speaks"),
        ("registrations", "role", "member_state"),
    ],
)
def test_session_lists_answer_count_and_items(
    client: Client, people, bearer, session_with_everything, path, key, value
):
    url = f"/api/dialogue/sessions/{session_with_everything.slug}/{path}"
    body = client.get(url, **bearer(people["secretariat"])).json()
    assert body["count"] == 1 and [item[key] for item in body["items"]] == [value]
    assert client.get(url, {"limit": 1, "offset": 1}, **bearer(people["secretariat"])).json() == {
        "count": 1,
        "items": [],
    }


def _patch(client: Client, url: str, body: str, headers: dict[str, str]) -> Any:
    return client.patch(url, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"countries": null}', "countries"),
        ('{"risk_areas": null}', "risk_areas"),
        ('{"confidentiality": null}', "confidentiality"),
        ('{"title": null}', "title"),
        ('{"countries": [null, null]}', "countries.0"),
        ("false", None),
        ("[null, null]", None),
        ("null", None),
        ('"Renamed"', None),
    ],
)
def test_incident_patch_refuses_nulls_and_bodies_that_are_not_objects(
    client: Client, people, bearer, body, field
):
    report = file_report(actor=people["kenya"])
    edits = LogEntry.objects.filter(additional_data__action="dialogue.incidentreport.edit")
    response = _patch(client, f"/api/dialogue/incidents/{report.pk}", body, bearer(people["kenya"]))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    fresh = IncidentReport.objects.get(pk=report.pk)
    assert (fresh.title, fresh.confidentiality) == (report.title, report.confidentiality)
    assert [c.iso3 for c in fresh.countries.all()] == ["KEN"]
    assert not edits.exists()


def test_incident_patch_still_empties_what_may_be_empty(client: Client, people, bearer):
    report = file_report(actor=people["kenya"], ai_system="Screening model")
    response = _patch(
        client,
        f"/api/dialogue/incidents/{report.pk}",
        '{"description": null, "ai_system": null, "occurred_on": null, "countries": []}',
        bearer(people["kenya"]),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["description"], body["ai_system"], body["occurred_on"]) == ("", "", None)
    assert body["countries"] == [] and body["title"] == report.title


def test_the_edit_service_names_a_null_list_instead_of_failing(people):
    report = file_report(actor=people["kenya"])
    with pytest.raises(InvalidInput) as refused:
        services.incident_report_edit(
            actor=people["kenya"], report=report, changes={"countries": None, "risk_areas": None}
        )
    assert [(e["field"], e["code"]) for e in refused.value.errors] == [
        ("countries", "null"),
        ("risk_areas", "null"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"starts_on": null}', "starts_on"),
        ('{"titles": null}', "titles"),
        ('{"place": null}', "place"),
        ("false", None),
        ("[null, null]", None),
    ],
)
def test_session_patch_refuses_nulls_and_bodies_that_are_not_objects(
    client: Client, people, bearer, body, field
):
    session = make_session()
    response = _patch(
        client, f"/api/dialogue/sessions/{session.slug}", body, bearer(people["secretariat"])
    )
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.starts_on, fresh.titles, fresh.place) == (
        session.starts_on,
        session.titles,
        session.place,
    )


def test_a_post_body_that_is_not_an_object_publishes_nothing(client: Client, people, bearer):
    """`false` once passed as "publish with nothing redacted"."""
    report = file_report(actor=people["kenya"], confidentiality="secretariat")
    response = client.post(
        f"/api/dialogue/incidents/{report.pk}/publish",
        "false",
        content_type="application/json",
        **bearer(people["secretariat"]),
    )
    assert response.status_code == 422
    assert not IncidentReport.objects.filter(published_from=report).exists()
