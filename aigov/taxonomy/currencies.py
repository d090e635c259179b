"""Currencies: ISO 4217 codes and names from pycountry (the fund and fees count money in them)."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def currency_codes() -> frozenset[str]:
    """Return every active ISO 4217 alphabetic code."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def currency_name(code: str) -> str:
    """Return the English name of an ISO 4217 code ('' for an unknown one)."""
    currency = pycountry.currencies.get(alpha_3=code.upper())
    return currency.name if currency is not None else ""


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
