"""The landscape in the reader's words and order: initiatives' short names per language, lists by
name, proposals read as values rather than codes, and dates picked and shown in the reader's
format (issue 18, items 5 and 6)."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import translation

from aigov.accounts.models import Role
from aigov.accounts.tests.factories import UserFactory
from aigov.core.collation import sort_key
from aigov.core.exchange import Importer
from aigov.core.translation import pick
from aigov.landscape import selectors, services
from aigov.landscape.forms import ParticipationValues, RepresentationForm
from aigov.landscape.models import Initiative

pytestmark = pytest.mark.django_db

SIX = {"en", "ar", "zh-hans", "fr", "ru", "es"}


def _secretariat_client(client: Client) -> Client:
    user = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    return client


def test_initiatives_have_short_names_in_the_six_languages() -> None:
    for initiative in Initiative.objects.all():
        assert set(initiative.short_names) == SIX, initiative.slug
        assert initiative.short_names_provenance["en"] == "source"
        # The report's Chinese names, without their year.
        assert initiative.short_names_provenance["zh-hans"] == "source"
        assert initiative.short_names["zh-hans"] in initiative.names["zh-hans"]
        assert {initiative.short_names_provenance[c] for c in ("ar", "fr", "ru", "es")} == {
            "machine"
        }
    oecd = Initiative.objects.get(slug="oecd-ai-principles-2019")
    with translation.override("fr"):
        assert oecd.short_name == "Principes de l'OCDE sur l'IA"


def test_the_matrix_heads_its_columns_with_the_readers_short_names(client: Client) -> None:
    page = client.get("/zh-hans/landscape/representation/").content.decode()
    assert "经合组织《人工智能原则》" in page
    assert ">OECD AI Principles<" not in page


def test_the_matrix_lists_member_states_by_their_name_in_the_readers_language() -> None:
    for language in ("en", "ar", "ru"):
        with translation.override(language):
            rows = selectors.representation_matrix(as_of=datetime.date(2024, 9, 1)).rows
            names = [pick(row.names).text for row in rows]
        assert names == sorted(names, key=sort_key(language)), language
    with translation.override("en"):
        rows = selectors.representation_matrix(as_of=datetime.date(2024, 9, 1)).rows
    codes = [row.iso3 for row in rows]
    assert codes.index("UGA") < codes.index("ARE") < codes.index("GBR")


def test_an_initiatives_participants_are_listed_by_name(client: Client) -> None:
    page = client.get("/en/landscape/initiatives/oecd-ai-principles-2019/").content.decode()
    table = page.split("participant-list-caption", 1)[1]
    positions = [table.index(name) for name in ("Argentina", "Brazil", "United Kingdom")]
    assert positions == sorted(positions)


def test_a_proposal_reads_as_values_not_codes(client: Client) -> None:
    focal_point = UserFactory(role=Role.FOCAL_POINT, role__country="KEN")
    proposal = services.proposal_submit(
        actor=focal_point,
        subject="participation",
        data={
            "initiative": "bletchley-2023",
            "participant": "KEN",
            "basis": "endorser",
            "started_on": "2024-05-01",
        },
        rationale="Kenya endorsed it.",
    )
    page = _secretariat_client(client).get(f"/fr/landscape/proposals/{proposal.pk}/")
    text = page.content.decode()
    assert "Kenya" in text and "Déclaration de Bletchley" in text
    assert "1 mai 2024" in text
    for raw in ("bletchley-2023", ">started_on<", ">participant<", ">endorser<", "2024-05-01"):
        assert raw not in text, raw


def test_date_pickers_hold_the_date_in_the_form_browsers_accept_in_every_language() -> None:
    for language in ("en", "fr", "ru", "zh-hans"):
        with translation.override(language):
            form = RepresentationForm(initial={"as_of": datetime.date(2026, 12, 7)})
            rendered = str(form["as_of"])
        assert 'type="date"' in rendered and 'value="2026-12-07"' in rendered, language
        assert "YYYY" not in str(form["as_of"].help_text)
    with translation.override("fr"):
        assert RepresentationForm({"as_of": "2026-12-07"}).is_valid()
        assert not RepresentationForm({"as_of": "07/12/2026x"}).is_valid()


def test_the_representation_page_gives_no_format_hint_beside_its_picker(client: Client) -> None:
    page = client.get("/en/landscape/representation/").content.decode()
    assert "YYYY-MM-DD" not in page and 'type="date"' in page


def test_an_edited_policy_keeps_its_dates_on_a_page_in_french(client: Client) -> None:
    page = _secretariat_client(client).get("/fr/landscape/policies/eu-ai-act/edit/")
    text = page.content.decode()
    assert 'value="2024-06-13"' in text and "13/06/2024" not in text


def test_dates_are_shown_in_the_readers_format(client: Client) -> None:
    assert "13 juin 2024" in client.get("/fr/landscape/policies/eu-ai-act/").content.decode()
    assert "2024-06-13" not in client.get("/ru/landscape/policies/eu-ai-act/").content.decode()


def test_import_columns_still_say_how_files_write_dates() -> None:
    importer = Importer(form=ParticipationValues, apply=lambda **_values: None)
    with translation.override("en"):
        columns = {column.name: column.help_text for column in importer.columns}
    assert columns["started_on"] == "YYYY-MM-DD."
    assert columns["participant"].startswith("ISO 3166-1")
