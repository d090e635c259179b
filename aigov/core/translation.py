"""Translated content fields with fallback: the pattern every module reuses.

Record content (a country's name, a standard's title) is data, not UI text, so gettext does not
translate it. A translatable field is a JSONField mapping a language code to text, e.g.
`{"en": "Kenya", "zh-hans": "肯尼亚"}`, optionally beside a `<field>_provenance` JSONField mapping
the language to a `Provenance` value. Read it with `pick()` (or the `translated` template
filter): the current language if present, else English, else any language the record has; the
result says which language it is, so pages can mark a fallback with its own `lang` attribute.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

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
