"""Reusable predicates about who the actor is; modules combine them in their permissions.py."""

from typing import Any

import rules

from aigov.accounts.models import Role


def role_slugs(user: Any) -> frozenset[str]:
    """Return the roles of `user`, cached on the object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_aigov_roles", None)
    if cached is None:
        cached = frozenset(user.role_assignments.values_list("role", flat=True))
        user._aigov_roles = cached
    return cached


def focal_point_countries(user: Any) -> frozenset[str]:
    """Return the ISO alpha-3 codes of the countries `user` is focal point for."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_aigov_focal_countries", None)
    if cached is None:
        cached = frozenset(
            user.role_assignments.filter(role=Role.FOCAL_POINT).values_list("country_id", flat=True)
        )
        user._aigov_focal_countries = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop cached roles after they change."""
    for attribute in ("_aigov_roles", "_aigov_focal_countries"):
        if hasattr(user, attribute):
            delattr(user, attribute)


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return Role.SECRETARIAT in role_slugs(user)


@rules.predicate
def is_focal_point(user: Any) -> bool:
    return Role.FOCAL_POINT in role_slugs(user)


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and other is not None and other.pk == user.pk
    )


def has_role(slug: str) -> rules.Predicate:
    """Return a predicate true for users holding role `slug`."""

    def check(user: Any) -> bool:
        return slug in role_slugs(user)

    return rules.Predicate(check, name=f"has_role:{slug}")


is_staff_or_secretariat = is_administrator | is_secretariat
