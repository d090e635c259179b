"""The shared vocabulary in the six languages, from a named source, and sorted as each reader's
language sorts (issue 18, items 5 and 6)."""

import re

import pytest
from django.test import Client
from django.utils import translation

from aigov.core.collation import sort_key
from aigov.core.translation import pick
from aigov.taxonomy.currencies import currency_name
from aigov.taxonomy.forms import CountryChoiceField, language_choices, named_choices
from aigov.taxonomy.models import (
    LifecycleScheme,
    LifecycleStage,
    RiskArea,
    RiskDomain,
    RiskPulseItem,
    Topic,
)
from aigov.taxonomy.regions import region_name
from aigov.taxonomy.selectors import language_list, topic_list

pytestmark = pytest.mark.django_db

SIX = {"en", "ar", "zh-hans", "fr", "ru", "es"}
PROVENANCES = {"source", "human", "machine", "reviewed"}


@pytest.mark.parametrize(
    "model",
    [Topic, RiskDomain, RiskArea, LifecycleScheme, LifecycleStage],
    ids=lambda m: m.__name__,
)
def test_every_term_is_named_in_the_six_languages_with_where_each_came_from(model) -> None:
    for term in model.objects.all():
        assert set(term.names) == SIX, term
        assert set(term.names_provenance) == SIX, term
        assert set(term.names_provenance.values()) <= PROVENANCES
        assert term.names_provenance["en"] == "source"
        assert all(term.names[code] != term.names["en"] for code in SIX - {"en"}), term


def test_the_risk_taxonomy_keeps_the_reports_chinese_and_marks_the_rest_machine() -> None:
    for area in RiskArea.objects.all():
        assert area.names_provenance["zh-hans"] == "source"
        assert {area.names_provenance[code] for code in ("ar", "fr", "ru", "es")} == {"machine"}
        # Examples come in every language the English has them in.
        assert set(area.examples) in ({"en", "zh-hans", "ar", "fr", "ru", "es"}, {"zh-hans"}, set())


def test_confirmed_pulse_items_are_worded_in_the_six_languages() -> None:
    confirmed = RiskPulseItem.objects.filter(confidence="high")
    assert confirmed.count() == 7
    for item in confirmed:
        assert set(item.texts) == SIX, item.letter


def test_m49_regions_are_named_in_the_readers_language() -> None:
    assert region_name("Eastern Africa", "fr") == "Afrique orientale"
    assert region_name("Eastern Africa", "zh-hans") == "东非"
    assert region_name("Africa", "ar") == "أفريقيا"
    # English keeps M49's own name (CLDR says "Southeast Asia").
    assert region_name("South-eastern Asia", "en") == "South-eastern Asia"
    assert region_name("Channel Islands", "es") == "Islas del Canal"  # not in CLDR
    assert region_name("Atlantis", "ru") == "Atlantis"
    with translation.override("ru"):
        assert region_name("Western Europe") == "Западная Европа"


def test_currencies_are_named_in_the_readers_language() -> None:
    assert currency_name("USD", "ar") == "دولار أمريكي"
    assert currency_name("KES", "fr") == "shilling kényan"
    assert currency_name("kes", "en") == "Kenyan Shilling"
    assert currency_name("XXQ", "fr") == ""


def test_the_country_page_names_its_region_and_sources_in_words(client: Client) -> None:
    page = client.get("/fr/countries/KEN/").content.decode()
    assert "Afrique / Afrique orientale" in page
    assert "hdx-python-country" not in page and ".csv" not in page


def test_the_taxonomy_pages_show_no_file_names_and_say_what_is_machine_translated(
    client: Client,
) -> None:
    for path in ("topics/", "risks/", "lifecycle/", "sdgs/9/"):
        page = client.get(f"/ar/taxonomy/{path}").content.decode()
        assert ".csv" not in page and "NOT verified" not in page, path
    for path in ("topics/", "risks/", "lifecycle/"):
        page = client.get(f"/fr/taxonomy/{path}").content.decode()
        assert "traductions automatiques" in page, path
    # English names are the sources' own: no such note.
    assert "machine translations" not in client.get("/en/taxonomy/topics/").content.decode()


def _positions(page: str, names: list[str]) -> list[int]:
    return [page.index(f">{name}<") for name in names]


def test_the_country_list_sorts_by_the_name_the_reader_sees(client: Client) -> None:
    pages = "".join(
        client.get(f"/en/taxonomy/countries/?un_member=true&page={n}").content.decode()
        for n in range(1, 5)
    )
    uganda, emirates, kingdom, andorra = _positions(
        pages,
        [
            "Uganda",
            "United Arab Emirates",
            "United Kingdom of Great Britain and Northern Ireland",
            "Andorra",
        ],
    )
    assert andorra < uganda < emirates < kingdom
    french = "".join(
        client.get(f"/fr/taxonomy/countries/?un_member=true&page={n}").content.decode()
        for n in range(1, 5)
    )
    positions = _positions(french, ["Égypte", "Émirats arabes unis", "Équateur", "Espagne"])
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans", "fr", "ru", "es"])
def test_pick_lists_are_sorted_by_name_in_each_language(language: str) -> None:
    key = sort_key(language)
    with translation.override(language):
        countries = CountryChoiceField().choices[1:]
        languages = language_choices()
        topics = named_choices(topic_list())
    assert len(countries) > 200
    official = language_list(un_official=True).count()  # first, then the others
    for choices in (countries, languages[:official], languages[official:], topics):
        names = [str(name) for _code, name in choices]
        assert names == sorted(names, key=key)


def test_country_pick_list_in_english_follows_the_alphabet_not_the_codes() -> None:
    with translation.override("en"):
        codes = [code for code, _name in CountryChoiceField().choices[1:]]
    assert codes.index("UGA") < codes.index("ARE") < codes.index("GBR")
    assert codes.index("AND") < codes.index("UGA")


def test_the_language_and_topic_lists_are_sorted_by_name(client: Client) -> None:
    with translation.override("zh-hans"):
        expected = sorted((pick(t.names).text for t in Topic.objects.all()), key=sort_key())
    page = client.get("/zh-hans/taxonomy/topics/").content.decode()
    shown = re.findall(r"<li>([^<]+)</li>", page.split("<main", 1)[1])
    assert [name for name in shown if name in expected] == expected
