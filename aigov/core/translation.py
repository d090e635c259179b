"""Translated content fields with fallback: the pattern every module reuses.

Record content (a country's name, a standard's title) is data, not UI text, so gettext does not
translate it. A translatable field is a JSONField mapping a language code to text, e.g.
`{"en": "Kenya", "zh-hans": "肯尼亚"}`, optionally beside a `<field>_provenance` JSONField mapping
the language to a `Provenance` value. Read it with `pick()` (or the `translated` template
filter): the current language if present, else English, else any language the record has; the
result says which language it is, so pages can mark a fallback with its own `lang` attribute.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

FALLBACK_LANGUAGE = "en"
_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans-cn": "zh-hans"}


def normalise_language(code: str | None) -> str:
    """Return the Django language code for a BCP 47 tag or Django code ('zh-Hans' -> 'zh-hans')."""
    lowered = (code or "").strip().lower().replace("_", "-")
    return _ALIASES.get(lowered, lowered)


@dataclass(frozen=True)
class Translation:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def pick(values: dict[str, str] | None, language: str | None = None) -> Translation:
    """Return the text of `values` in `language` (default: the active one), with fallback."""
    values = values or {}
    wanted = normalise_language(language or translation.get_language() or settings.LANGUAGE_CODE)
    chain = [wanted, wanted.split("-")[0], FALLBACK_LANGUAGE, *sorted(values)]
    for code in chain:
        text = values.get(code)
        if text:
            return Translation(text=text, language=code, is_fallback=code != wanted)
    return Translation(text="", language=wanted, is_fallback=False)


def languages_of(values: dict[str, str] | None) -> list[str]:
    """Return the languages that have text, in the order of settings.LANGUAGES first."""
    values = values or {}
    ordered = [code for code, _label in settings.LANGUAGES if values.get(code)]
    return ordered + sorted(code for code in values if values[code] and code not in ordered)


def clean_translations(
    values: object, *, max_length: int, field: str, required: bool = False
) -> dict[str, str]:
    """Return `values` (language code → text) stripped, without empty entries, with language
    codes normalised; raise ValidationError naming the field and language for an unknown
    language, a text over `max_length` characters (never cut short), or no text when
    `required`."""
    if values is None:
        values = {}
    if not isinstance(values, dict):
        problem = ValidationError(
            _("Give the text per language, as an object of language code to text."),
            code="not_translations",
        )
        raise ValidationError({field: [problem]})
    known = {code for code, _label in settings.LANGUAGES}
    cleaned: dict[str, str] = {}
    problems: list[ValidationError] = []
    for raw_code, raw_text in values.items():
        code = normalise_language(str(raw_code))
        if code not in known:
            problems.append(
                ValidationError(
                    _("%(code)s is not one of the six languages (%(known)s)."),
                    code="unknown_language",
                    params={"code": raw_code, "known": ", ".join(sorted(known))},
                )
            )
            continue
        if raw_text is None:
            continue
        if not isinstance(raw_text, str):
            problems.append(
                ValidationError(
                    _("The %(code)s text must be text."), code="not_text", params={"code": code}
                )
            )
            continue
        text = raw_text.strip()
        if len(text) > max_length:
            problems.append(
                ValidationError(
                    _(
                        "The %(code)s text has %(length)d characters; at most %(limit)d are "
                        "allowed. Shorten it."
                    ),
                    code="too_long",
                    params={"code": code, "length": len(text), "limit": max_length},
                )
            )
            continue
        if text:
            cleaned[code] = text
    if required and not cleaned and not problems:
        problems.append(ValidationError(_("Give the text in at least one language."), "required"))
    if problems:
        raise ValidationError({field: problems})
    return cleaned


class TranslatedTextField(models.JSONField):
    """Text per language (`{"en": …, "ar": …}`), validated like a CharField per language.

    The fallback order is `pick()`'s, in one place; lengths are checked per language and an
    over-long text is refused with the language named, never truncated.
    """

    def __init__(self, *args: Any, max_length: int = 2000, **kwargs: Any) -> None:
        self.text_max_length = max_length
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.text_max_length
        if kwargs.get("default") is dict:
            del kwargs["default"]
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        try:
            clean_translations(
                value, max_length=self.text_max_length, field=self.name, required=not self.blank
            )
        except ValidationError as invalid:
            # Model.clean_fields() files a field's errors under its name: it takes a list.
            raise ValidationError(invalid.error_dict[self.name]) from None
