"""Value types, validators and helpers that the capacity API's sub-domains share."""

import datetime
import json
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from pydantic import BeforeValidator

from aigov.capacity.models import Audience, Offering
from aigov.core.errors import InvalidInput, field_error
from aigov.core.moments import in_utc

KindName = Literal[
    "self_paced_course",
    "webinar",
    "in_person_workshop",
    "blended_course",
    "certification_programme",
    "fellowship",
    "library_resource",
]
AudienceName = Literal[
    "policymakers",
    "public_officials",
    "it_professionals",
    "leaders",
    "researchers",
    "students",
    "entrepreneurs",
    "general_public",
]
assert set(KindName.__args__) == set(Offering.Kind.values)  # type: ignore[attr-defined]  # Literal keeps its values in __args__
assert set(AudienceName.__args__) == set(Audience.values)  # type: ignore[attr-defined]  # as above


ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def _iso_moment_only(value: Any) -> Any:
    # Pydantic would also take "0.5" (a Unix time); the contract is an ISO 8601 date or moment.
    if isinstance(value, str) and not ISO_MOMENT.fullmatch(value):
        raise ValueError("Use an ISO 8601 date (YYYY-MM-DD) or date and time.")
    return value


# A well-formed BCP 47 tag (language, then subtags); an unknown but well-formed one matches nothing.
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

IsoMoment = Annotated[datetime.datetime, BeforeValidator(_iso_moment_only)]


def _utc(moment: datetime.datetime | None, field: str) -> datetime.datetime | None:
    """The moment in UTC (see aigov.core.moments); one out of range is a 422 naming `field`."""
    if moment is None:
        return None
    try:
        return in_utc(moment)
    except ValueError:
        raise InvalidInput(
            errors=[
                field_error(
                    field,
                    "out_of_range",
                    _("This moment is out of range."),
                )
            ]
        ) from None


ISO3_PATTERN = r"^[A-Za-z]{3}$"


# The default of a PATCH field that may be left out but may not be sent as null: the schema
# keeps the field's own (non-null) type, and the None is never read, since PATCH handlers take
# only the fields sent (`exclude_unset`). Typed Any so that it fits every field's type.
UNSENT: Any = None


def require_object_body(request: HttpRequest) -> None:
    """Refuse a JSON body that is not an object, such as `false` or `[null, null]`.

    Ninja reads the fields of a body schema from an object and treats anything else as an
    object without fields: a PATCH would change nothing and answer 200 as if it had worked.
    """
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return  # not JSON at all: ninja has refused it already
    if not isinstance(body, dict):
        raise InvalidInput(
            errors=[
                field_error(
                    None, "not_an_object", _("Send the changes as a JSON object of fields.")
                )
            ]
        )
