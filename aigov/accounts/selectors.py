"""Reads of the accounts module."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, Purpose, job, scope
from aigov.accounts.models import ApiToken, Organisation, RoleAssignment, User
from aigov.core.errors import InvalidInput, NotFound, field_error


def user_list(*, actor: Actor) -> QuerySet[User]:
    """Return the users `actor` may see (everyone for the secretariat, else only themselves)."""
    return scope(actor, "accounts.view_user", User.objects.filter(is_system=False)).select_related(
        "organisation"
    )


def user_get(*, actor: Actor, pk: int) -> User:
    """Return one user visible to `actor`; raise NotFound for a missing or hidden one."""
    user = user_list(actor=actor).filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user


def users_by_email(*, emails: list[str]) -> dict[str, User]:
    """Return the accounts with these addresses (lower-cased, as stored) by address; the system
    actor is never among them. For modules that name people by e-mail (sharing, operators)."""
    wanted = [email.strip().lower() for email in emails]
    found = User.objects.filter(email__in=wanted, is_system=False)
    return {user.email: user for user in found}


def organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    """Return the organisations `actor` may see: all of them, for everyone.

    An organisation's name, kind, country and website are what it states in public; the people
    in it are users, whose visibility `user_list` decides.
    """
    return Organisation.objects.select_related("country").order_by("name", "country_id")


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """Return the actor's own API tokens, newest first."""
    return scope(actor, "accounts.view_token", ApiToken.objects.all())


def role_assignment_list(*, user: Any) -> QuerySet[RoleAssignment]:
    """Return the role assignments of `user` with their countries."""
    return user.role_assignments.select_related("country").order_by("role")


def role_summary(*, user: Any) -> list[dict[str, Any]]:
    """Return the roles of `user` as dicts with `role` and `country` (ISO alpha-3 or None)."""
    return [
        {"role": assignment.role, "country": assignment.country_id}
        for assignment in user.role_assignments.order_by("role", "country_id")
    ]


def command_actor(*, as_email: str | None, default: Purpose | None) -> Actor:
    """Return whom a command acts for: the account `as_email` with exactly its rights, else a
    system job for `default`, else the public (a visitor).

    Raise InvalidInput for an address that names no active account.
    """
    if as_email:
        user = users_by_email(emails=[as_email]).get(as_email.strip().lower())
        if user is None or not user.is_active:
            raise InvalidInput(
                errors=[
                    field_error(
                        "as",
                        "unknown_account",
                        _("%(email)s is not an active account.") % {"email": as_email},
                    )
                ]
            )
        return user
    return job(default) if default is not None else AnonymousUser()
