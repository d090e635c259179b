"""A dialogue session as an iCalendar file (RFC 5545), written with the `icalendar` library.

One event spans the session's days; each agenda item with a start time is an event of its own,
and the session's event lists the whole agenda in its description, so a calendar that imports
only the first event still holds the agenda.
"""

import datetime

from icalendar import Calendar, Event

from aigov.core.translation import pick
from aigov.dialogue.models import Session

PRODUCT_ID = "-//aigov//policy dialogue//EN"


def _uid(kind: str, pk: object) -> str:
    return f"dialogue-{kind}-{pk}@aigov"


def session_calendar(*, session: Session) -> bytes:
    """Return `session` and its agenda as iCalendar bytes (titles in the active language)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    title = pick(session.titles).text or session.slug
    calendar.add("x-wr-calname", title)
    items = list(session.agenda_items.all())
    agenda_lines = [
        f"{number}. {pick(item.titles).text}" for number, item in enumerate(items, start=1)
    ]
    event = Event()
    event.add("uid", _uid("session", session.pk))
    event.add("summary", title)
    event.add("dtstart", session.starts_on)
    # DTEND of an all-day event is exclusive: the day after the last day.
    event.add("dtend", session.ends_on + datetime.timedelta(days=1))
    event.add("dtstamp", session.updated_at)
    event.add("location", session.place)
    event.add("description", "\n".join(agenda_lines))
    event.add("categories", [session.focus])
    calendar.add_component(event)
    for item in items:
        if item.starts_at is None:
            continue
        part = Event()
        part.add("uid", _uid("agenda-item", item.pk))
        part.add("summary", pick(item.titles).text)
        part.add("dtstart", item.starts_at)
        part.add("dtend", item.ends_at or item.starts_at + datetime.timedelta(hours=1))
        part.add("dtstamp", session.updated_at)
        part.add("location", session.place)
        description = pick(item.descriptions).text
        if description:
            part.add("description", description)
        part.add("related-to", _uid("session", session.pk))
        calendar.add_component(part)
    return calendar.to_ical()
