"""The translated-text value type: six languages, lengths checked per language, never cut."""

import pytest
from django.core.exceptions import ValidationError

from aigov.core.translation import TranslatedTextField, clean_translations


def test_clean_strips_drops_empty_and_normalises_codes() -> None:
    cleaned = clean_translations(
        {"en": "  Kenya ", "zh-Hans": "肯尼亚", "fr": "", "ru": None}, max_length=20, field="name"
    )
    assert cleaned == {"en": "Kenya", "zh-hans": "肯尼亚"}


def test_over_long_text_is_refused_naming_the_language_not_truncated() -> None:
    with pytest.raises(ValidationError) as raised:
        clean_translations({"en": "ok", "ar": "ب" * 21}, max_length=20, field="title")
    (problem,) = raised.value.error_dict["title"]
    assert problem.code == "too_long" and problem.params == {
        "code": "ar",
        "length": 21,
        "limit": 20,
    }
    assert "21" in problem.messages[0] and "20" in problem.messages[0]


def test_unknown_language_and_non_text_are_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        clean_translations({"de": "Kenia", "en": 3}, max_length=20, field="name")
    codes = sorted(p.code for p in raised.value.error_dict["name"])
    assert codes == ["not_text", "unknown_language"]


def test_required_needs_one_language_and_a_mapping() -> None:
    with pytest.raises(ValidationError) as raised:
        clean_translations({"en": "  "}, max_length=20, field="name", required=True)
    assert raised.value.error_dict["name"][0].code == "required"
    with pytest.raises(ValidationError) as raised:
        clean_translations(["Kenya"], max_length=20, field="name")
    assert raised.value.error_dict["name"][0].code == "not_translations"


def test_the_model_field_validates_per_language_and_deconstructs() -> None:
    field = TranslatedTextField(max_length=5)
    field.set_attributes_from_name("title")
    field.validate({"en": "short"}, None)
    with pytest.raises(ValidationError):
        field.validate({"en": "too long"}, None)
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "aigov.core.translation.TranslatedTextField" and kwargs == {"max_length": 5}
