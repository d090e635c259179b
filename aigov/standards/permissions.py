"""Rules of the standards module: who reads, edits, reviews and moderates.

Standards, definitions, tools and the gap matrix are public reference data. Reviews (of
standards and of concepts' definitions) and gap proposals are posted by registered participants
(a signed-in user holding a participant role, or belonging to an organisation); the secretariat
moderates them. A hidden review or gap proposal is seen only by the secretariat and its author:
for everyone else it is absent from pages, API, summaries, exports and counts.

System jobs hold only what their commands write (`jobs=`): `aigov load-reference` tags the
standards it loads; an operator's `aigov import standards|standard-tools` and
`aigov standards definitions import` change the register; `aigov demo load` registers
demonstration tools and posts demonstration reviews and gap proposals on behalf of the
demonstration participants. For every other permission a job reads what the public reads.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.models import Role, User
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in

is_secretariat_or_admin = is_administrator | is_secretariat


@rules.predicate
def belongs_to_organisation(user: Actor) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.organisation_id is not None


is_participant = is_signed_in & (
    is_administrator
    | belongs_to_organisation
    | has_role(Role.SECRETARIAT)
    | has_role(Role.FOCAL_POINT)
    | has_role(Role.EXPERT)
    | has_role(Role.SDO_REPRESENTATIVE)
)


@rules.predicate
def is_author(user: Actor, record: Any) -> bool:
    return bool(
        record is not None
        and getattr(user, "is_authenticated", False)
        and record.author_id == user.pk
    )


@rules.predicate
def is_open(user: Actor, record: Any) -> bool:
    """Not hidden by moderation (a review or a gap proposal)."""
    return record is None or not record.is_hidden


# A hidden review or gap proposal is seen only by the secretariat and its author; the scope
# below says the same as a queryset.
is_visible_contribution = is_open | is_secretariat_or_admin | is_author


def contributions_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the reviews (or gap proposals) `actor` may read: visible ones, all or own.

    Reached through `access.scope`, which already gives a deactivated account nothing and a job
    what a visitor reads.
    """
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(Q(is_hidden=False) | Q(author_id=actor.pk))
    return queryset.filter(is_hidden=False)


def public_records(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return every record: standards and tools are public reference data."""
    return queryset


@rules.predicate
def is_own_follow(user: Actor, follow: Any) -> bool:
    if follow is None:
        return False
    return bool(getattr(user, "is_authenticated", False) and follow.user_id == user.pk)


def register() -> None:
    operator, demo = Purpose.OPERATOR, Purpose.DEMO_DATA
    # Public, but through the one mechanism: access.scope refuses a deactivated account, so a
    # deactivated follower neither reads the register nor hears of its changes.
    rule("standards.view_standard", rules.always_allow, scope=public_records)
    rule("standards.view_tool", rules.always_allow, scope=public_records)
    rule("standards.change_tool", is_secretariat_or_admin, jobs=(operator, demo))
    rule("standards.follow", is_signed_in)
    rule("standards.unfollow", is_own_follow)
    # The loader sets the tags of the standards it loads through standard_tags_set.
    rule(
        "standards.change_standard",
        is_secretariat_or_admin,
        jobs=(operator, Purpose.REFERENCE_LOAD),
    )
    rule("standards.change_definition", is_secretariat_or_admin, jobs=(operator,))
    rule("standards.view_review", is_visible_contribution, scope=contributions_visible_to)
    rule("standards.post_review", is_participant)
    # A reply goes under a review the replier can see and that moderation has not hidden.
    rule("standards.reply_review", is_participant & is_open)
    rule("standards.moderate_review", is_secretariat_or_admin)
    rule("standards.propose_gap", is_participant)
    rule("standards.endorse_gap", is_participant & is_open)
    rule("standards.view_gap", is_visible_contribution, scope=contributions_visible_to)
    rule("standards.moderate_gap", is_secretariat_or_admin)
    # Only demonstration data is written on behalf of a participant (the participant must hold
    # the permission itself), so the audit log names the demo job, never a demonstration user.
    rule("standards.write_on_behalf", rules.always_deny, jobs=(demo,))
