"""Rules of the accounts module."""

from typing import Any

from django.db.models import QuerySet

from aigov.accounts.access import rule
from aigov.accounts.predicates import is_administrator, is_secretariat, is_self, is_signed_in

is_secretariat_or_admin = is_administrator | is_secretariat


def _users_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(pk=actor.pk)
    return queryset.none()


def _tokens_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if getattr(actor, "is_authenticated", False):
        return queryset.filter(user=actor)
    return queryset.none()


def _audit_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if is_secretariat_or_admin(actor) else queryset.none()


def register() -> None:
    # The site's administrators (Django superusers), as /api/accounts/me reports them.
    rule("accounts.administer", is_administrator)
    rule("accounts.view_user", is_self | is_secretariat_or_admin, scope=_users_visible_to)
    rule("accounts.assign_role", is_secretariat_or_admin)
    rule("accounts.create_user", is_secretariat_or_admin)
    rule("accounts.change_organisation", is_secretariat_or_admin)
    rule("accounts.create_token", is_signed_in)
    rule("accounts.view_token", is_signed_in, scope=_tokens_visible_to)
    # Audit entries: the secretariat reads them; nobody edits them (the database refuses).
    rule("core.view_audit", is_secretariat_or_admin, scope=_audit_visible_to)
