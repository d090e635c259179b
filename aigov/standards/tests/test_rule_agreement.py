"""Agreement of the standards rules: each scoped rule's predicate and queryset say the same.

Records are generated in every state that matters to a rule (hidden or not, authored by any
account of the cast, hidden by the secretariat or an administrator, a review of a standard or of
a concept, a reply or not, demonstration data or real) and checked against every actor kind.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.accounts.tests.agreement import AGREEMENT, Cast, assert_agrees, make_cast
from aigov.standards import services
from aigov.standards.models import (
    AssessmentTool,
    Concept,
    GapProposal,
    Review,
    Standard,
    Status,
)
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db

RULES = {
    "standards.view_standard",
    "standards.view_tool",
    "standards.view_review",
    "standards.view_gap",
}

MODERATORS = ("secretariat", "administrator")


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def standard() -> Standard:
    return make_standard()


def _hide(cast: Cast, record: Review | GapProposal, moderator: str) -> None:
    """Hide `record` through the moderation service, as the secretariat or an administrator."""
    if isinstance(record, Review):
        services.review_moderate(
            actor=cast[moderator], review=record, is_hidden=True, note="Off topic."
        )
    else:
        services.gap_moderate(actor=cast[moderator], gap=record, is_hidden=True, reason="Spam.")
    record.refresh_from_db()


@AGREEMENT
@given(
    author=st.integers(min_value=0, max_value=50),
    hidden=st.booleans(),
    moderator=st.sampled_from(MODERATORS),
    on_concept=st.booleans(),
    is_reply=st.booleans(),
)
def test_view_review_agrees(
    cast: Cast,
    standard: Standard,
    author: int,
    hidden: bool,
    moderator: str,
    on_concept: bool,
    is_reply: bool,
) -> None:
    people = cast.accounts
    writer = people[author % len(people)]
    subject = (
        {"concept": Concept.objects.order_by("slug").first()}
        if on_concept
        else {"standard": standard}
    )
    parent = (
        Review.objects.create(author=people[0], rationale="Parent.", position="support", **subject)
        if is_reply
        else None
    )
    review = Review.objects.create(
        author=writer, parent=parent, rationale="Agreement.", position="oppose", **subject
    )
    if hidden:
        _hide(cast, review, moderator)
    state = {"author": writer.email, "hidden": hidden, "concept": on_concept, "reply": is_reply}
    assert_agrees("standards.view_review", review, cast, state=state)


@AGREEMENT
@given(
    author=st.integers(min_value=0, max_value=50),
    hidden=st.booleans(),
    moderator=st.sampled_from(MODERATORS),
    is_demo=st.booleans(),
)
def test_view_gap_agrees(
    cast: Cast, author: int, hidden: bool, moderator: str, is_demo: bool
) -> None:
    people = cast.accounts
    writer = people[author % len(people)]
    gap = GapProposal.objects.create(
        title="A missing standard", rationale="Agreement.", author=writer, is_demo=is_demo
    )
    if hidden:
        _hide(cast, gap, moderator)
    state = {"author": writer.email, "hidden": hidden, "demo": is_demo}
    assert_agrees("standards.view_gap", gap, cast, state=state)


@AGREEMENT
@given(status=st.sampled_from(Status.values), is_demo=st.booleans())
def test_view_standard_agrees(cast: Cast, status: str, is_demo: bool) -> None:
    standard = make_standard(status=status)
    Standard.objects.filter(pk=standard.pk).update(is_demo=is_demo)
    state = {"status": status, "demo": is_demo}
    assert_agrees("standards.view_standard", standard, cast, state=state)


@AGREEMENT
@given(kind=st.sampled_from(AssessmentTool.Kind.values), is_demo=st.booleans())
def test_view_tool_agrees(cast: Cast, kind: str, is_demo: bool) -> None:
    number = AssessmentTool.objects.count() + 1
    tool = services.assessment_tool_register(
        actor=system_actor(Purpose.OPERATOR),
        slug=f"agreement-tool-{number}",
        name=f"Agreement tool {number}",
        provider="A provider",
        kind=kind,
        is_demo=is_demo,
    )
    assert_agrees("standards.view_tool", tool, cast, state={"kind": kind, "demo": is_demo})
