"""Moments as the database stores them, and the time zones they are shown in."""

import datetime
import re
import zoneinfo
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import BeforeValidator


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """Return `moment` in UTC; one without an offset is taken as UTC.

    Python accepts offsets PostgreSQL refuses (beyond ±15:59), so moments are stored in UTC.
    Raise ValueError for a moment that leaves the calendar once shifted (9999-12-31T23:00-05:00).
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError as outside:
        raise ValueError(moment.isoformat()) from outside


def check_time_zone(name: str) -> str:
    """Return `name` if it is an IANA time zone; raise ValidationError saying what to give."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Use an IANA time zone name such as Africa/Nairobi."), code="invalid"
        ) from None
    return name


def _calendar_date_only(value: object) -> object:
    # Pydantic reads "0" or "1700000000" as seconds since 1970 when it parses a date; a query
    # such as `since=0` then silently means 1 January 1970. Only YYYY-MM-DD (or a date) is a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("Give the date as YYYY-MM-DD.")
    return value


# A calendar date in API input: ISO 8601 YYYY-MM-DD only, never a number of seconds.
IsoDate = Annotated[datetime.date, BeforeValidator(_calendar_date_only)]
