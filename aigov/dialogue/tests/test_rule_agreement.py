"""Agreement of the dialogue rules: for every actor of the cast, the predicate (`access.has`) and
the queryset scope (`access.scope`, what pages, API, search, exports and counts start from) give
the same answer about every state a record can be in.

Incident reports are generated in every combination of confidentiality level, author and
reporting state (the focal points of the home and the other country, the secretariat, a job),
status and publication (the original, a published version, a withdrawn one), once exhaustively
and once with hypothesis drawing the author from the whole cast.
"""

import datetime
import itertools
from typing import Any

import pytest
from django.db.models import Model
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts import access
from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.accounts.tests.agreement import (
    ABROAD,
    AGREEMENT,
    HOME,
    Cast,
    assert_agrees,
    make_cast,
)
from aigov.dialogue.models import (
    Confidentiality,
    FollowUp,
    Incident,
    IncidentReport,
    Practice,
    Registration,
    Session,
    Statement,
)

pytestmark = pytest.mark.django_db

RULES = {
    "dialogue.view_incidentreport",
    "dialogue.view_followup",
    "dialogue.view_session",
    "dialogue.view_statement",
    "dialogue.view_registration",
    "dialogue.view_practice",
}

LEVELS = list(Confidentiality.values)
STATUSES = list(IncidentReport.Status.values)
PUBLICATIONS = ("original", "published", "withdrawn")
STATES = (HOME, ABROAD, None)
# Who filed a report and for which state: a focal point for their own country, the secretariat
# for a state or none, and a job (no author).
AUTHORS = (
    ("focal_point_home", HOME),
    ("focal_point_abroad", ABROAD),
    ("secretariat", None),
    ("secretariat", ABROAD),
    (None, HOME),
)


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def session() -> Session:
    return Session.objects.create(
        slug="agreement-session",
        titles={"en": "Agreement session"},
        starts_on=datetime.date(2026, 7, 6),
        ends_on=datetime.date(2026, 7, 7),
        place="Geneva",
        focus=Session.Focus.RISKS,
    )


def _author(cast: Cast, label: str | None) -> User | None:
    if label is None:
        return None
    author = cast[label]
    assert isinstance(author, User)
    return author


def _report(
    *, level: str, reporter: User | None, state: str | None, status: str, publication: str
) -> IncidentReport:
    """Create a report in the given state; for a published or withdrawn version, the original
    has `level` and the version (always public) is returned."""
    incident = Incident.objects.create()
    original = IncidentReport.objects.create(
        incident=incident,
        title="Agreement report",
        confidentiality=level,
        reporter=reporter,
        reporting_state_id=state,
        status=status,
    )
    if publication == "original":
        return original
    return IncidentReport.objects.create(
        incident=incident,
        title="Agreement report, published",
        confidentiality=Confidentiality.PUBLIC,
        reporting_state_id=state,
        status=status,
        published_from=original,
        withdrawn_at=timezone.now() if publication == "withdrawn" else None,
        withdrawal_reason="Withdrawn for the test." if publication == "withdrawn" else "",
    )


def _assert_agrees_on_all(perm: str, records: list[Any], cast: Cast) -> None:
    """Fail when `has` and `scope` disagree about any of `records` for any actor (one scope
    query per actor instead of one per record)."""
    model: type[Model] = type(records[0])
    every = model._default_manager.filter(pk__in=[record.pk for record in records])
    disagreements = []
    for label, actor in cast.actors.items():
        listed = set(access.scope(actor, perm, every).values_list("pk", flat=True))
        allowed = {record.pk for record in records if access.has(actor, perm, record)}
        disagreements.extend(
            f"{label}: has={pk in allowed} scope={pk in listed} on {pk}"
            for pk in sorted(listed ^ allowed)
        )
    assert not disagreements, f"{perm}: " + "; ".join(disagreements[:20])


def _every_report(cast: Cast) -> list[IncidentReport]:
    return [
        _report(
            level=level,
            reporter=_author(cast, author),
            state=state,
            status=status,
            publication=publication,
        )
        for level, (author, state), status, publication in itertools.product(
            LEVELS, AUTHORS, STATUSES, PUBLICATIONS
        )
    ]


def test_view_incidentreport_agrees_on_every_state(cast: Cast) -> None:
    reports = _every_report(cast)
    assert len(reports) == len(LEVELS) * len(AUTHORS) * len(STATUSES) * len(PUBLICATIONS)
    _assert_agrees_on_all("dialogue.view_incidentreport", reports, cast)


def test_view_followup_agrees_on_every_state(cast: Cast) -> None:
    notes = [
        FollowUp.objects.create(report=report, note="What was done.")
        for report in _every_report(cast)
    ]
    _assert_agrees_on_all("dialogue.view_followup", notes, cast)


def _reporter(cast: Cast, index: int | None) -> User | None:
    return None if index is None else cast.accounts[index % len(cast.accounts)]


REPORT_STATE = st.fixed_dictionaries(
    {
        "level": st.sampled_from(LEVELS),
        "author": st.none() | st.integers(min_value=0, max_value=50),
        "state": st.sampled_from(STATES),
        "status": st.sampled_from(STATUSES),
        "publication": st.sampled_from(PUBLICATIONS),
    }
)


def _drawn_report(cast: Cast, drawn: dict[str, Any]) -> IncidentReport:
    """Create the report a REPORT_STATE example describes, its author drawn from the cast."""
    return _report(
        level=drawn["level"],
        reporter=_reporter(cast, drawn["author"]),
        state=drawn["state"],
        status=drawn["status"],
        publication=drawn["publication"],
    )


@AGREEMENT
@given(drawn=REPORT_STATE)
def test_view_incidentreport_agrees(cast: Cast, drawn: dict[str, Any]) -> None:
    report = _drawn_report(cast, drawn)
    assert_agrees("dialogue.view_incidentreport", report, cast, state=drawn)


@AGREEMENT
@given(drawn=REPORT_STATE)
def test_view_followup_agrees(cast: Cast, drawn: dict[str, Any]) -> None:
    note = FollowUp.objects.create(report=_drawn_report(cast, drawn), note="What was done.")
    assert_agrees("dialogue.view_followup", note, cast, state=drawn)


@AGREEMENT
@given(focus=st.sampled_from(Session.Focus.values), is_demo=st.booleans())
def test_view_session_agrees(cast: Cast, focus: str, is_demo: bool) -> None:
    session = Session.objects.create(
        slug=f"agreement-{Session.objects.count()}",
        titles={"en": "Agreement session"},
        starts_on=datetime.date(2026, 7, 6),
        ends_on=datetime.date(2026, 7, 7),
        place="Geneva",
        focus=focus,
        is_demo=is_demo,
    )
    assert_agrees("dialogue.view_session", session, cast, state={"focus": focus})


@AGREEMENT
@given(
    status=st.sampled_from(Statement.Status.values),
    submitter=st.none() | st.integers(min_value=0, max_value=50),
)
def test_view_statement_agrees(
    cast: Cast, session: Session, status: str, submitter: int | None
) -> None:
    author = _reporter(cast, submitter)
    statement = Statement.objects.create(
        session=session,
        kind=Statement.Kind.STATEMENT,
        speaker="A delegation",
        titles={"en": "Statement"},
        status=status,
        submitted_by=author,
    )
    assert_agrees(
        "dialogue.view_statement", statement, cast, state={"status": status, "by": author}
    )


@AGREEMENT
@given(
    person=st.integers(min_value=0, max_value=50),
    role=st.sampled_from(Registration.Role.values),
    country=st.sampled_from(STATES),
)
def test_view_registration_agrees(
    cast: Cast, session: Session, person: int, role: str, country: str | None
) -> None:
    user = cast.accounts[person % len(cast.accounts)]
    Registration.objects.filter(session=session, user=user).delete()
    registration = Registration.objects.create(
        session=session, user=user, role=role, country_id=country
    )
    assert_agrees("dialogue.view_registration", registration, cast, state={"user": user})


@AGREEMENT
@given(
    status=st.sampled_from(Practice.Status.values),
    submitter=st.none() | st.integers(min_value=0, max_value=50),
)
def test_view_practice_agrees(cast: Cast, status: str, submitter: int | None) -> None:
    author = _reporter(cast, submitter)
    practice = Practice.objects.create(
        titles={"en": "A practice"}, status=status, submitted_by=author
    )
    assert_agrees("dialogue.view_practice", practice, cast, state={"status": status, "by": author})


def test_a_job_reads_what_the_public_reads(cast: Cast) -> None:
    """No purpose is granted a read of the dialogue: `aigov import` and `aigov demo` see what a
    visitor sees, so nothing confidential reaches an export or a log through them."""
    reports = _every_report(cast)
    every = IncidentReport.objects.filter(pk__in=[report.pk for report in reports])
    visitor: Actor = cast["visitor"]
    public = set(access.scope(visitor, "dialogue.view_incidentreport", every))
    assert public and len(public) < len(reports)
    for label, actor in cast.actors.items():
        if label.startswith("job_"):
            seen = set(access.scope(actor, "dialogue.view_incidentreport", every))
            assert seen == public, label
