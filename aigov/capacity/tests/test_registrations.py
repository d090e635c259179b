"""Live events: seats, the waiting list, and no overselling under concurrency."""

import datetime
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection

from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services
from aigov.capacity.models import Offering, Registration
from aigov.capacity.tests.factories import make_offering
from aigov.core.errors import Conflict, InvalidState, NotAllowed

FUTURE = datetime.datetime(2031, 1, 1, 9, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_seats_then_waiting_list_then_promotion():
    event = make_offering(kind="webinar", seats=2, starts_at=FUTURE)
    people = [UserFactory(role="learner") for _ in range(4)]
    statuses = [services.registration_create(actor=p, offering=event).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    event.refresh_from_db()
    assert event.seats_taken == 2

    with pytest.raises(Conflict):
        services.registration_create(actor=people[0], offering=event)
    first = Registration.objects.get(learner=people[0], offering=event)
    services.registration_cancel(actor=people[0], registration=first)
    assert Registration.objects.get(learner=people[2]).status == "confirmed"  # first in line
    assert Registration.objects.get(learner=people[3]).status == "waitlisted"
    event.refresh_from_db()
    assert event.seats_taken == 2
    with pytest.raises(InvalidState):
        services.registration_cancel(actor=people[0], registration=first)
    # Coming back after cancelling joins the end of the queue.
    again = services.registration_create(actor=people[0], offering=event)
    assert again.status == "waitlisted"


@pytest.mark.django_db
def test_cancelling_with_nobody_waiting_frees_the_seat():
    event = make_offering(kind="webinar", seats=1, starts_at=FUTURE)
    learner = UserFactory(role="learner")
    registration = services.registration_create(actor=learner, offering=event)
    services.registration_cancel(actor=learner, registration=registration)
    event.refresh_from_db()
    assert event.seats_taken == 0
    assert services.registration_create(actor=UserFactory(), offering=event).status == "confirmed"


@pytest.mark.django_db
def test_only_the_learner_or_the_secretariat_cancels_a_registration():
    event = make_offering(kind="webinar", seats=3, starts_at=FUTURE)
    learner = UserFactory(role="learner")
    registration = services.registration_create(actor=learner, offering=event)
    for intruder in (
        UserFactory(role="learner"),
        UserFactory(role="node_operator"),
        AnonymousUser(),
    ):
        with pytest.raises(NotAllowed):
            services.registration_cancel(actor=intruder, registration=registration)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    services.registration_cancel(actor=UserFactory(role="secretariat"), registration=registration)
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


@pytest.mark.django_db
def test_only_live_future_events_take_registrations():
    learner = UserFactory(role="learner")
    with pytest.raises(InvalidState):
        services.registration_create(actor=learner, offering=make_offering(kind="library_resource"))
    past = make_offering(
        kind="webinar", starts_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(InvalidState):
        services.registration_create(actor=learner, offering=past)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_oversell_seats():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises all writes)")
    seats, people = 5, 16
    event = make_offering(kind="webinar", seats=seats, starts_at=FUTURE)
    learners = [UserFactory(role="learner") for _ in range(people)]
    barrier = threading.Barrier(people)
    errors: list[BaseException] = []

    def register(learner):
        try:
            barrier.wait()
            services.registration_create(actor=learner, offering=event)
        except BaseException as failure:  # noqa: BLE001  (reported by the assertion below)
            errors.append(failure)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=register, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    confirmed = Registration.objects.filter(offering=event, status="confirmed").count()
    waitlisted = Registration.objects.filter(offering=event, status="waitlisted").count()
    assert (confirmed, waitlisted) == (seats, people - seats)
    assert Offering.objects.get(pk=event.pk).seats_taken == seats


@pytest.mark.django_db
def test_events_download_as_icalendar_in_their_own_time_zone(client):
    from icalendar import Calendar

    event = make_offering(
        slug="nairobi-webinar",
        titles={"en": "Webinar", "fr": "Webinaire"},
        starts_at=datetime.datetime(2031, 5, 4, 6, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 5, 4, 8, 0, tzinfo=datetime.UTC),
        time_zone="Africa/Nairobi",
    )
    response = client.get("/fr/capacity/offerings/nairobi-webinar/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (component,) = calendar.walk("VEVENT")
    assert str(component["summary"]) == "Webinaire"
    start = component.decoded("dtstart")
    assert start.hour == 9 and str(start.tzinfo) == "Africa/Nairobi"  # local time, with its zone
    assert start == event.starts_at
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]
    assert component["url"].endswith("/capacity/offerings/nairobi-webinar/")
    # An offering without a start has no calendar; a hidden one is absent.
    make_offering(slug="no-date")
    assert client.get("/en/capacity/offerings/no-date/event.ics").status_code == 404
    make_offering(slug="hidden", starts_at=FUTURE, is_published=False)
    assert client.get("/en/capacity/offerings/hidden/event.ics").status_code == 404


@pytest.mark.django_db
def test_my_events_calendar_holds_only_my_registrations(client):
    mine = make_offering(slug="mine", starts_at=FUTURE, seats=1)
    full = make_offering(slug="full", starts_at=FUTURE, seats=1)
    make_offering(slug="not-mine", starts_at=FUTURE)
    learner = UserFactory(role="learner")
    services.registration_create(actor=UserFactory(role="learner"), offering=full)
    services.registration_create(actor=learner, offering=mine)
    services.registration_create(actor=learner, offering=full)
    assert client.get("/en/capacity/my-learning/events.ics").status_code == 302
    client.force_login(learner)
    from icalendar import Calendar

    calendar = Calendar.from_ical(client.get("/en/capacity/my-learning/events.ics").content)
    statuses = {
        str(event["url"]).rstrip("/").rsplit("/", 1)[-1]: str(event["status"])
        for event in calendar.walk("VEVENT")
    }
    assert statuses == {"mine": "CONFIRMED", "full": "TENTATIVE"}
