from django.template import Context, Template
from django.utils import translation

from aigov.core.translation import languages_of, normalise_language, pick

NAMES = {"en": "Kenya", "zh-hans": "肯尼亚", "ar": "كينيا"}


def test_pick_uses_the_active_language_then_english_then_any():
    with translation.override("zh-hans"):
        assert pick(NAMES).text == "肯尼亚"
        assert not pick(NAMES).is_fallback
    with translation.override("fr"):
        chosen = pick(NAMES)
        assert (chosen.text, chosen.language, chosen.is_fallback) == ("Kenya", "en", True)
    assert pick({"ru": "Кения"}, "fr").text == "Кения"
    assert pick({}, "fr").text == ""


def test_bcp47_tags_are_normalised():
    assert normalise_language("zh-Hans") == "zh-hans"
    assert normalise_language("zh") == "zh-hans"
    assert pick(NAMES, "zh").text == "肯尼亚"


def test_languages_are_listed_in_un_order():
    assert languages_of({"es": "x", "ar": "y", "sw": "z", "en": ""}) == ["ar", "es", "sw"]


def test_template_filter_marks_fallback_text_with_its_language_and_direction():
    template = Template("{% load aigov %}{{ names|translated }}")
    with translation.override("ar"):
        assert (
            template.render(Context({"names": {"en": "Kenya"}}))
            == '<span lang="en" dir="ltr">Kenya</span>'
        )
    with translation.override("fr"):
        assert (
            template.render(Context({"names": {"en": "Kenya"}})) == '<span lang="en">Kenya</span>'
        )
        assert (
            template.render(Context({"names": {"fr": "<b>Kenya</b>"}}))
            == "&lt;b&gt;Kenya&lt;/b&gt;"
        )
