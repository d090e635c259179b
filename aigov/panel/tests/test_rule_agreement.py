"""Agreement of the panel's rules: surveys, raw responses, reports, comments, nominations."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts.models import User
from aigov.accounts.tests.agreement import AGREEMENT, HOME, Cast, assert_agrees, make_cast
from aigov.panel.models import (
    Expert,
    Nomination,
    Report,
    ReportComment,
    ReportVersion,
    Response,
    Survey,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db

RULES = {
    "panel.view_survey",
    "panel.view_responses",
    "panel.view_report",
    "panel.view_report_comments",
    "panel.view_nomination",
}


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def _someone(cast: Cast, index: int | None) -> User | None:
    people = cast.accounts
    return None if index is None else people[index % len(people)]


def _expert(user: User | None, country: str = HOME) -> Expert:
    if user is not None and Expert.objects.filter(user=user).exists():
        return Expert.objects.get(user=user)
    return Expert.objects.create(
        user=user,
        name=f"Expert {user.pk if user else 'none'}",
        gender="female",
        nationalities=[country],
        residence_id=country,
        disciplines=[],
        affiliation_type="academia",
    )


@AGREEMENT
@given(status=st.sampled_from(Survey.Status.values))
def test_view_survey_agrees(cast: Cast, answered: Survey, status: str) -> None:
    Survey.objects.filter(pk=answered.pk).update(status=status)
    answered.refresh_from_db()
    assert_agrees("panel.view_survey", answered, cast, state=status)


@AGREEMENT
@given(status=st.sampled_from(Survey.Status.values))
def test_view_responses_agrees(cast: Cast, answered: Survey, status: str) -> None:
    Survey.objects.filter(pk=answered.pk).update(status=status)
    response = Response.objects.filter(survey=answered).first()
    assert response is not None
    assert_agrees("panel.view_responses", response, cast, state=status)


def _report(cast: Cast, status: str, author: int | None, group_member: int | None) -> Report:
    group = None
    if group_member is not None:
        group = WorkingGroup.objects.create(slug=f"g-{WorkingGroup.objects.count()}")
        member = _someone(cast, group_member)
        group.members.add(_expert(member))
    return Report.objects.create(
        slug=f"r-{Report.objects.count()}",
        kind=Report.Kind.ANNUAL,
        status=status,
        author=_someone(cast, author),
        working_group=group,
    )


REPORT_STATES = {
    "status": st.sampled_from(Report.Status.values),
    "author": st.none() | st.integers(0, 40),
    "group_member": st.none() | st.integers(0, 40),
}


@AGREEMENT
@given(**REPORT_STATES)
def test_view_report_agrees(
    cast: Cast, status: str, author: int | None, group_member: int | None
) -> None:
    report = _report(cast, status, author, group_member)
    assert_agrees("panel.view_report", report, cast, state=(status, author, group_member))


@AGREEMENT
@given(**REPORT_STATES, commenter=st.integers(0, 40))
def test_view_report_comments_agrees(
    cast: Cast, status: str, author: int | None, group_member: int | None, commenter: int
) -> None:
    report = _report(cast, status, author, group_member)
    version = ReportVersion.objects.create(report=report, number=1, texts={"en": {}})
    comment = ReportComment.objects.create(
        report=report, version=version, author=_someone(cast, commenter), body="A comment."
    )
    # The rule is asked of the report ("may this actor read its comments?").
    assert_agrees(
        "panel.view_report_comments", comment, cast, state=(status, author), asked_of=report
    )


@AGREEMENT
@given(
    nominee=st.none() | st.integers(0, 40),
    country=st.none() | st.sampled_from([HOME, "FRA", "BRA"]),
    status=st.sampled_from(Nomination.Status.values),
)
def test_view_nomination_agrees(
    cast: Cast, nominee: int | None, country: str | None, status: str
) -> None:
    expert = _expert(_someone(cast, nominee), country or HOME)
    nomination = Nomination.objects.create(
        expert=expert,
        kind=Nomination.Kind.FOCAL_POINT if country else Nomination.Kind.SELF,
        country_id=country,
        status=status,
    )
    assert_agrees("panel.view_nomination", nomination, cast, state=(nominee, country, status))
