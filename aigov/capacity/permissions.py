"""Rules of the capacity module: who sees and edits nodes, offerings, progress and credentials.

- The catalogue is public: anyone sees published offerings; an unpublished one only its node's
  operators and the secretariat see.
- A node operator edits only the offerings of the nodes they operate (issue 7, item 8), with
  their nodes' providers or independent ones; the secretariat edits every offering and node.
- A learner sees only their own enrolments, progress, registrations and credentials; the
  secretariat sees all of them (for reporting).

System jobs hold only what their purpose needs (`jobs=`): the demonstration data generator
(`Purpose.DEMO_DATA`) writes the network, catalogue, readiness, market and library records of
`capacity/demo.py`; an operator's command (`Purpose.OPERATOR`) imports offerings
(`aigov import capacity-offerings`) and awards and revokes credentials (`aigov capacity
credential`). Every other job reads what the public reads.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.models import Role, User
from aigov.accounts.predicates import (
    focal_point_countries,
    has_role,
    is_administrator,
    is_secretariat,
    is_signed_in,
)
from aigov.capacity.models import (
    Collection,
    CollectionMember,
    Introduction,
    Node,
    Offer,
    Offering,
    Provider,
    ReadinessAssessment,
)
from aigov.taxonomy.models import Country

is_secretariat_or_admin = is_administrator | is_secretariat
is_node_operator = has_role(Role.NODE_OPERATOR)


def operated_node_ids(user: Actor) -> frozenset[int]:
    """Return the ids of the nodes `user` operates (cached on the account for the request)."""
    if not isinstance(user, User) or not is_node_operator(user):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_capacity_node_ids", None)
    if cached is None:
        cached = frozenset(user.operated_nodes.values_list("pk", flat=True))
        user._capacity_node_ids = cached  # type: ignore[attr-defined]  # a per-request cache
    return cached


def _signed_in_pk(actor: Actor) -> int | None:
    return actor.pk if isinstance(actor, User) and actor.is_authenticated else None


# The network and the catalogue -----------------------------------------------------------------


@rules.predicate
def operates_node(user: Actor, node: Node | None) -> bool:
    return node is not None and node.pk in operated_node_ids(user)


@rules.predicate
def operates_provider_node(user: Actor, provider: Provider | None) -> bool:
    return provider is not None and provider.node_id in operated_node_ids(user)


@rules.predicate
def is_independent_provider(user: Actor, provider: Provider | None) -> bool:
    return provider is not None and provider.node_id is None


@rules.predicate
def operates_offering_node(user: Actor, offering: Offering | None) -> bool:
    return offering is not None and offering.node_id in operated_node_ids(user)


@rules.predicate
def is_published(user: Actor, offering: Offering | None) -> bool:
    return offering is not None and bool(offering.is_published)


def _offerings_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    nodes = operated_node_ids(actor)
    if nodes:
        return queryset.filter(Q(is_published=True) | Q(node_id__in=nodes))
    return queryset.filter(is_published=True)


def _offerings_editable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(node_id__in=operated_node_ids(actor))


def _nodes_open_to_offerings_of(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The nodes `actor` may add offerings to: every one for the secretariat, else their own."""
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(pk__in=operated_node_ids(actor))


def _providers_usable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The providers `actor` may attach to an offering: every one for the secretariat; for a
    node operator, their nodes' providers and independent ones (no node)."""
    if is_secretariat_or_admin(actor):
        return queryset
    if not is_node_operator(actor):
        return queryset.none()
    return queryset.filter(Q(node__isnull=True) | Q(node_id__in=operated_node_ids(actor)))


# Learning: a learner's own records -----------------------------------------------------------


@rules.predicate
def owns_record(user: Actor, record: Any) -> bool:
    pk = _signed_in_pk(user)
    return pk is not None and record is not None and record.learner_id == pk


def _own_records(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    pk = _signed_in_pk(actor)
    return queryset.filter(learner_id=pk) if pk is not None else queryset.none()


# Readiness: a country's focal points and the secretariat; the public only with consent.


@rules.predicate
def is_focal_point_of_country(user: Actor, country: Country | str | None) -> bool:
    iso3 = country.pk if isinstance(country, Country) else country
    return iso3 is not None and iso3 in focal_point_countries(user)


@rules.predicate
def is_focal_point_of_assessment(user: Actor, assessment: ReadinessAssessment | None) -> bool:
    return assessment is not None and assessment.country_id in focal_point_countries(user)


@rules.predicate
def is_published_assessment(user: Actor, assessment: ReadinessAssessment | None) -> bool:
    return (
        assessment is not None
        and assessment.is_published
        and assessment.status == ReadinessAssessment.Status.SUBMITTED
    )


def _assessments_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    public = Q(is_published=True, status=ReadinessAssessment.Status.SUBMITTED)
    countries = focal_point_countries(actor)
    if countries:
        return queryset.filter(public | Q(country_id__in=countries))
    return queryset.filter(public)


def _assessments_editable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(country_id__in=focal_point_countries(actor))


def _countries_assessable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The countries `actor` may start an assessment of: their own, or all (the secretariat)."""
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(iso3__in=focal_point_countries(actor))


# Matchmaking: needs and offers are seen by members (signed in); an introduction only by the
# two sides (the need's owner, the offer's owner or its node's operators) and the secretariat.


@rules.predicate
def owns(user: Actor, record: Any) -> bool:
    pk = _signed_in_pk(user)
    return pk is not None and record is not None and record.owner_id == pk


@rules.predicate
def operates_offer_node(user: Actor, offer: Offer | None) -> bool:
    return (
        offer is not None and offer.node_id is not None and offer.node_id in operated_node_ids(user)
    )


@rules.predicate
def is_need_side(user: Actor, introduction: Introduction | None) -> bool:
    return introduction is not None and owns(user, introduction.need)


@rules.predicate
def is_offer_side(user: Actor, introduction: Introduction | None) -> bool:
    return introduction is not None and (
        owns(user, introduction.offer) or operates_offer_node(user, introduction.offer)
    )


def _members_only(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if _signed_in_pk(actor) is not None else queryset.none()


def _introductions_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    pk = _signed_in_pk(actor)
    if pk is None:
        return queryset.none()
    return queryset.filter(
        Q(need__owner_id=pk)
        | Q(offer__owner_id=pk)
        | Q(offer__node_id__in=operated_node_ids(actor))
    )


def introductions_to_answer(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the introductions of `queryset` on `actor`'s offer side (the offer's owner, or an
    operator of its node): the provider is who answers them. The secretariat may answer any
    (`capacity.answer_introduction`), but an introduction waits on its provider, so the inbox
    lists it for the provider alone."""
    pk = _signed_in_pk(actor)
    if pk is None:
        return queryset.none()
    return queryset.filter(Q(offer__owner_id=pk) | Q(offer__node_id__in=operated_node_ids(actor)))


def _people_trained_scope(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if is_secretariat_or_admin(actor) else queryset.none()


# The digital library: a collection is seen by its owner, the people it is shared with and, when
# public, everyone; only the owner changes or shares it; members marked as editors add items.
# Making a collection private hides it from its members without forgetting them.

_SHARED = (Collection.Visibility.SHARED, Collection.Visibility.PUBLIC)


def _membership(user: Actor, collection: Collection | None, *, editor: bool) -> bool:
    pk = _signed_in_pk(user)
    if pk is None or collection is None or collection.visibility not in _SHARED:
        return False
    memberships = collection.memberships.filter(user_id=pk)
    return memberships.filter(can_edit=True).exists() if editor else memberships.exists()


@rules.predicate
def owns_collection(user: Actor, collection: Collection | None) -> bool:
    return owns(user, collection)


@rules.predicate
def is_public_collection(user: Actor, collection: Collection | None) -> bool:
    return collection is not None and collection.visibility == Collection.Visibility.PUBLIC


@rules.predicate
def is_collection_member(user: Actor, collection: Collection | None) -> bool:
    return _membership(user, collection, editor=False)


@rules.predicate
def is_collection_editor(user: Actor, collection: Collection | None) -> bool:
    return _membership(user, collection, editor=True)


@rules.predicate
def is_the_member(user: Actor, member: CollectionMember | None) -> bool:
    pk = _signed_in_pk(user)
    return pk is not None and member is not None and member.user_id == pk


@rules.predicate
def owns_membership_collection(user: Actor, member: CollectionMember | None) -> bool:
    return member is not None and owns(user, member.collection)


def _collections_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    public = Q(visibility=Collection.Visibility.PUBLIC)
    pk = _signed_in_pk(actor)
    if pk is None:
        return queryset.filter(public)
    members = CollectionMember.objects.filter(user_id=pk).values("collection_id")
    # A subquery rather than a join: a join on memberships would repeat rows, and DISTINCT on
    # the JSON columns is refused by PostgreSQL.
    return queryset.filter(public | Q(owner_id=pk) | Q(visibility__in=_SHARED, pk__in=members))


def _collections_curated_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    pk = _signed_in_pk(actor)
    if pk is None:
        return queryset.none()
    editors = CollectionMember.objects.filter(user_id=pk, can_edit=True).values("collection_id")
    return queryset.filter(Q(owner_id=pk) | Q(visibility__in=_SHARED, pk__in=editors))


def register() -> None:
    demo, operator = Purpose.DEMO_DATA, Purpose.OPERATOR
    # The catalogue and the network.
    rule(
        "capacity.view_offering",
        is_published | is_secretariat_or_admin | operates_offering_node,
        scope=_offerings_visible_to,
    )
    rule(
        "capacity.change_offering",
        is_secretariat_or_admin | operates_offering_node,
        scope=_offerings_editable_by,
        jobs=(operator, demo),  # `aigov import` changes known slugs; the demo writes a course
    )
    # Creating an offering is asked of the node it will belong to (None: no node); the scope
    # lists the nodes an actor may add offerings to.
    rule(
        "capacity.create_offering",
        is_secretariat_or_admin | operates_node,
        scope=_nodes_open_to_offerings_of,
        jobs=(operator, demo),
    )
    rule(
        "capacity.use_provider",
        is_secretariat_or_admin
        | operates_provider_node
        | (is_node_operator & is_independent_provider),
        scope=_providers_usable_by,
    )
    rule("capacity.change_node", is_secretariat_or_admin | operates_node, jobs=(demo,))
    rule("capacity.change_provider", is_secretariat_or_admin | operates_provider_node)
    rule("capacity.manage_network", is_secretariat_or_admin, jobs=(demo,))
    # Learning.
    rule("capacity.enrol", is_signed_in)
    rule("capacity.view_enrolment", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.study", owns_record)
    rule("capacity.view_registration", owns_record | is_secretariat_or_admin, scope=_own_records)
    # A learner cancels their own registration; the secretariat anyone's.
    rule("capacity.cancel_registration", owns_record | is_secretariat_or_admin)
    rule("capacity.view_credential", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.issue_credential", is_secretariat_or_admin, jobs=(operator,))
    rule("capacity.revoke_credential", is_secretariat_or_admin, jobs=(operator,))
    # Readiness self-assessment.
    rule(
        "capacity.view_assessment",
        is_published_assessment | is_secretariat_or_admin | is_focal_point_of_assessment,
        scope=_assessments_visible_to,
    )
    # Asked of a country (or its ISO alpha-3 code); the scope lists the countries.
    rule(
        "capacity.create_assessment",
        is_secretariat_or_admin | is_focal_point_of_country,
        scope=_countries_assessable_by,
        jobs=(demo,),
    )
    rule(
        "capacity.change_assessment",
        is_secretariat_or_admin | is_focal_point_of_assessment,
        scope=_assessments_editable_by,
        jobs=(demo,),  # the demonstration assessments are submitted as they are made
    )
    # Consent to publish is the country's: only its focal points give or withdraw it.
    rule("capacity.publish_assessment", is_focal_point_of_assessment)
    # Matchmaking.
    rule("capacity.view_need", is_signed_in, scope=_members_only)
    rule("capacity.view_offer", is_signed_in, scope=_members_only)
    rule("capacity.create_need", is_signed_in, jobs=(demo,))
    rule(
        "capacity.create_need_for_country",
        is_secretariat_or_admin | is_focal_point_of_country,
        jobs=(demo,),
    )
    rule("capacity.change_need", owns | is_secretariat_or_admin)
    rule("capacity.create_offer", is_signed_in)
    rule("capacity.change_offer", owns | operates_offer_node | is_secretariat_or_admin)
    rule(
        "capacity.view_introduction",
        is_need_side | is_offer_side | is_secretariat_or_admin,
        scope=_introductions_visible_to,
    )
    rule("capacity.answer_introduction", is_offer_side | is_secretariat_or_admin)
    rule("capacity.progress_introduction", is_need_side | is_offer_side | is_secretariat_or_admin)
    # The digital library.
    rule(
        "capacity.view_collection",
        owns_collection | is_public_collection | is_collection_member,
        scope=_collections_visible_to,
    )
    # Whom a collection is shared with: its owner and its members see it, nobody else.
    rule("capacity.view_collection_members", owns_collection | is_collection_member)
    rule("capacity.create_collection", is_signed_in, jobs=(demo,))
    rule("capacity.change_collection", owns_collection)
    # Asked of a membership: the owner stops sharing with somebody, or the member leaves.
    rule("capacity.unshare_collection", is_the_member | owns_membership_collection)
    rule(
        "capacity.curate_collection",
        owns_collection | is_collection_editor,
        scope=_collections_curated_by,
        jobs=(demo,),
    )
    # Reporting for resolution 78/311: people trained, aggregated, for the secretariat only:
    # small cells are suppressed, but without secondary suppression a small group can still be
    # worked out from a total and its dimension's other cells, so the figures are not public
    # (`aigov export capacity-people-trained --as <secretariat e-mail>` writes them).
    rule("capacity.view_report", is_secretariat_or_admin, scope=_people_trained_scope)
