"""Language codes are shown as names in the reader's language, never as bare tags."""

import pytest
from django.template import Context, Template
from django.utils import translation
from pytest_django.asserts import assertInHTML

from aigov.core.templatetags.aigov import language_name, language_names


def test_a_tag_is_named_in_the_readers_language() -> None:
    with translation.override("en"):
        assert language_name("fr") == "French"
        assert language_name("pt-BR") == "Portuguese (Brazil)"
    with translation.override("ar"):
        assert language_name("fr") == "الفرنسية"
    with translation.override("zh-hans"):
        assert language_name("sw") == "斯瓦希里语"


def test_an_invalid_tag_is_shown_as_it_is_and_empty_stays_empty() -> None:
    with translation.override("en"):
        assert language_name("not a tag") == "not a tag"
        assert language_name("") == ""
        assert language_name(None) == ""


def test_lists_use_the_readers_separator_and_order() -> None:
    with translation.override("en"):
        assert language_names(["fr", "ar"]) == "Arabic, French"
    with translation.override("ar"):
        assert language_names(["fr", "ar"]) == "العربية، الفرنسية"
    with translation.override("zh-hans"):
        assert language_names(["fr", "ar"]) == "阿拉伯语、法语"
    with translation.override("fr"):
        assert language_names([]) == ""


def test_the_filters_work_in_templates() -> None:
    template = Template("{% load aigov %}{{ tag|language_name }} / {{ tags|language_names }}")
    with translation.override("es"):
        rendered = template.render(Context({"tag": "en", "tags": ["zh", "ru"]}))
    assert rendered == "inglés / chino, ruso"


@pytest.mark.django_db
def test_pages_name_languages_instead_of_showing_their_codes(client) -> None:
    page = client.get("/fr/countries/KEN/").content.decode()
    assertInHTML('<tr><td>arabe</td><td lang="ar">كينيا</td></tr>', page)
    assert "<td>ar</td>" not in page
