"""System jobs hold exactly the standards permissions their purpose is granted (issue 16, part 1).

Before, every service skipped its check for the system actor, whatever it ran for; now a job
writes only what its command needs, and reads what the public reads.
"""

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry

from aigov.accounts.access import Purpose
from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import NotAllowed
from aigov.standards import selectors, services
from aigov.standards.models import AssessmentTool, Concept, Review, Standard, Status
from aigov.standards.tests.contract import check_job_write
from aigov.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def _register(actor: Any) -> Any:
    body = Standard.objects.get(reference="ISO/IEC 42001:2023").body
    return services.standard_register(
        actor=actor, body=body, reference="JOBS 1", titles={"en": "Jobs"}, status=Status.PROPOSAL
    )


def _tag(actor: Any) -> Any:
    standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    return services.standard_tags_set(actor=actor, standard=standard, tags={"sdgs": [9]})


def _tool(actor: Any) -> Any:
    return services.assessment_tool_register(
        actor=actor, slug="jobs-tool", name="Jobs tool", provider="P", kind="checklist"
    )


def _definitions(actor: Any) -> Any:
    return services.definitions_import(
        actor=actor, concepts=[{"slug": "jobs", "labels": {"en": "Jobs"}}], definitions=[]
    )


WRITES: dict[str, tuple[Callable[[Any], Any], set[Purpose], Callable[[], int]]] = {
    # aigov import standards (operator), aigov load-reference (the loader sets tags)
    "register": (
        _register,
        {Purpose.OPERATOR, Purpose.REFERENCE_LOAD},
        Standard.objects.count,
    ),
    "tag": (
        _tag,
        {Purpose.OPERATOR, Purpose.REFERENCE_LOAD},
        lambda: Standard.objects.filter(sdgs__number=9).count(),
    ),
    # aigov import standard-tools (operator), aigov demo load (demonstration tools)
    "tool": (_tool, {Purpose.OPERATOR, Purpose.DEMO_DATA}, AssessmentTool.objects.count),
    # aigov standards definitions import (operator)
    "definitions": (_definitions, {Purpose.OPERATOR}, Concept.objects.count),
}


@pytest.mark.parametrize("purpose", list(Purpose))
@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_job_writes_only_what_its_purpose_is_granted(write: str, purpose: Purpose) -> None:
    check_job_write(purpose, *WRITES[write])


def test_only_the_demonstration_job_writes_on_behalf_of_a_participant() -> None:
    standard = make_standard()
    expert, learner = UserFactory(role=Role.EXPERT), UserFactory(role=Role.LEARNER)
    for purpose in set(Purpose) - {Purpose.DEMO_DATA}:
        with pytest.raises(NotAllowed):
            services.review_post(
                actor=system_actor(purpose),
                standard=standard,
                position="support",
                rationale="Posing as someone else.",
                on_behalf_of=expert,
            )
    # The participant named must hold the permission itself.
    with pytest.raises(NotAllowed):
        services.gap_propose(
            actor=system_actor(Purpose.DEMO_DATA),
            title="Missing",
            rationale="Because.",
            on_behalf_of=learner,
        )
    assert not Review.objects.exists()
    demo_job = system_actor(Purpose.DEMO_DATA)
    review = services.review_post(
        actor=demo_job,
        standard=standard,
        position="support",
        rationale="Generated.",
        on_behalf_of=expert,
        is_demo=True,
    )
    assert review.author == expert
    entry = LogEntry.objects.get_for_object(review).get()
    assert entry.additional_data["action"] == "standards.review.create"
    assert entry.actor_id == demo_job.pk  # the audit log names the job, not the participant


@pytest.mark.parametrize("purpose", list(Purpose))
def test_a_job_reads_what_the_public_reads(purpose: Purpose) -> None:
    standard = make_standard()
    author = UserFactory(role=Role.EXPERT)
    review = services.review_post(
        actor=author, standard=standard, position="oppose", rationale="Hidden later."
    )
    gap = services.gap_propose(actor=author, title="Hidden gap", rationale="Later hidden.")
    secretariat = UserFactory(role=Role.SECRETARIAT)
    services.review_moderate(actor=secretariat, review=review, is_hidden=True)
    services.gap_moderate(actor=secretariat, gap=gap, is_hidden=True, reason="Spam.")
    job = system_actor(purpose)
    assert not selectors.review_list(actor=job, standard=standard).exists()
    assert not selectors.gap_proposal_list(actor=job).filter(pk=gap.pk).exists()
    assert selectors.standard_list(actor=job).filter(pk=standard.pk).exists()
