"""Rules of the standards module: who reads, edits, reviews and moderates.

Standards, definitions and the gap matrix are public reference data. Reviews are posted by
registered participants (a signed-in user holding a participant role, or belonging to an
organisation); the secretariat moderates them. A hidden review is seen only by the secretariat
and its author: for everyone else it is absent from pages, API, summaries and counts.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import rule
from aigov.accounts.models import Role
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in

is_secretariat_or_admin = is_administrator | is_secretariat


@rules.predicate
def belongs_to_organisation(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.organisation_id)


is_participant = is_signed_in & (
    is_administrator
    | belongs_to_organisation
    | has_role(Role.SECRETARIAT)
    | has_role(Role.FOCAL_POINT)
    | has_role(Role.EXPERT)
    | has_role(Role.SDO_REPRESENTATIVE)
)


@rules.predicate
def review_is_visible(user: Any, review: Any) -> bool:
    if review is None:
        return True
    if not review.is_hidden:
        return True
    if is_secretariat_or_admin(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and review.author_id == user.pk)


@rules.predicate
def review_is_open(user: Any, review: Any) -> bool:
    return review is None or not review.is_hidden


def reviews_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the reviews `actor` may read: visible ones, plus all (secretariat) or own.

    Selectors call this directly rather than through `access.scope`, which gives anonymous
    visitors (inactive in Django's terms) nothing: the public reads the visible reviews.
    """
    if getattr(actor, "is_active", True) is False and getattr(actor, "is_authenticated", False):
        return queryset.none()
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(Q(is_hidden=False) | Q(author_id=actor.pk))
    return queryset.filter(is_hidden=False)


def register() -> None:
    rule("standards.change_standard", is_secretariat_or_admin)
    rule("standards.change_definition", is_secretariat_or_admin)
    rule("standards.view_review", review_is_visible, scope=reviews_visible_to)
    rule("standards.post_review", is_participant)
    # A reply goes under a review the replier can see and that moderation has not hidden.
    rule("standards.reply_review", is_participant & review_is_open)
    rule("standards.moderate_review", is_secretariat_or_admin)
    rule("standards.propose_gap", is_participant)
    rule("standards.endorse_gap", is_participant)
