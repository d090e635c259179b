"""Importing the catalogue (CSV, XLSX, JSON): validated first, applied in one transaction,
errors by row and column, an export re-imports unchanged, node operators import their own."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.models import Offering
from aigov.capacity.tests.factories import make_node, make_offering, make_provider
from aigov.core.exchange import dataset_export, dataset_import

pytestmark = pytest.mark.django_db

HEADER = (
    "slug,title_en,kind,provider,node,languages,level,audiences,topics,cost,fee_amount,"
    "fee_currency,starts_at,time_zone,fee_waivers\n"
)


def _rows(report) -> list[tuple[int | None, str | None]]:
    return [(error.row, error.field) for error in report.errors]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_export_reimports_unchanged(file_format):
    node = make_node()
    make_offering(
        slug="paid",
        node=node,
        provider=make_provider(node=node),
        cost="fee",
        fee_amount=120,
        fee_currency="USD",
        fee_waivers={"L": 100, "LM": 50},
        accessibility=["captions", "low_bandwidth"],
        starts_at=datetime.datetime(2031, 5, 4, 6, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 5, 4, 9, 0, tzinfo=datetime.UTC),
        time_zone="Africa/Nairobi",
        seats=30,
        languages=["fr", "ar"],
        titles={"en": "Paid", "fr": "Payant"},
        descriptions={"en": "About it."},
        is_government_track=True,
    )
    make_offering(slug="free-one", is_published=False)
    exported = dataset_export(
        actor=system_actor(), slug="capacity-offerings", file_format=file_format
    )
    report = dataset_import(
        actor=system_actor(),
        slug="capacity-offerings",
        content=exported,
        file_format=file_format,
    )
    # The command line reads the public catalogue: the unpublished offering is not exported.
    assert report.errors == [] and report.rows == 1
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_file_adds_and_changes_offerings_and_a_second_run_changes_nothing(tmp_path):
    provider = make_provider()
    make_offering(slug="known", provider=provider, titles={"en": "Old title"})
    path = tmp_path / "offerings.csv"
    path.write_text(
        HEADER + f"new-course,Nouveau,self_paced_course,{provider.slug},,fr,introductory,"
        "public_officials,governance,free,,,,,\n"
        + f"known,New title,webinar,{provider.slug},,en,introductory,,,fee,50,usd,"
        "2031-01-10T10:00,Asia/Bangkok,L:100\n",
        encoding="utf-8",
    )
    call_command("import", "capacity-offerings", str(path), verbosity=0)
    created = Offering.objects.get(slug="new-course")
    assert created.language_tag_list() == ["fr"] and created.audience_list() == ["public_officials"]
    known = Offering.objects.get(slug="known")
    assert known.titles["en"] == "New title" and known.fee_currency == "USD"
    assert known.fee_waivers == {"L": 100}
    # A local time without an offset is read in the row's time zone (Bangkok, UTC+7).
    assert known.starts_at == datetime.datetime(2031, 1, 10, 3, 0, tzinfo=datetime.UTC)
    report = dataset_import(
        actor=system_actor(),
        slug="capacity-offerings",
        content=path.read_bytes(),
        file_format="csv",
    )
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_bad_rows_are_named_and_nothing_is_written():
    provider = make_provider()
    content = (
        HEADER
        + f"good-one,Good,webinar,{provider.slug},,fr,introductory,,,free,,,,,\n"
        + f"bad-kind,Bad,lecture,{provider.slug},,fr,introductory,,,free,,,,,\n"
        + f"bad-waiver,Bad,webinar,{provider.slug},,fr,introductory,,,fee,5,USD,,,L:150\n"
        + "bad-provider,Bad,webinar,nobody,,fr,introductory,,,free,,,,,\n"
        + f"bad-language,Bad,webinar,{provider.slug},,xx-nope,introductory,,,free,,,,,\n"
        + f"bad-zone,Bad,webinar,{provider.slug},,fr,introductory,,,free,,,"
        "2031-01-01T10:00,Moon/Base,\n"
    ).encode()
    report = dataset_import(
        actor=system_actor(), slug="capacity-offerings", content=content, file_format="csv"
    )
    # Form checks come first: the kind, the waiver and the time zone are named by row and column.
    assert _rows(report) == [(3, "kind"), (4, "fee_waivers"), (7, "time_zone")]
    assert not Offering.objects.exists()
    fixed = content.replace(b"lecture", b"webinar").replace(b"L:150", b"L:100")
    fixed = fixed.replace(b"Moon/Base", b"UTC")
    report = dataset_import(
        actor=system_actor(), slug="capacity-offerings", content=fixed, file_format="csv"
    )
    # Then the services' checks, row by row; still nothing is written.
    assert _rows(report) == [(5, "provider"), (6, "languages")]
    assert not Offering.objects.exists()


def test_an_operator_imports_only_their_nodes_offerings(client: Client):
    operator = UserFactory(role="node_operator")
    mine, theirs = make_node(operators=[operator]), make_node()
    my_provider = make_provider(node=mine)
    make_offering(slug="theirs", node=theirs, provider=make_provider(node=theirs))
    make_offering(slug="hidden-mine", node=mine, provider=my_provider, is_published=False)
    client.force_login(operator)
    download = client.get("/en/capacity/offerings/import/?format=csv").content.decode()
    slugs = [row["slug"] for row in csv.DictReader(io.StringIO(download.lstrip("\ufeff")))]
    assert slugs == ["hidden-mine"]
    rows = [
        {
            "slug": "theirs",
            "title_en": "Taken over",
            "kind": "webinar",
            "provider": my_provider.slug,
            "node": mine.slug,
            "languages": "en",
            "level": "introductory",
        },
        {
            "slug": "elsewhere",
            "title_en": "In another node",
            "kind": "webinar",
            "provider": my_provider.slug,
            "node": theirs.slug,
            "languages": "en",
            "level": "introductory",
        },
        {
            "slug": "my-new",
            "title_en": "Mine",
            "kind": "webinar",
            "provider": my_provider.slug,
            "node": mine.slug,
            "languages": "en",
            "level": "introductory",
        },
    ]
    upload = io.BytesIO(json.dumps(rows).encode())
    upload.name = "offerings.json"
    response = client.post("/en/capacity/offerings/import/", {"upload": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "The file was not applied" in page
    assert "An offering with this slug exists and you may not change it." in page
    assert "You may add offerings only to the nodes you operate." in page
    assert not Offering.objects.filter(slug="my-new").exists()
    assert Offering.objects.get(slug="theirs").titles["en"] != "Taken over"
    # Their own row alone: a dry run changes nothing, then the file is applied.
    upload = io.BytesIO(json.dumps(rows[2:]).encode())
    upload.name = "offerings.json"
    checked = client.post("/en/capacity/offerings/import/", {"upload": upload, "dry_run": "on"})
    assert "1 new" in checked.content.decode()
    assert not Offering.objects.filter(slug="my-new").exists()
    upload.seek(0)
    applied = client.post("/en/capacity/offerings/import/", {"upload": upload})
    assert applied.status_code == 200 and "The file was applied" in applied.content.decode()
    assert Offering.objects.get(slug="my-new").node == mine
    client.force_login(UserFactory(role="learner"))
    assert client.get("/en/capacity/offerings/import/").status_code == 404
