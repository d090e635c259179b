"""Value types and helpers that the dialogue API's sub-domains share."""

import datetime
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, ModelWrapValidatorHandler, model_validator

from aigov.dialogue import selectors
from aigov.dialogue.models import Session

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Use a date written YYYY-MM-DD.")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
ConfidentialityLevel = Literal["public", "member_states", "secretariat", "reporting_state"]


PK = Annotated[int, Field(ge=1, le=2**53)]


Slug = Annotated[str, Field(max_length=100)]
Translations = dict[Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=300)]]
LongTranslations = dict[
    Annotated[str, Field(max_length=10)], Annotated[str, Field(max_length=50000)]
]


class ObjectIn(Schema):
    """A request body of the dialogue API: a JSON object, nothing else.

    Ninja's `Schema` reads attributes from whatever it is given (it also builds answers from
    model instances), so a body of `false` or `[null, null]` passed as an empty change, and
    `"x"` as a strange one (the string's `title` method read as the title). Refused, before
    ninja's own validation runs.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(value, dict):
            raise ValueError(_("Send the fields as a JSON object."))
        return handler(value)


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def patch_field(**constraints: Any) -> Any:
    """A field of a PATCH body that may be left out (nothing changes) but not set to null.

    Its default (None, never stored: handlers read `dict(exclude_unset=True)`) stays out of the
    document, which would otherwise offer null for a field that refuses it.
    """
    return Field(None, json_schema_extra=_without_default, **constraints)


def _session(request: HttpRequest, slug: str) -> Session:
    return selectors.session_get(actor=request.user, slug=slug)
