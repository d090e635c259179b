"""Agreement of the capacity rules: for every rule with a scope, `has` and `scope` answer alike.

Each test generates a record's states (published or not, the node it belongs to, its owner or
learner drawn from the cast, country home or abroad, visibility and members …) and checks every
actor of the cast against it (see aigov/accounts/tests/agreement.py).
"""

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aigov.accounts import access
from aigov.accounts.models import User
from aigov.accounts.tests.agreement import (
    ABROAD,
    AGREEMENT,
    HOME,
    Cast,
    assert_agrees,
    make_cast,
)
from aigov.capacity.models import (
    Collection,
    CollectionMember,
    Credential,
    Enrolment,
    Introduction,
    Need,
    Node,
    Offer,
    Offering,
    ReadinessAssessment,
    Registration,
)
from aigov.capacity.tests.factories import make_course, make_node, make_offering, make_provider
from aigov.taxonomy.models import Country

pytestmark = pytest.mark.django_db

RULES = {
    "capacity.view_offering",
    "capacity.change_offering",
    "capacity.create_offering",
    "capacity.use_provider",
    "capacity.view_enrolment",
    "capacity.view_registration",
    "capacity.view_credential",
    "capacity.view_assessment",
    "capacity.create_assessment",
    "capacity.change_assessment",
    "capacity.view_need",
    "capacity.view_offer",
    "capacity.view_introduction",
    "capacity.view_collection",
    "capacity.curate_collection",
    "capacity.view_report",
}

NODES = ("home", "other", None)  # operated by the cast's node operator, by nobody, no node
COUNTRIES = (HOME, ABROAD, "NER")  # the focal points' two countries, and a third
_indexes = itertools.count(1)


@dataclass
class World:
    cast: Cast
    nodes: dict[str, Node]
    course: Offering

    def node(self, which: str | None) -> Node | None:
        return None if which is None else self.nodes[which]

    def account(self, index: int) -> User:
        people = self.cast.accounts
        return people[index % len(people)]


@pytest.fixture
def world() -> World:
    cast = make_cast()
    operator = cast["node_operator"]
    assert isinstance(operator, User)
    nodes = {"home": make_node(operators=[operator]), "other": make_node()}
    return World(cast=cast, nodes=nodes, course=make_course())


def test_every_scoped_capacity_rule_has_an_agreement_test() -> None:
    scoped = {perm for perm in access.registered_permissions() if perm.startswith("capacity.")}
    assert scoped == RULES


accounts = st.integers(min_value=0, max_value=50)


# The catalogue and the network -----------------------------------------------------------------


@AGREEMENT
@given(node=st.sampled_from(NODES), published=st.booleans())
def test_offering_rules_agree(world: World, node: str | None, published: bool) -> None:
    offering = make_offering(node=world.node(node), is_published=published)
    state = {"node": node, "published": published}
    assert_agrees("capacity.view_offering", offering, world.cast, state=state)
    assert_agrees("capacity.change_offering", offering, world.cast, state=state)


@AGREEMENT
@given(operator=st.none() | accounts)
def test_create_offering_in_a_node_agrees(world: World, operator: int | None) -> None:
    # The node's operator is any account of the cast: only one holding the role counts.
    people = [] if operator is None else [world.account(operator)]
    node = make_node(operators=people)
    state = {"operators": [p.email for p in people]}
    assert_agrees("capacity.create_offering", node, world.cast, state=state)


@AGREEMENT
@given(node=st.sampled_from(NODES))
def test_use_provider_agrees(world: World, node: str | None) -> None:
    provider = make_provider(node=world.node(node))
    assert_agrees("capacity.use_provider", provider, world.cast, state={"node": node})


# Learning ------------------------------------------------------------------------------------


@AGREEMENT
@given(learner=accounts, completed=st.booleans())
def test_enrolment_rules_agree(world: World, learner: int, completed: bool) -> None:
    status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.ACTIVE
    enrolment, _created = Enrolment.objects.update_or_create(
        learner=world.account(learner), offering=world.course, defaults={"status": status}
    )
    state = {"learner": enrolment.learner.email, "status": status}
    assert_agrees("capacity.view_enrolment", enrolment, world.cast, state=state)
    assert_agrees("capacity.view_report", enrolment, world.cast, state=state)


@AGREEMENT
@given(learner=accounts, status=st.sampled_from(Registration.Status.values))
def test_view_registration_agrees(world: World, learner: int, status: str) -> None:
    registration, _created = Registration.objects.update_or_create(
        learner=world.account(learner), offering=world.course, defaults={"status": status}
    )
    state = {"learner": registration.learner.email, "status": status}
    assert_agrees("capacity.view_registration", registration, world.cast, state=state)


@AGREEMENT
@given(learner=accounts, revoked=st.booleans())
def test_view_credential_agrees(world: World, learner: int, revoked: bool) -> None:
    from django.utils import timezone

    credential = Credential.objects.create(
        learner=world.account(learner),
        offering=world.course,
        status_index=next(_indexes),
        document={},
        revoked_at=timezone.now() if revoked else None,
    )
    state = {"learner": credential.learner.email, "revoked": revoked}
    assert_agrees("capacity.view_credential", credential, world.cast, state=state)


# Readiness -----------------------------------------------------------------------------------


@AGREEMENT
@given(
    country=st.sampled_from(COUNTRIES),
    submitted=st.booleans(),
    published=st.booleans(),
    author=accounts,
)
def test_assessment_rules_agree(
    world: World, country: str, submitted: bool, published: bool, author: int
) -> None:
    assessment = ReadinessAssessment.objects.create(
        country_id=country,
        instrument="aigov-2026.1",
        status="submitted" if submitted else "draft",
        is_published=submitted and published,  # only a submitted one can be published
        created_by=world.account(author),
    )
    state = {"country": country, "status": assessment.status, "published": published}
    assert_agrees("capacity.view_assessment", assessment, world.cast, state=state)
    assert_agrees("capacity.change_assessment", assessment, world.cast, state=state)


@AGREEMENT
@given(country=st.sampled_from(COUNTRIES))
def test_create_assessment_for_a_country_agrees(world: World, country: str) -> None:
    record = Country.objects.get(pk=country)
    assert_agrees("capacity.create_assessment", record, world.cast, state={"country": country})


# Matchmaking ---------------------------------------------------------------------------------


def _need(owner: User, status: str = Need.Status.OPEN) -> Need:
    return Need.objects.create(
        owner=owner, title="Need", topics=["policy"], languages=["fr"], people=5, status=status
    )


def _offer(owner: User, node: Node | None, status: str = Offer.Status.OPEN) -> Offer:
    return Offer.objects.create(
        owner=owner,
        title="Offer",
        topics=["policy"],
        languages=["fr"],
        seats=5,
        node=node,
        status=status,
    )


@AGREEMENT
@given(
    owner=accounts,
    need_status=st.sampled_from(Need.Status.values),
    offer_status=st.sampled_from(Offer.Status.values),
    node=st.sampled_from(NODES),
)
def test_need_and_offer_rules_agree(
    world: World, owner: int, need_status: str, offer_status: str, node: str | None
) -> None:
    need = _need(world.account(owner), need_status)
    offer = _offer(world.account(owner), world.node(node), offer_status)
    assert_agrees("capacity.view_need", need, world.cast, state={"status": need_status})
    assert_agrees("capacity.view_offer", offer, world.cast, state={"status": offer_status})


@AGREEMENT
@given(
    need_owner=accounts,
    offer_owner=accounts,
    node=st.sampled_from(NODES),
    status=st.sampled_from(Introduction.Status.values),
)
def test_view_introduction_agrees(
    world: World, need_owner: int, offer_owner: int, node: str | None, status: str
) -> None:
    need = _need(world.account(need_owner))
    offer = _offer(world.account(offer_owner), world.node(node))
    introduction = Introduction.objects.create(
        need=need, offer=offer, created_by=need.owner, message="Hello", score=50, status=status
    )
    state = {
        "need_owner": need.owner.email,
        "offer_owner": offer.owner.email,
        "node": node,
        "status": status,
    }
    assert_agrees("capacity.view_introduction", introduction, world.cast, state=state)


# The digital library -------------------------------------------------------------------------


@AGREEMENT
@given(
    owner=accounts,
    visibility=st.sampled_from(Collection.Visibility.values),
    members=st.lists(st.tuples(accounts, st.booleans()), max_size=4),
)
def test_collection_rules_agree(
    world: World, owner: int, visibility: str, members: list[tuple[int, bool]]
) -> None:
    collection = Collection.objects.create(
        owner=world.account(owner), titles={"en": "Reading list"}, visibility=visibility
    )
    shared = {world.account(index): can_edit for index, can_edit in members}
    for user, can_edit in shared.items():
        if user.pk != collection.owner_id:
            CollectionMember.objects.create(collection=collection, user=user, can_edit=can_edit)
    state = {
        "owner": collection.owner.email,
        "visibility": visibility,
        "members": {user.email: can_edit for user, can_edit in shared.items()},
    }
    assert_agrees("capacity.view_collection", collection, world.cast, state=state)
    assert_agrees("capacity.curate_collection", collection, world.cast, state=state)


def test_jobs_hold_only_what_their_purpose_needs(world: World) -> None:
    cast = world.cast
    node, offering = world.nodes["other"], make_offering(is_published=False)
    assert access.has(cast["job_demo-data"], "capacity.manage_network")
    assert access.has(cast["job_operator"], "capacity.change_offering", offering)
    assert access.has(cast["job_operator"], "capacity.issue_credential")
    assert not access.has(cast["job_operator"], "capacity.manage_network")
    assert not access.has(cast["job_operator"], "capacity.view_report")
    assert not access.has(cast["job_notification"], "capacity.create_offering", node)
    # A job not granted a permission reads what the public reads: no unpublished offering.
    assert not access.has(cast["job_operator"], "capacity.view_offering", offering)
    hidden = Offering.objects.filter(pk=offering.pk)
    assert not access.scope(cast["job_demo-data"], "capacity.view_offering", hidden).exists()
