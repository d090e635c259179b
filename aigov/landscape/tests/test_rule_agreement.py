"""Agreement of the landscape rules: each scoped rule's predicate and queryset say the same.

Focal points' proposals are generated in every state the secretariat's review leaves them in
(pending, accepted, rejected, withdrawn), about the country of one focal point of the cast, of
the other, or of a third, proposed by either focal point; policies of every kind and status, at
home or abroad, real or demonstration data.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts.tests.agreement import ABROAD, AGREEMENT, HOME, Cast, assert_agrees, make_cast
from aigov.landscape.models import ChangeProposal, Policy

pytestmark = pytest.mark.django_db

RULES = {"landscape.view_proposal", "landscape.view_policy"}

COUNTRIES = (HOME, ABROAD, "NGA")


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@AGREEMENT
@given(
    status=st.sampled_from(ChangeProposal.Status.values),
    subject=st.sampled_from(ChangeProposal.Subject.values),
    country=st.sampled_from(COUNTRIES),
    proposer=st.sampled_from(("focal_point_home", "focal_point_abroad")),
)
def test_view_proposal_agrees(
    cast: Cast, status: str, subject: str, country: str, proposer: str
) -> None:
    closed = status in {ChangeProposal.Status.ACCEPTED, ChangeProposal.Status.REJECTED}
    proposal = ChangeProposal.objects.create(
        subject=subject,
        action=ChangeProposal.Action.CREATE,
        country_id=country,
        changes={"title": "Agreement"},
        proposer=cast[proposer],
        status=status,
        reviewer=cast["secretariat"] if closed else None,
    )
    state = {"status": status, "subject": subject, "country": country, "proposer": proposer}
    assert_agrees("landscape.view_proposal", proposal, cast, state=state)


@AGREEMENT
@given(
    status=st.sampled_from(Policy.Status.values),
    kind=st.sampled_from(Policy.Kind.values),
    jurisdiction=st.sampled_from(COUNTRIES),
    is_demo=st.booleans(),
)
def test_view_policy_agrees(
    cast: Cast, status: str, kind: str, jurisdiction: str, is_demo: bool
) -> None:
    number = Policy.objects.count() + 1
    policy = Policy.objects.create(
        slug=f"agreement-{number}",
        names={"en": f"Agreement policy {number}"},
        jurisdiction_id=jurisdiction,
        kind=kind,
        status=status,
        is_demo=is_demo,
    )
    state = {"status": status, "kind": kind, "jurisdiction": jurisdiction, "demo": is_demo}
    assert_agrees("landscape.view_policy", policy, cast, state=state)
