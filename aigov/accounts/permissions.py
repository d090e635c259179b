"""Rules of the accounts module."""

from typing import Any

import rules
from django.db.models import QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.predicates import is_administrator, is_secretariat, is_self, is_signed_in

is_secretariat_or_admin = is_administrator | is_secretariat


def _users_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(pk=actor.pk)
    return queryset.none()


def _tokens_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(user=actor)
    return queryset.none()


@rules.predicate
def owns_token(user: Actor, token: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and token is not None and token.user_id == user.pk
    )


def _audit_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if is_secretariat_or_admin(actor) else queryset.none()


def register() -> None:
    # The site's administrators (Django superusers), as /api/accounts/me reports them.
    rule("accounts.administer", is_administrator)
    operator = (Purpose.OPERATOR,)
    rule(
        "accounts.view_user",
        is_self | is_secretariat_or_admin,
        scope=_users_visible_to,
        jobs=operator,
    )
    rule("accounts.assign_role", is_secretariat_or_admin, jobs=(*operator, Purpose.DEMO_DATA))
    rule("accounts.create_user", is_secretariat_or_admin, jobs=(*operator, Purpose.DEMO_DATA))
    rule(
        "accounts.change_organisation",
        is_secretariat_or_admin,
        jobs=(*operator, Purpose.REFERENCE_LOAD, Purpose.DEMO_DATA),
    )
    # An operator issues tokens for others from the command line (`aigov accounts create-token`).
    rule("accounts.create_token", is_signed_in, jobs=operator)
    rule("accounts.create_token_for", is_self | is_secretariat_or_admin, jobs=operator)
    rule("accounts.view_token", is_signed_in & owns_token, scope=_tokens_visible_to)
    # A person's own settings (the time zone pages show moments in): theirs alone.
    rule("accounts.change_preferences", is_signed_in & is_self)
    # Audit entries: the secretariat reads them; nobody edits them (the database refuses).
    rule("core.view_audit", is_secretariat_or_admin, scope=_audit_visible_to)
    # Demonstration records are generated and removed by `aigov demo`, never from a page.
    rule("core.manage_demo_data", rules.always_deny, jobs=(Purpose.DEMO_DATA,))
