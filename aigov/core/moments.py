"""Moments as the database stores them, and the time zones they are shown in."""

import datetime
import re
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, Any

from django.conf import settings
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
    if not is_time_zone(name):
        raise ValidationError(
            _("Use an IANA time zone name such as Africa/Nairobi."), code="invalid"
        )
    return name


def validate_time_zone(name: str) -> None:
    """A model field's validator: raise ValidationError unless `name` is an IANA time zone."""
    check_time_zone(name)


@dataclass(frozen=True)
class ReaderZone:
    """The time zone a page shows moments in, and whether it is the reader's own choice."""

    name: str
    is_own: bool

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.name)


def is_time_zone(name: str) -> bool:
    """Return whether `name` is an IANA time zone this server knows."""
    try:
        zoneinfo.ZoneInfo(name)
    # A directory ("America") or an over-long name is an OSError before it is a missing zone.
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def reader_zone(reader: Any) -> ReaderZone:
    """Return the time zone to show `reader` moments in: the one their account names (set on
    their profile page), else the site's (settings.TIME_ZONE)."""
    own = str(getattr(reader, "time_zone", "") or "")
    if own and getattr(reader, "is_authenticated", False) and is_time_zone(own):
        return ReaderZone(own, is_own=True)
    return ReaderZone(settings.TIME_ZONE, is_own=False)


def _calendar_date_only(value: object) -> object:
    # Pydantic reads "0" or "1700000000" as seconds since 1970 when it parses a date; a query
    # such as `since=0` then silently means 1 January 1970. Only YYYY-MM-DD (or a date) is a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("Give the date as YYYY-MM-DD.")
    return value


# A calendar date in API input: ISO 8601 YYYY-MM-DD only, never a number of seconds.
IsoDate = Annotated[datetime.date, BeforeValidator(_calendar_date_only)]
