"""The roster: nominations, review, appointments and the balance warning."""

import datetime
from decimal import Decimal

import pytest

from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotAllowed
from aigov.panel import roster
from aigov.panel.models import Appointment, Nomination
from aigov.panel.tests.conftest import secretariat_user

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2028, 1, 1)


def _nominate(actor, name: str, nat: str, gender: str, discipline: str, country: str | None):  # type: ignore[no-untyped-def]
    return roster.expert_nominate(
        actor=actor,
        name=name,
        gender=gender,
        nationalities=[nat],
        residence=nat,
        disciplines=[discipline],
        affiliation_type="academia",
        country=country,
    )


def _appoint(secretariat, nomination, **kwargs):  # type: ignore[no-untyped-def]
    roster.nomination_review(actor=secretariat, nomination=nomination, accept=True)
    return roster.appointment_create(
        actor=secretariat, nomination=nomination, starts_on=START, ends_on=END, **kwargs
    )


def test_focal_point_nominates_only_own_nationals() -> None:
    kenya = UserFactory(role="focal_point", role__country="KEN")
    nomination = _nominate(kenya, "Demo expert A", "KEN", "female", "law", "KEN")
    assert nomination.kind == Nomination.Kind.FOCAL_POINT and nomination.country_id == "KEN"
    with pytest.raises(NotAllowed):
        _nominate(kenya, "Demo expert B", "BRA", "male", "law", "BRA")
    with pytest.raises(InvalidInput):
        _nominate(kenya, "Demo expert C", "BRA", "male", "law", "KEN")  # not a Kenyan
    assert Nomination.objects.count() == 1


def test_self_nomination_once_and_visibility() -> None:
    person = UserFactory(role="expert")
    nomination = _nominate(person, "Demo self", "FRA", "male", "economics", None)
    assert nomination.kind == Nomination.Kind.SELF and nomination.expert.user == person
    with pytest.raises(Conflict):
        _nominate(person, "Demo self again", "FRA", "male", "economics", None)
    kenya = UserFactory(role="focal_point", role__country="KEN")
    _nominate(kenya, "Demo Kenyan", "KEN", "female", "law", "KEN")
    assert [n.expert.name for n in roster.nomination_list(actor=person)] == ["Demo self"]
    assert [n.expert.name for n in roster.nomination_list(actor=kenya)] == ["Demo Kenyan"]
    assert roster.nomination_list(actor=secretariat_user()).count() == 2
    assert roster.nomination_list(actor=UserFactory(role="learner")).count() == 0


def test_only_accepted_nominations_are_appointed_by_the_secretariat() -> None:
    secretariat = secretariat_user()
    nomination = _nominate(UserFactory(role="expert"), "Demo X", "FRA", "male", "law", None)
    with pytest.raises(InvalidState):
        roster.appointment_create(
            actor=secretariat, nomination=nomination, starts_on=START, ends_on=END
        )
    with pytest.raises(NotAllowed):
        roster.nomination_review(
            actor=UserFactory(role="expert"), nomination=nomination, accept=True
        )
    appointment = _appoint(secretariat, nomination)
    assert appointment.expert == nomination.expert
    assert list(roster.members(as_of=datetime.date(2026, 6, 1))) == [appointment]
    assert list(roster.members(as_of=END)) == []  # the term has ended


def test_balance_warns_before_an_unbalancing_appointment() -> None:
    secretariat = secretariat_user()
    for value in ("female", "male"):
        roster.target_set(actor=secretariat, dimension="gender", value=value, share=Decimal("0.5"))
    roster.target_set(
        actor=secretariat, dimension="regional_group", value="African", share=Decimal("0.2")
    )
    roster.target_set(
        actor=secretariat, dimension="regional_group", value="WEOG", share=Decimal("0.2")
    )
    _appoint(
        secretariat, _nominate(UserFactory(role="expert"), "Demo 1", "FRA", "male", "law", None)
    )
    # A second man from WEOG: gender share 100% men (target 50%), WEOG 100% (target 20%).
    second = _nominate(UserFactory(role="expert"), "Demo 2", "DEU", "male", "law", None)
    roster.nomination_review(actor=secretariat, nomination=second, accept=True)
    with pytest.raises(Conflict) as caught:
        roster.appointment_create(
            actor=secretariat, nomination=second, starts_on=START, ends_on=END
        )
    # Two WEOG seats of two (target 20%: 1 of 2, rounded up), two men of two (50%: 1 of 2).
    assert {e["field"] for e in caught.value.errors} == {"gender", "regional_group"}
    assert Appointment.objects.count() == 1
    # A Kenyan woman improves both: appointed without a warning.
    third = _nominate(UserFactory(role="expert"), "Demo 3", "KEN", "female", "law", None)
    _appoint(secretariat, third)
    # The warning can be overridden knowingly.
    roster.appointment_create(
        actor=secretariat, nomination=second, starts_on=START, ends_on=END, accept_imbalance=True
    )
    figures = roster.balance(as_of=datetime.date(2025, 6, 1))
    gender = next(d for d in figures.dimensions if d.dimension == "gender")
    assert {r["value"]: r["count"] for r in gender.rows} == {"female": 1, "male": 2}
    assert gender.distance == pytest.approx(abs(1 / 3 - 0.5) + abs(2 / 3 - 0.5))


def test_regional_group_distance_counts() -> None:
    secretariat = secretariat_user()
    roster.target_set(
        actor=secretariat, dimension="regional_group", value="WEOG", share=Decimal("0.2")
    )
    _appoint(
        secretariat, _nominate(UserFactory(role="expert"), "Demo K", "KEN", "female", "law", None)
    )
    french = _nominate(UserFactory(role="expert"), "Demo F", "FRA", "female", "law", None)
    # One WEOG seat of two is within 20% of 2 rounded up (1).
    assert roster.appointment_effect(expert=french.expert, as_of=START) == []
    _appoint(secretariat, french)
    german = _nominate(UserFactory(role="expert"), "Demo G", "DEU", "female", "law", None)
    # A second WEOG seat of three exceeds 20% of 3 rounded up (1).
    assert roster.appointment_effect(expert=german.expert, as_of=START) == ["regional_group"]


def test_term_must_end_after_it_starts_and_not_overlap() -> None:
    secretariat = secretariat_user()
    nomination = _nominate(UserFactory(role="expert"), "Demo T", "FRA", "male", "law", None)
    roster.nomination_review(actor=secretariat, nomination=nomination, accept=True)
    with pytest.raises(InvalidInput):
        roster.appointment_create(
            actor=secretariat, nomination=nomination, starts_on=END, ends_on=START
        )
    roster.appointment_create(
        actor=secretariat, nomination=nomination, starts_on=START, ends_on=END
    )
    with pytest.raises(Conflict):
        roster.appointment_create(
            actor=secretariat, nomination=nomination, starts_on=START, ends_on=END
        )


def test_roster_page_shows_members_and_hides_nominations_from_visitors(client) -> None:  # type: ignore[no-untyped-def]
    secretariat = secretariat_user()
    roster.target_set(actor=secretariat, dimension="gender", value="female", share=Decimal("0.5"))
    today = datetime.date.today()
    nomination = _nominate(UserFactory(role="expert"), "Demo member", "KEN", "female", "law", None)
    roster.nomination_review(actor=secretariat, nomination=nomination, accept=True)
    roster.appointment_create(
        actor=secretariat,
        nomination=nomination,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=365),
    )
    _nominate(UserFactory(role="expert"), "Demo pending", "FRA", "male", "law", None)
    page = client.get("/en/panel/roster/").content.decode()
    assert "Demo member" in page and "Demo pending" not in page
    assert "100%" in page and "50%" in page
    client.force_login(secretariat)
    assert "Demo pending" in client.get("/en/panel/roster/").content.decode()
