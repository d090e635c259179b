"""Each compute rule says the same thing twice: as a predicate (`has`, for one record) and as a
queryset scope (`scope`, for lists and counts). For every kind of actor and every record they
must agree, or a page would show what the API refuses (or count what it hides)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser

from aigov.accounts.access import Purpose, has, scope
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity.tests.factories import make_node
from aigov.compute import services
from aigov.compute.models import Allocation, AllocationRequest, Job, Project, Resource
from aigov.compute.tests.factories import (
    make_allocation,
    make_job,
    make_operator,
    make_project,
    make_request,
    make_resource,
)

pytestmark = pytest.mark.django_db

# Each rule that lists records, with the model it lists (accounts' coverage test reads RULES).
RULE_MODELS = [
    ("compute.view_resource", Resource),
    ("compute.change_resource", Resource),
    ("compute.view_project", Project),
    ("compute.request_allocation", Project),
    ("compute.view_request", AllocationRequest),
    ("compute.decide_request", AllocationRequest),
    ("compute.view_allocation", Allocation),
    ("compute.submit_job", Allocation),
    ("compute.view_job", Job),
]
RULES = {perm for perm, _model in RULE_MODELS}


def test_predicates_and_scopes_agree_for_every_actor_and_record():
    operator, other_operator, member = make_operator(), make_operator(), UserFactory()
    secretariat = UserFactory(role="secretariat")
    Authenticator.objects.create(user=secretariat, type=Authenticator.Type.TOTP, data={"x": 1})
    resource = make_resource(node=make_node(operators=[operator], country="KEN"))
    elsewhere = make_resource(node=make_node(operators=[other_operator], country="ZAF"))
    lead = UserFactory()
    project = services.project_create(
        actor=lead,
        title="Shared",
        country=make_project().country,
        purpose="P",
        members=[member],
    )
    allocation = make_allocation(project=project, resource=resource)
    make_request(project=project, resource=elsewhere)  # other operator sees this one only
    make_allocation(resource=elsewhere)  # someone else's project entirely
    for target in Allocation.objects.all():
        make_job(allocation=target)
    actors = {
        "visitor": AnonymousUser(),
        "stranger": UserFactory(),
        "lead": lead,
        "member": member,
        "operator": operator,
        "other operator": other_operator,
        "secretariat": secretariat,
        "dispatcher": system_actor(Purpose.COMPUTE_DISPATCH),
        "operator's command": system_actor(Purpose.OPERATOR),
    }
    checked = 0
    for perm, model in RULE_MODELS:
        records = list(model.objects.all())
        assert len(records) >= 2, perm
        for label, actor in actors.items():
            scoped = set(scope(actor, perm, model.objects.all()).values_list("pk", flat=True))
            for record in records:
                assert has(actor, perm, record) == (record.pk in scoped), (perm, label, record)
                checked += 1
    assert checked > 150
    # And the rules say what the README says, for the shared project's records.
    assert has(member, "compute.submit_job", allocation)
    assert not has(operator, "compute.submit_job", allocation)
    assert has(operator, "compute.view_job", Job.objects.get(allocation=allocation))
    assert not has(other_operator, "compute.view_allocation", allocation)
    assert has(other_operator, "compute.view_project", project)  # a request on their node
