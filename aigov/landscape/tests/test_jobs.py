"""System jobs hold exactly the landscape permissions their purpose is granted (issue 16, part 1).

Before, the services let the system actor edit like the secretariat whatever it ran for; now
an operator's import edits the library, the demonstration job records UN projects, and every
other job reads what the public reads.
"""

from collections.abc import Callable
from typing import Any

import pytest

from aigov.accounts.access import Purpose
from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.errors import NotAllowed
from aigov.landscape import selectors, services
from aigov.landscape.models import ChangeProposal, Participation, Policy, UnProject
from aigov.landscape.tests.factories import InitiativeFactory
from aigov.standards.tests.contract import check_job_write

pytestmark = pytest.mark.django_db


def _policy(actor: Any) -> Any:
    values = {
        "slug": "jobs-strategy",
        "jurisdiction": "KEN",
        "title": "Jobs strategy",
        "kind": "strategy",
        "status": "proposed",
    }
    return services.policy_save(actor=actor, data=values)


def _participation(actor: Any) -> Any:
    values = {
        "initiative": InitiativeFactory().slug,
        "participant": "KEN",
        "basis": "endorser",
        "started_on": "1990-05-01",
    }
    return services.participation_save(actor=actor, data=values)


def _project(actor: Any) -> Any:
    return services.un_project_create(
        actor=actor, title="Jobs project", agency="ITU", year=2024, sdgs=[9], countries=["KEN"]
    )


WRITES: dict[str, tuple[Callable[[Any], Any], set[Purpose], Callable[[], int]]] = {
    # aigov import policies|participations (operator)
    "policy": (_policy, {Purpose.OPERATOR}, Policy.objects.count),
    "participation": (_participation, {Purpose.OPERATOR}, Participation.objects.count),
    # aigov demo load (demonstration UN AI projects)
    "un_project": (_project, {Purpose.DEMO_DATA}, UnProject.objects.count),
}


@pytest.mark.parametrize("purpose", list(Purpose))
@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_job_writes_only_what_its_purpose_is_granted(write: str, purpose: Purpose) -> None:
    check_job_write(purpose, *WRITES[write])


def test_the_secretariat_records_un_projects_and_nobody_else_does() -> None:
    secretariat = UserFactory(role=Role.SECRETARIAT)
    assert _project(secretariat).names == {"en": "Jobs project"}
    for someone in (
        UserFactory(role=Role.EXPERT),
        UserFactory(role=Role.FOCAL_POINT, role__country="KEN"),
    ):
        with pytest.raises(NotAllowed):
            _project(someone)
    assert UnProject.objects.count() == 1


@pytest.mark.parametrize("purpose", list(Purpose))
def test_a_job_reads_what_the_public_reads(purpose: Purpose) -> None:
    proposer = UserFactory(role=Role.FOCAL_POINT, role__country="KEN")
    proposal = services.proposal_submit(
        actor=proposer,
        subject="policy",
        data={
            "slug": "ken-jobs",
            "jurisdiction": "KEN",
            "title": "Proposed",
            "kind": "law",
            "status": "proposed",
        },
    )
    job = system_actor(purpose)
    assert not selectors.proposal_list(actor=job).filter(pk=proposal.pk).exists()
    assert selectors.policy_list(actor=job).count() == Policy.objects.count() > 0
    assert ChangeProposal.objects.count() == 1
