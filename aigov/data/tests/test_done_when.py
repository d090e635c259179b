"""Issue 22, "Done when", through the API: a trustee publishes a restricted dataset whose policy
allows non-commercial research in African Group countries and prohibits commercial use; a
Kenyan researcher is permitted with an agreement and downloads; a commercial request is denied;
an ambiguous one goes to review and a trustee decides; after revocation the download stops; the
Croissant export loads in mlcroissant; the gaps page shows languages without datasets."""

import hashlib

import mlcroissant as mlc
import pytest
from auditlog.models import LogEntry

from aigov.accounts import services as account_services
from aigov.accounts.tests.factories import UserFactory
from aigov.data.models import AccessRequest, Agreement, Entitlement
from aigov.data.tests.factories import AFRICAN_RESEARCH_POLICY, csv_upload, trustee

pytestmark = pytest.mark.django_db


def bearer(user):
    issued = account_services.token_create(actor=user, user=user, scopes=["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}


def post(client, path, body, user):
    return client.post(path, body, content_type="application/json", **bearer(user))


def test_restricted_dataset_from_publication_to_revocation(client):
    publisher = trustee()
    created = post(
        client,
        "/api/data/datasets",
        {
            "title": "Swahili clinical notes",
            "description": "De-identified notes from district hospitals.",
            "languages": ["sw"],
            "countries": ["KEN", "TZA"],
            "license": "cc-by-4.0",
            "access": "restricted",
            "policy": AFRICAN_RESEARCH_POLICY,
            "sample": "1,homa kali",
        },
        publisher,
    )
    assert created.status_code == 201, created.content
    dataset = created.json()
    assert dataset["license"] == "CC-BY-4.0"  # the SPDX spelling
    assert dataset["policy"]["prohibition"][0]["uid"] == "no-commercial-use"
    uploaded = client.post(
        f"/api/data/datasets/{dataset['id']}/files",
        {"file": csv_upload(content=b"id,note\n1,homa kali\n")},
        **bearer(publisher),
    )
    assert uploaded.status_code == 201, uploaded.content
    download = uploaded.json()["url"]

    researcher = UserFactory()
    assert client.get(download, **bearer(researcher)).status_code == 403
    seen = client.get(f"/api/data/datasets/{dataset['id']}", **bearer(researcher)).json()
    assert (seen["files"], seen["sample"]) == ([], "")

    asked = post(
        client,
        "/api/data/access-requests",
        {
            "dataset": dataset["id"],
            "purposes": ["non_commercial_research"],
            "country": "KEN",
            "duration_days": 180,
        },
        researcher,
    )
    assert asked.status_code == 201, asked.content
    granted = asked.json()
    assert (granted["decision"], granted["rule"]) == ("permit", "research-in-africa")
    agreement = granted["entitlement"]["agreement"]
    assert agreement["sha256"] == hashlib.sha256(agreement["text"].encode()).hexdigest()
    assert "Attribute the data" in agreement["text"] and "Kenya" in agreement["text"]
    got = client.get(download, **bearer(researcher))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"id,note\n1,homa kali\n"
    assert (
        client.get(f"/api/data/datasets/{dataset['id']}", **bearer(researcher)).json()["sample"]
        == "1,homa kali"
    )

    commercial = post(
        client,
        "/api/data/access-requests",
        {
            "dataset": dataset["id"],
            "purposes": ["commercial_use", "model_training"],
            "country": "KEN",
            "duration_days": 30,
        },
        UserFactory(),
    ).json()
    assert (commercial["decision"], commercial["rule"], commercial["entitlement"]) == (
        "deny",
        "no-commercial-use",
        None,
    )

    official = UserFactory()
    ambiguous = post(
        client,
        "/api/data/access-requests",
        {
            "dataset": dataset["id"],
            "purposes": ["public_sector_use"],
            "country": "KEN",
            "duration_days": 30,
        },
        official,
    ).json()
    assert (ambiguous["decision"], ambiguous["entitlement"]) == ("needs_review", None)
    assert post(
        client,
        f"/api/data/access-requests/{ambiguous['id']}/decision",
        {"decision": "permit"},
        official,
    ).status_code in (403, 404)
    decided = post(
        client,
        f"/api/data/access-requests/{ambiguous['id']}/decision",
        {"decision": "permit", "note": "A ministry of health study."},
        publisher,
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "permit"
    assert Agreement.objects.get(entitlement__request_id=ambiguous["id"]).accepted_for_trust_by == (
        publisher
    )

    revoked = post(
        client, f"/api/data/entitlements/{granted['entitlement']['id']}/revoke", {}, publisher
    )
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["is_live"] is False
    assert client.get(download, **bearer(researcher)).status_code == 403
    assert client.get(download, **bearer(official)).status_code == 200
    actions = set(
        LogEntry.objects.filter(additional_data__action__startswith="data.").values_list(
            "additional_data__action", flat=True
        )
    )
    assert {
        "data.dataset.create",
        "data.file.upload",
        "data.request.submit",
        "data.entitlement.grant",
        "data.agreement.create",
        "data.request.permit",
        "data.entitlement.revoke",
    } <= actions


def test_the_croissant_export_loads_in_mlcroissant_and_imports_back(client):
    publisher = trustee()
    created = post(
        client,
        "/api/data/datasets",
        {
            "title": "Hausa radio transcripts",
            "description": "Transcribed call-in radio shows.",
            "languages": ["ha"],
            "countries": ["NGA"],
            "license": "CC-BY-SA-4.0",
            "access": "open",
            "tasks": ["speech_recognition"],
            "derived_from": [
                {
                    "relation": "prov:wasDerivedFrom",
                    "iri": "https://example.org/radio",
                    "name": "Radio",
                }
            ],
            "rai": {"dataCollection": "Recorded with consent.", "dataLimitations": ["Kano only"]},
        },
        publisher,
    ).json()
    client.post(
        f"/api/data/datasets/{created['id']}/files",
        {"file": csv_upload("transcripts.csv")},
        **bearer(publisher),
    )
    # As a server with a real name writes it (the test client's "testserver" is no host name).
    document = client.get(
        f"/api/data/datasets/{created['id']}/croissant", HTTP_HOST="localhost"
    ).json()
    metadata = mlc.Dataset(jsonld=document).metadata
    assert metadata.name == "Hausa radio transcripts"
    assert metadata.ctx.is_v1_1()
    assert [item.name for item in metadata.distribution] == ["transcripts.csv"]
    assert metadata.data_collection == "Recorded with consent."
    assert document["prov:wasDerivedFrom"][0]["@id"] == "https://example.org/radio"
    assert document["spatialCoverage"][0]["identifier"] == "NGA"

    imported = post(client, "/api/data/datasets/import", document, publisher)
    assert imported.status_code == 201, imported.content
    again = client.get(f"/api/data/datasets/{imported.json()['id']}").json()
    assert (again["title"], again["license"], again["languages"], again["countries"]) == (
        "Hausa radio transcripts",
        "CC-BY-SA-4.0",
        ["ha"],
        ["NGA"],
    )
    assert again["rai"]["dataLimitations"] == ["Kano only"]
    assert again["derived_from"][0]["iri"] == "https://example.org/radio"
    assert [item["name"] for item in again["files"]] == ["transcripts.csv"]


def test_the_gaps_show_languages_without_datasets(client):
    publisher = trustee()
    post(
        client,
        "/api/data/datasets",
        {
            "title": "Yoruba news",
            "description": "News.",
            "languages": ["yo"],
            "license": "CC0-1.0",
            "access": "open",
            "tasks": ["translation"],
        },
        publisher,
    )
    body = client.get("/api/data/gaps", {"by": "language"}).json()
    rows = {row["key"]: row for row in body["items"]}
    assert body["count"] == len(body["items"]) > 100
    assert rows["yo"]["datasets"] == 1 and "translation" in rows["yo"]["tasks_covered"]
    assert rows["zu"]["datasets"] == 0 and "translation" in rows["zu"]["tasks_missing"]
    page = client.get("/en/data/gaps/")
    assert page.status_code == 200
    html = page.content.decode()
    without = sum(1 for row in body["items"] if row["datasets"] == 0)
    assert f"{without} of {body['count']} have no dataset at all" in html
    # Languages without any dataset come first: the largest gaps lead the table.
    assert body["items"][0]["datasets"] == 0
    assert body["items"][0]["label"] in html
    assert AccessRequest.objects.count() == Entitlement.objects.count() == 0
