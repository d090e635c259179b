"""Rules of the capacity module: who sees and edits nodes, offerings, progress and credentials.

- The catalogue is public: anyone sees published offerings; an unpublished one only its node's
  operators and the secretariat see.
- A node operator edits only the offerings of the nodes they operate (issue 7, item 8); the
  secretariat edits every offering and node.
- A learner sees only their own enrolments, progress, registrations and credentials; the
  secretariat sees all of them (for reporting).
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import rule
from aigov.accounts.models import Role
from aigov.accounts.predicates import (
    focal_point_countries,
    has_role,
    is_administrator,
    is_secretariat,
    is_signed_in,
)

is_secretariat_or_admin = is_administrator | is_secretariat
is_node_operator = has_role(Role.NODE_OPERATOR)


def operated_node_ids(user: Any) -> frozenset[int]:
    """Return the ids of the nodes `user` operates (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False) or not is_node_operator(user):
        return frozenset()
    cached = getattr(user, "_capacity_node_ids", None)
    if cached is None:
        cached = frozenset(user.operated_nodes.values_list("pk", flat=True))
        user._capacity_node_ids = cached
    return cached


@rules.predicate
def operates_node(user: Any, node: Any) -> bool:
    return node is not None and node.pk in operated_node_ids(user)


@rules.predicate
def operates_provider_node(user: Any, provider: Any) -> bool:
    return provider is not None and provider.node_id in operated_node_ids(user)


@rules.predicate
def operates_offering_node(user: Any, offering: Any) -> bool:
    return offering is not None and offering.node_id in operated_node_ids(user)


@rules.predicate
def is_published(user: Any, offering: Any) -> bool:
    return offering is not None and bool(offering.is_published)


@rules.predicate
def owns_record(user: Any, record: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and record is not None
        and record.learner_id == user.pk
    )


def _offerings_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    nodes = operated_node_ids(actor)
    if nodes:
        return queryset.filter(Q(is_published=True) | Q(node_id__in=nodes))
    return queryset.filter(is_published=True)


def _offerings_editable_by(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(node_id__in=operated_node_ids(actor))


def _own_records(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(learner_id=actor.pk)
    return queryset.none()


# Readiness: a country's focal points and the secretariat; the public only with consent.


@rules.predicate
def is_focal_point_of_country(user: Any, country: Any) -> bool:
    iso3 = getattr(country, "pk", country)
    return iso3 is not None and iso3 in focal_point_countries(user)


@rules.predicate
def is_focal_point_of_assessment(user: Any, assessment: Any) -> bool:
    return assessment is not None and assessment.country_id in focal_point_countries(user)


@rules.predicate
def is_published_assessment(user: Any, assessment: Any) -> bool:
    return (
        assessment is not None
        and assessment.is_published
        and assessment.status == assessment.Status.SUBMITTED
    )


def _assessments_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    public = Q(is_published=True, status="submitted")
    countries = focal_point_countries(actor)
    if countries:
        return queryset.filter(public | Q(country_id__in=countries))
    return queryset.filter(public)


def _assessments_editable_by(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    return queryset.filter(country_id__in=focal_point_countries(actor))


# Matchmaking: needs and offers are seen by members (signed in); an introduction only by the
# two sides (the need's owner, the offer's owner or its node's operators) and the secretariat.


@rules.predicate
def owns(user: Any, record: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and record is not None
        and record.owner_id == user.pk
    )


@rules.predicate
def operates_offer_node(user: Any, offer: Any) -> bool:
    return (
        offer is not None and offer.node_id is not None and offer.node_id in operated_node_ids(user)
    )


@rules.predicate
def is_need_side(user: Any, introduction: Any) -> bool:
    return introduction is not None and owns(user, introduction.need)


@rules.predicate
def is_offer_side(user: Any, introduction: Any) -> bool:
    return introduction is not None and (
        owns(user, introduction.offer) or operates_offer_node(user, introduction.offer)
    )


def _members_only(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if getattr(actor, "is_authenticated", False) else queryset.none()


def _introductions_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    if not getattr(actor, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(
        Q(need__owner_id=actor.pk)
        | Q(offer__owner_id=actor.pk)
        | Q(offer__node_id__in=operated_node_ids(actor))
    )


def _people_trained_scope(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if is_secretariat_or_admin(actor) else queryset.none()


# The digital library: a collection is seen by its owner, the people it is shared with and, when
# public, everyone; only the owner changes or shares it; members marked as editors add items.


def _member(user: Any, collection: Any, *, editor: bool) -> bool:
    if not getattr(user, "is_authenticated", False) or collection is None:
        return False
    memberships = collection.memberships.filter(user_id=user.pk)
    return memberships.filter(can_edit=True).exists() if editor else memberships.exists()


@rules.predicate
def owns_collection(user: Any, collection: Any) -> bool:
    return owns(user, collection)


@rules.predicate
def is_public_collection(user: Any, collection: Any) -> bool:
    return collection is not None and collection.visibility == "public"


@rules.predicate
def is_collection_member(user: Any, collection: Any) -> bool:
    return (
        collection is not None
        and collection.visibility != "private"
        and _member(user, collection, editor=False)
    )


@rules.predicate
def is_collection_editor(user: Any, collection: Any) -> bool:
    return (
        collection is not None
        and collection.visibility != "private"
        and _member(user, collection, editor=True)
    )


def _collections_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    public = Q(visibility="public")
    if not getattr(actor, "is_authenticated", False):
        return queryset.filter(public)
    shared = Q(visibility__in=["shared", "public"], memberships__user_id=actor.pk)
    # The membership join may repeat a row; select the keys instead of DISTINCT on JSON columns.
    keys = queryset.model.objects.filter(public | Q(owner_id=actor.pk) | shared).values("pk")
    return queryset.filter(pk__in=keys)


def register() -> None:
    rule(
        "capacity.view_offering",
        is_published | is_secretariat_or_admin | operates_offering_node,
        scope=_offerings_visible_to,
    )
    rule(
        "capacity.change_offering",
        is_secretariat_or_admin | operates_offering_node,
        scope=_offerings_editable_by,
    )
    # Creating an offering is asked of the node it will belong to (None: no node).
    rule("capacity.create_offering", is_secretariat_or_admin | operates_node)
    rule("capacity.change_node", is_secretariat_or_admin | operates_node)
    rule("capacity.change_provider", is_secretariat_or_admin | operates_provider_node)
    rule("capacity.manage_network", is_secretariat_or_admin)
    rule("capacity.enrol", is_signed_in)
    rule("capacity.view_enrolment", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.study", owns_record)
    rule("capacity.view_registration", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.view_credential", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.issue_credential", is_secretariat_or_admin)
    rule("capacity.revoke_credential", is_secretariat_or_admin)
    # Readiness self-assessment.
    rule(
        "capacity.view_assessment",
        is_published_assessment | is_secretariat_or_admin | is_focal_point_of_assessment,
        scope=_assessments_visible_to,
    )
    rule("capacity.create_assessment", is_secretariat_or_admin | is_focal_point_of_country)
    rule(
        "capacity.change_assessment",
        is_secretariat_or_admin | is_focal_point_of_assessment,
        scope=_assessments_editable_by,
    )
    # Consent to publish is the country's: only its focal points give or withdraw it.
    rule("capacity.publish_assessment", is_focal_point_of_assessment)
    # Matchmaking.
    rule("capacity.view_need", is_signed_in, scope=_members_only)
    rule("capacity.view_offer", is_signed_in, scope=_members_only)
    rule("capacity.create_need", is_signed_in)
    rule("capacity.create_need_for_country", is_secretariat_or_admin | is_focal_point_of_country)
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
    rule("capacity.create_collection", is_signed_in)
    rule("capacity.change_collection", owns_collection)
    rule("capacity.curate_collection", owns_collection | is_collection_editor)
    # Reporting for resolution 78/311: people trained, aggregated, for the secretariat.
    rule("capacity.view_report", is_secretariat_or_admin, scope=_people_trained_scope)
