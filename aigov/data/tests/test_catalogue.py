"""The catalogue: validation named by field with nothing written, uploads checked by content,
and what each reader may see of a dataset in pages, API, search, facets, exports and counts."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import InvalidInput, NotAllowed
from aigov.data import selectors, services
from aigov.data.models import Dataset, DatasetFile
from aigov.data.tests.factories import csv_upload, make_dataset, make_trust, trustee
from aigov.data.tests.test_done_when import bearer, post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"license": "CC-BY-4.0-ish"}, "license", "not_spdx"),
        ({"languages": ["sw", "klingon"]}, "languages[1]", "unknown"),
        ({"countries": ["KEN", "ATL"]}, "countries[1]", "unknown"),
        ({"policy": None}, "policy", "required"),
        ({"tasks": ["mind_reading"]}, "tasks[0]", "unknown"),
        ({"rai": {"dataVibes": "x"}}, "rai.dataVibes", "unknown_field"),
        ({"derived_from": [{"iri": "ftp://x"}]}, "derived_from[0]", "bad_link"),
        ({"title": " "}, "title", "required"),
    ],
)
def test_bad_datasets_name_the_field_and_change_nothing(overrides, field, code):
    publisher = trustee()
    entries = LogEntry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        make_dataset(publisher, **overrides)
    assert (field, code) in {(e["field"], e["code"]) for e in refused.value.errors}
    assert not Dataset.objects.exists()
    assert LogEntry.objects.count() == entries


def test_spdx_expressions_are_accepted_in_their_normal_spelling():
    dataset = make_dataset(trustee(), license="mit or apache-2.0")
    assert dataset.license == "MIT OR Apache-2.0"


def test_only_data_trustees_and_the_secretariat_publish_and_members_in_their_trust():
    with pytest.raises(NotAllowed):
        make_dataset(UserFactory())
    with pytest.raises(NotAllowed):
        make_dataset(AnonymousUser())
    owner = trustee()
    trust = make_trust(owner)
    with pytest.raises(NotAllowed):
        make_dataset(trustee(), trust=trust)
    assert make_dataset(owner, trust=trust).trust == trust


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.exe", b"MZ", "unsupported_type"),
        ("notes.csv", b"", "bad_size"),
        ("notes.csv", b"id\x00note", "not_text"),
        ("notes.csv", "id,note\n1,é".encode("latin-1"), "not_utf8"),
        ("table.parquet", b"id,note\n", "content_mismatch"),
    ],
)
def test_uploads_are_checked_by_content_and_nothing_is_stored_on_refusal(name, content, code):
    publisher = trustee()
    dataset = make_dataset(publisher)
    with pytest.raises(InvalidInput) as refused:
        services.dataset_file_upload(
            actor=publisher, dataset=dataset, upload=SimpleUploadedFile(name, content)
        )
    assert refused.value.errors[0]["code"] == code
    assert not DatasetFile.objects.exists()


def test_uploads_over_the_limit_are_refused(settings):
    settings.AIGOV_MAX_UPLOAD_BYTES = 10
    publisher = trustee()
    dataset = make_dataset(publisher)
    with pytest.raises(InvalidInput) as refused:
        services.dataset_file_upload(actor=publisher, dataset=dataset, upload=csv_upload())
    assert refused.value.errors[0]["code"] == "bad_size"


def test_only_deciders_upload(client):
    publisher = trustee()
    dataset = make_dataset(publisher)
    refused = client.post(
        f"/api/data/datasets/{dataset.pk}/files", {"file": csv_upload()}, **bearer(trustee())
    )
    assert refused.status_code == 403
    assert not DatasetFile.objects.exists()


def test_a_restricted_dataset_shows_no_file_sample_or_count_without_an_entitlement(
    client, django_capture_on_commit_callbacks
):
    publisher = trustee()
    with django_capture_on_commit_callbacks(execute=True):
        dataset = make_dataset(publisher, sample="SECRET-SAMPLE-ROW")
    services.dataset_file_upload(actor=publisher, dataset=dataset, upload=csv_upload("rows.csv"))
    reader = UserFactory()
    body = client.get(f"/api/data/datasets/{dataset.pk}", **bearer(reader)).json()
    assert (body["files"], body["sample"], body["title"]) == ([], "", dataset.title)
    export = client.get(f"/api/data/datasets/{dataset.pk}/croissant").json()
    assert "distribution" not in export or export["distribution"] == []
    assert "SECRET-SAMPLE-ROW" not in json.dumps(export)
    page = client.get(f"/en/data/datasets/{dataset.pk}/").content.decode()
    assert "rows.csv" not in page and "SECRET-SAMPLE-ROW" not in page
    found = client.get("/api/search", {"q": "Swahili clinical"}).json()
    assert [item["url"] for item in found["items"]] == [f"/en/data/datasets/{dataset.pk}/"]
    assert client.get("/api/search", {"q": "SECRET-SAMPLE-ROW"}).json()["count"] == 0
    # Those who decide see it all.
    own = client.get(f"/api/data/datasets/{dataset.pk}", **bearer(publisher)).json()
    assert ([f["name"] for f in own["files"]], own["sample"]) == (["rows.csv"], "SECRET-SAMPLE-ROW")


def test_a_draft_is_hidden_from_everyone_but_its_deciders(
    client, django_capture_on_commit_callbacks
):
    publisher = trustee()
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_dataset(
            publisher, status="draft", title="Unreleased Amharic speech", languages=["am"]
        )
        make_dataset(
            publisher,
            title="Released Amharic speech",
            access="open",
            policy=None,
            languages=["en"],
        )
    for actor in (AnonymousUser(), UserFactory(), trustee()):
        assert [d.title for d in selectors.dataset_list(actor=actor)] == ["Released Amharic speech"]
    assert client.get(f"/api/data/datasets/{draft.pk}").status_code == 404
    assert client.get(f"/api/data/datasets/{draft.pk}/croissant").status_code == 404
    assert client.get(f"/en/data/datasets/{draft.pk}/").status_code == 404
    assert client.get("/api/data/datasets").json()["count"] == 1
    facets = client.get("/api/data/datasets/facets").json()
    assert sum(f["count"] for f in facets["access"]) == 1
    assert client.get("/api/search", {"q": "Unreleased Amharic"}).json()["count"] == 0
    gaps = {row["key"]: row for row in client.get("/api/data/gaps").json()["items"]}
    assert gaps["am"]["datasets"] == 0  # only the draft is in Amharic
    assert "Unreleased" not in client.get("/en/countries/KEN/").content.decode()
    assert "Released Amharic" in client.get("/en/countries/KEN/").content.decode()
    assert client.get("/api/data/datasets", **bearer(publisher)).json()["count"] == 2


def test_the_catalogue_filters_by_its_facets(client):
    publisher = trustee()
    make_dataset(publisher, title="Swahili notes", access="open", policy=None)
    make_dataset(
        publisher,
        title="French speech",
        languages=["fr"],
        countries=["SEN"],
        tasks=["speech_recognition"],
    )
    titles = lambda **query: [  # noqa: E731
        item["title"] for item in client.get("/api/data/datasets", query).json()["items"]
    ]
    assert titles(language="fr") == ["French speech"]
    assert titles(country="KEN") == ["Swahili notes"]
    assert titles(task="speech_recognition") == ["French speech"]
    assert titles(access="open") == ["Swahili notes"]
    facets = client.get("/api/data/datasets/facets").json()
    assert {"value": "fr", "label": "fr", "count": 1} in facets["language"]
    page = client.get("/en/data/", {"language": "fr"}).content.decode()
    assert "French speech" in page and "Swahili notes" not in page


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"@type": "sc:Dataset"}, "croissant"),
        ([], "document"),
    ],
)
def test_croissant_imports_that_are_not_croissant_are_refused(client, document, field):
    response = post(client, "/api/data/datasets/import", document, trustee())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Dataset.objects.exists()


def test_a_croissant_import_with_a_bad_licence_names_it(client):
    publisher = trustee()
    source = make_dataset(publisher, access="open", policy=None)
    document = selectors.dataset_croissant(
        actor=publisher, pk=source.pk, base_url="http://localhost"
    )
    document["license"] = "Some-Licence"
    document["inLanguage"] = ["sw", "xx-nothing"]
    response = post(client, "/api/data/datasets/import", document, publisher)
    assert response.status_code == 422
    fields = {item["field"] for item in response.json()["errors"]}
    assert "license" in fields
    assert Dataset.objects.count() == 1


@pytest.mark.parametrize("licence", ["\x99Ú±Ù ᮅf½µ", "MIT;Apache-2.0", "{"])
def test_a_licence_with_characters_no_licence_key_has_is_refused_not_a_server_error(licence):
    with pytest.raises(InvalidInput) as refused:
        make_dataset(trustee(), license=licence)
    assert refused.value.errors[0]["field"] == "license"
