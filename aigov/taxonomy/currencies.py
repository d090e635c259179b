"""Currencies: ISO 4217 codes from pycountry (the fund and fees count money in them), named in
the reader's language by ICU (CLDR), or in English by pycountry where CLDR has no name."""

import functools
from functools import cache

import icu
import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from aigov.core.translation import normalise_language


@cache
def currency_codes() -> frozenset[str]:
    """Return every active ISO 4217 alphabetic code."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@functools.lru_cache(maxsize=8)
def _display_names(language: str) -> icu.LocaleDisplayNames:
    return icu.LocaleDisplayNames.createInstance(icu.Locale.forLanguageTag(language))


def currency_name(code: str, language: str | None = None) -> str:
    """Return the name of an ISO 4217 code in `language` (default: the active one); '' for an
    unknown code."""
    code = code.upper()
    currency = pycountry.currencies.get(alpha_3=code)
    if currency is None:
        return ""
    reader = normalise_language(language or translation.get_language() or settings.LANGUAGE_CODE)
    name = str(_display_names(reader).keyValueDisplayName("currency", code))
    # ICU answers with the code itself for a currency CLDR does not name.
    return currency.name if name.upper() == code else name


def currency_choices() -> list[tuple[str, str]]:
    """Return (code, 'code — name') pairs, by code, for pick-lists."""
    return [(code, f"{code} — {currency_name(code)}") for code in sorted(currency_codes())]


def validate_currency(code: str) -> None:
    """Raise ValidationError unless `code` is an ISO 4217 code (upper case, such as USD)."""
    if code not in currency_codes():
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code (such as USD, EUR or KES)."),
            code="unknown_currency",
            params={"code": code},
        )
