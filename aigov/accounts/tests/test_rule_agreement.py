"""Agreement of the accounts rules: who sees which accounts, tokens and audit entries."""

import pytest
from auditlog.models import LogEntry
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts import services
from aigov.accounts.models import ApiToken, User
from aigov.accounts.tests.agreement import AGREEMENT, Cast, assert_agrees, make_cast
from aigov.core import audit

pytestmark = pytest.mark.django_db

RULES = {"accounts.view_user", "accounts.view_token", "core.view_audit"}


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@AGREEMENT
@given(index=st.integers(min_value=0, max_value=50))
def test_view_user_agrees(cast: Cast, index: int) -> None:
    people = cast.accounts
    user = people[index % len(people)]
    assert_agrees("accounts.view_user", user, cast, state={"user": user.email})


@AGREEMENT
@given(index=st.integers(min_value=0, max_value=50), revoked=st.booleans())
def test_view_token_agrees(cast: Cast, index: int, revoked: bool) -> None:
    people = [u for u in cast.accounts if u.is_active]
    owner = people[index % len(people)]
    token = services.token_create(actor=owner, user=owner, name="agreement").token
    if revoked:
        services.token_revoke(actor=owner, token_id=token.pk)
        token.refresh_from_db()
    assert_agrees("accounts.view_token", token, cast, state={"owner": owner.email})


@AGREEMENT
@given(index=st.integers(min_value=0, max_value=50))
def test_view_audit_agrees(cast: Cast, index: int) -> None:
    people = [u for u in cast.accounts if u.is_active]
    subject = people[index % len(people)]
    entry = audit.record(actor=subject, action="accounts.user.touch", obj=subject)
    assert isinstance(entry, LogEntry)
    assert_agrees("core.view_audit", entry, cast, state={"subject": subject.email})


def test_a_job_sees_as_the_public_unless_its_purpose_is_granted(cast: Cast) -> None:
    everyone = User.objects.filter(is_system=False)
    from aigov.accounts.access import scope

    assert scope(cast["job_operator"], "accounts.view_user", everyone).count() == everyone.count()
    assert not scope(cast["job_notification"], "accounts.view_user", everyone).exists()
    assert not scope(cast["job_operator"], "accounts.view_token", ApiToken.objects.all()).exists()
