"""Live events of the catalogue as iCalendar files (RFC 5545), written with `icalendar`.

Times are given in the event's own IANA time zone (with its VTIMEZONE), so a calendar shows the
local time the provider announced and converts it for the reader; an offering without a start
is left out.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from icalendar import Calendar, Event

from aigov.capacity.models import Offering
from aigov.core.translation import pick

PRODUCT_ID = "-//aigov//capacity development network//EN"
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def _event(offering: Offering, *, base_url: str, status: str | None) -> Event | None:
    if offering.starts_at is None:
        return None
    zone = zoneinfo.ZoneInfo(offering.time_zone)
    event = Event()
    event.add("uid", f"capacity-offering-{offering.pk}@aigov")
    event.add("summary", pick(offering.titles).text or offering.slug)
    event.add("dtstart", offering.starts_at.astimezone(zone))
    event.add("dtend", (offering.ends_at or offering.starts_at + DEFAULT_LENGTH).astimezone(zone))
    event.add("dtstamp", offering.updated_at)
    event.add("url", base_url.rstrip("/") + offering.get_absolute_url())
    description = pick(offering.descriptions).text
    if description:
        event.add("description", description)
    if offering.url:
        event.add("location", offering.url)
    event.add("categories", [offering.kind])
    if status:
        event.add("status", status)
    return event


def events_calendar(
    offerings: Iterable[tuple[Offering, str | None]], *, name: str, base_url: str
) -> bytes:
    """Return the offerings (each with an iCalendar STATUS or None) as one calendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for offering, status in offerings:
        event = _event(offering, base_url=base_url, status=status)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
