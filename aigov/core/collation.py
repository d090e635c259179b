"""Lists in the reader's order and with the reader's punctuation (ICU, CLDR rules).

A list a person reads (countries, languages, topics, providers) is sorted by the name shown,
in the language shown, never by code: "Uganda" < "United Arab Emirates" < "United Kingdom" in
English, "Émirats arabes unis" among the E's in French, 中文 by pinyin. Python's own ordering
compares code points ("É" after "Z", Arabic letters by their Unicode block), so the rules come
from ICU's collators (PyICU), one per language. Arabic names are sorted without their definite
article, as UN Arabic lists of Member States are ("الأردن" among the R's: أردن); ICU's Arabic
rules leave that to the caller.

Items of a list of values (tags, languages, services) are joined with the reader's comma:
"، " in Arabic, "、" in Chinese, ", " otherwise. CLDR's list patterns for Arabic join every
item with "و" ("and"), which reads as a sentence; a list of values uses the comma UN Arabic
texts use, so these separators are kept here rather than read from icu.ListFormatter.
"""

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu
from django.conf import settings
from django.utils import translation

from aigov.core.translation import normalise_language, pick

T = TypeVar("T")

LIST_SEPARATORS = {"ar": "، ", "zh-hans": "、"}
DEFAULT_SEPARATOR = ", "
ARABIC_ARTICLE = "ال"


def _reader(language: str | None) -> str:
    return normalise_language(language or translation.get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=32)
def _collator(language: str) -> icu.Collator:
    # A collator's compare and sort keys are safe to share between threads (ICU's const
    # methods); one per language is built once per process.
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(language))


def sort_key(language: str | None = None) -> Callable[[str], bytes]:
    """Return a key function ordering text as readers of `language` (default: the active
    language) expect, for `sorted(..., key=...)`."""
    reader = _reader(language)
    key: Callable[[str], bytes] = _collator(reader).getSortKey
    if reader == "ar":
        return lambda text: key(_without_article(text))
    return key


def _without_article(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith(ARABIC_ARTICLE) and len(stripped) > len(ARABIC_ARTICLE) + 1:
        return stripped[len(ARABIC_ARTICLE) :]
    return stripped


def sorted_by_name(
    items: Iterable[T], name: Callable[[T], str], *, language: str | None = None
) -> list[T]:
    """Return `items` sorted by the name each shows (`name(item)`), in `language`'s order.

    Equal names keep their order (the sort is stable).
    """
    key = sort_key(language)
    return sorted(items, key=lambda item: key(name(item) or ""))


def sorted_by_names(records: Iterable[T], *, language: str | None = None) -> list[T]:
    """Return records with a translated `names` field sorted by the name the reader sees
    (`pick(names)`, with its fallback), in `language`'s order (default: the active one)."""
    return sorted_by_name(
        records,
        lambda record: pick(getattr(record, "names", None), language).text,
        language=language,
    )


def list_separator(language: str | None = None) -> str:
    """Return the separator of list items in `language` (default: the active one)."""
    return LIST_SEPARATORS.get(_reader(language), DEFAULT_SEPARATOR)


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """Join the text of `items` with the list separator of `language` (default: active)."""
    return list_separator(language).join(str(item) for item in items if str(item))
