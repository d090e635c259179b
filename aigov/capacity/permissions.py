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
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in

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
    rule("capacity.manage_network", is_secretariat_or_admin)
    rule("capacity.enrol", is_signed_in)
    rule("capacity.view_enrolment", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.study", owns_record)
    rule("capacity.view_registration", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.view_credential", owns_record | is_secretariat_or_admin, scope=_own_records)
    rule("capacity.issue_credential", is_secretariat_or_admin)
    rule("capacity.revoke_credential", is_secretariat_or_admin)
