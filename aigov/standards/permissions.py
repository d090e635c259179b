"""Rules of the standards module: who reads, edits, reviews and moderates.

Standards, definitions, tools and the gap matrix are public reference data. Reviews (of
standards and of concepts' definitions) and gap proposals are posted by registered participants
(a signed-in user holding a participant role, or belonging to an organisation); the secretariat
moderates them. A hidden review or gap proposal is seen only by the secretariat and its author:
for everyone else it is absent from pages, API, summaries, exports and counts.
"""

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from aigov.accounts.access import rule, scope
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


# A hidden gap proposal, like a hidden review, is seen only by the secretariat and its author.
gap_is_visible = review_is_visible
gap_is_open = review_is_open


def reviews_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the reviews (or gap proposals) `actor` may read: visible ones, all or own.

    Reached through `access.scope`, which already gives a deactivated account nothing.
    """
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(Q(is_hidden=False) | Q(author_id=actor.pk))
    return queryset.filter(is_hidden=False)


def public_records(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return every record: standards and tools are public reference data."""
    return queryset


@rules.predicate
def is_own_follow(user: Any, follow: Any) -> bool:
    if follow is None:
        return False
    return bool(getattr(user, "is_authenticated", False) and follow.user_id == user.pk)


def visible(actor: Any, perm: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the part of `queryset` that `actor` may read under `perm`.

    The system actor (commands, exports, tasks) cannot sign in, so `access` treats it as a
    deactivated account; it reads what a visitor reads.
    """
    if getattr(actor, "is_system", False):
        actor = AnonymousUser()
    return scope(actor, perm, queryset)


def register() -> None:
    # Public, but through the one mechanism: access.scope refuses a deactivated account, so a
    # deactivated follower neither reads the register nor hears of its changes.
    rule("standards.view_standard", rules.always_allow, scope=public_records)
    rule("standards.view_tool", rules.always_allow, scope=public_records)
    rule("standards.change_tool", is_secretariat_or_admin)
    rule("standards.follow", is_signed_in)
    rule("standards.unfollow", is_own_follow)
    rule("standards.change_standard", is_secretariat_or_admin)
    rule("standards.change_definition", is_secretariat_or_admin)
    rule("standards.view_review", review_is_visible, scope=reviews_visible_to)
    rule("standards.post_review", is_participant)
    # A reply goes under a review the replier can see and that moderation has not hidden.
    rule("standards.reply_review", is_participant & review_is_open)
    rule("standards.moderate_review", is_secretariat_or_admin)
    rule("standards.propose_gap", is_participant)
    rule("standards.endorse_gap", is_participant & gap_is_open)
    rule("standards.view_gap", gap_is_visible, scope=reviews_visible_to)
    rule("standards.moderate_gap", is_secretariat_or_admin)
