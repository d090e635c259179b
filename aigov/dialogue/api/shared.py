"""Value types and helpers that the dialogue API's sub-domains share."""

import datetime
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field
from pydantic import BeforeValidator

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


def _session(request: HttpRequest, slug: str) -> Session:
    return selectors.session_get(actor=request.user, slug=slug)
