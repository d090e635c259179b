"""Agreement of the data module's rules: for every actor of the cast, the predicate
(`access.has`) and the queryset scope (`access.scope`, where pages, API, search, exports and
counts start) give the same answer about each record, in each state that changes who may
read it: draft or published, open or restricted, in a trust or not, entitlement live, revoked
or ended."""

import datetime

import pytest
from django.utils import timezone

from aigov.accounts.tests.agreement import assert_agrees, make_cast
from aigov.data import services
from aigov.data.models import Entitlement
from aigov.data.tests import factories

pytestmark = pytest.mark.django_db

RULES = {
    "data.view_dataset",
    "data.read_dataset_files",
    "data.view_trust",
    "data.view_access_request",
    "data.view_entitlement",
    "data.decide_access_request",
    "data.view_need",
}


def test_predicates_and_scopes_agree():
    cast = make_cast()
    trust_member = cast.actors["data_trustee"]
    trust = factories.make_trust(trust_member)
    outsider = factories.trustee()
    assert_agrees("data.view_trust", trust, cast)
    datasets = []
    for in_trust in (True, False):
        for access in ("open", "restricted"):
            for status in ("published", "draft"):
                dataset = factories.make_dataset(
                    trust_member if in_trust else outsider,
                    trust=trust if in_trust else None,
                    access=access,
                    status=status,
                    policy=factories.AFRICAN_RESEARCH_POLICY if access == "restricted" else None,
                )
                datasets.append(dataset)
                state = (in_trust, access, status)
                assert_agrees("data.view_dataset", dataset, cast, state=state)
                assert_agrees("data.read_dataset_files", dataset, cast, state=state)
    restricted = next(d for d in datasets if d.access == "restricted" and d.status == "published")
    for label in ("member", "learner"):
        request = services.access_request_submit(
            actor=cast.actors[label],
            dataset=restricted,
            purposes=["non_commercial_research"],
            country="KEN",
            duration_days=30,
        )
        assert_agrees("data.view_access_request", request, cast, state=label)
        assert_agrees("data.decide_access_request", request, cast, state=label)
        entitlement = Entitlement.objects.get(request=request)
        assert_agrees("data.view_entitlement", entitlement, cast, state="live")
        assert_agrees("data.read_dataset_files", restricted, cast, state=("entitled", label))
    own = services.access_request_submit(
        actor=trust_member,
        dataset=restricted,
        purposes=["public_sector_use"],
        country="KEN",
        duration_days=30,
    )
    assert_agrees("data.decide_access_request", own, cast, state="the decider's own")
    member_entitlement = Entitlement.objects.get(holder=cast.actors["member"])
    services.entitlement_revoke(actor=trust_member, entitlement=member_entitlement)
    assert_agrees("data.read_dataset_files", restricted, cast, state="one revoked")
    Entitlement.objects.filter(holder=cast.actors["learner"]).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert_agrees("data.read_dataset_files", restricted, cast, state="one ended")


def test_the_need_rule_agrees():
    cast = make_cast()
    for label in ("member", "learner", "data_trustee"):
        need = services.need_register(actor=cast.actors[label], country="KEN", why="Maps.")
        assert_agrees("data.view_need", need, cast, state=label)
