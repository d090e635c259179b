"""The one object-permission mechanism every module uses.

Two questions, answered from the same rules:
- `has(actor, perm, obj)`: may this actor do `perm` to this object? (django-rules predicates,
  also used by `user.has_perm` and the admin)
- `scope(actor, perm, queryset)`: which of these objects may the actor do `perm` to? (a
  queryset filter registered next to the predicate, so pages, API, search, exports and counts
  all start from it)

Modules declare both in their `permissions.py` with `rule()`; nothing else checks roles.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django.db.models import Model, QuerySet

from aigov.core.errors import NotAllowed

M = TypeVar("M", bound=Model)
Scope = Callable[[Any, QuerySet[Any]], QuerySet[Any]]

_scopes: dict[str, Scope] = {}


def rule(perm: str, predicate: rules.Predicate, *, scope: Scope | None = None) -> None:
    """Register `perm` with its predicate and, for list-able permissions, its queryset scope."""
    rules.set_perm(perm, predicate)
    if scope is not None:
        _scopes[perm] = scope


def _deactivated(actor: Any) -> bool:
    # A deactivated account may do nothing. AnonymousUser also says is_active=False, but a
    # visitor is not a deactivated account: the rules decide what visitors may read.
    return bool(getattr(actor, "is_authenticated", False)) and actor.is_active is False


def has(actor: Any, perm: str, obj: Any = None) -> bool:
    """Return whether `actor` (a user or AnonymousUser) may do `perm` to `obj`."""
    if _deactivated(actor):
        return False
    return bool(rules.has_perm(perm, actor, obj))


def require(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise NotAllowed unless `actor` may do `perm` to `obj`."""
    if not has(actor, perm, obj):
        raise NotAllowed()


def scope(actor: Any, perm: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """Return the part of `queryset` on which `actor` may do `perm`."""
    try:
        narrow = _scopes[perm]
    except KeyError as missing:
        raise LookupError(f"No queryset scope registered for permission {perm!r}.") from missing
    if _deactivated(actor):
        return queryset.none()
    return narrow(actor, queryset)


def registered_permissions() -> list[str]:
    """Return every permission with a queryset scope (for the documentation test)."""
    return sorted(_scopes)
