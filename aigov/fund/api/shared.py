"""Value types the fund API's routes share."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ModelWrapValidatorHandler, model_validator

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Use a date written YYYY-MM-DD.")
    return value


def _decimal_only(value: Any) -> Any:
    # Booleans are numbers to Python; a JSON true is not an amount.
    if isinstance(value, bool):
        raise ValueError("Give a number.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
Amount = Annotated[Decimal, BeforeValidator(_decimal_only), Field(allow_inf_nan=False)]
Currency = Annotated[str, Field(min_length=3, max_length=3)]
PK = Annotated[int, Field(ge=1, le=2**53)]


class ObjectIn(Schema):
    """A request body: a JSON object, nothing else (ninja's Schema reads attributes from
    anything it is given)."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(value, dict):
            raise ValueError(_("Send the fields as a JSON object."))
        return handler(value)


def money(amount: Decimal | None) -> str | None:
    """Return an amount as the API writes it: a decimal string with two places."""
    return None if amount is None else f"{amount:.2f}"
