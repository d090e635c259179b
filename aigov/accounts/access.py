"""The one permission mechanism every module uses, and the actors it answers for.

An *actor* is whoever a service or selector acts for. There are four kinds:

- `Kind.VISITOR`: nobody signed in (Django's `AnonymousUser`);
- `Kind.MEMBER`: a signed-in account with its roles (a session in a browser);
- `Kind.TOKEN`: an account acting through a personal API token, limited by the token's scopes
  (the API refuses unsafe methods to a token without the `write` scope, in one place:
  `aigov.accounts.middleware`);
- `Kind.JOB`: a system job (a command, a task, the reference loader) with a named `Purpose`.

Members and tokens are `User` rows; a visitor is `AnonymousUser`; a job is the system `User`
row carrying its purpose. So `Actor` is `User | AnonymousUser`: services can store it as the
author of a row and audit it, and `kind_of(actor)` says which kind it is.

Two questions, answered from the same rules:
- `has(actor, perm, obj)`: may this actor do `perm` to this object?
- `scope(actor, perm, queryset)`: which of these objects may the actor do `perm` to? (the
  queryset filter registered next to the predicate, so pages, API, search, exports and counts
  all start from it).

Modules declare both in their `permissions.py` with `rule()`, together with the job purposes
that are granted the permission; nothing else decides rights. A job whose purpose is not
granted a permission acts as a visitor for it: it sees what the public sees.
"""

import enum
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias, TypeVar

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from aigov.accounts.models import ApiToken, User
from aigov.core.errors import NotAllowed, NotAuthenticated

Actor: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=Model)
Scope = Callable[[Actor, QuerySet[Any]], QuerySet[Any]]


class Kind(enum.Enum):
    VISITOR = "visitor"
    MEMBER = "member"
    TOKEN = "token"  # noqa: S105 - a kind of actor, not a secret
    JOB = "job"


class Purpose(enum.StrEnum):
    """Why a system job runs; each permission names the purposes it is granted to."""

    # `aigov load-reference` and `aigov upgrade`: writes the shared reference records.
    REFERENCE_LOAD = "reference-load"
    # `aigov demo load|clear`: writes and removes generated demonstration records.
    DEMO_DATA = "demo-data"
    # A command an operator runs on the server without `--as`: account administration,
    # imports, survey administration. Shell access to the server is full trust already.
    OPERATOR = "operator"
    # Background tasks that tell people about changes (they read what they announce).
    NOTIFICATION = "notification"
    # Background rendering of reports (PDF) the secretariat asked for.
    REPORT_RENDERING = "report-rendering"
    # Background dispatch of compute jobs: watches them and charges their usage.
    COMPUTE_DISPATCH = "compute-dispatch"


_scopes: dict[str, Scope] = {}
_job_grants: dict[str, frozenset[Purpose]] = {}
_VISITOR = AnonymousUser()


def rule(
    perm: str,
    predicate: rules.Predicate,
    *,
    scope: Scope | None = None,
    jobs: Iterable[Purpose] = (),
) -> None:
    """Register `perm`: its predicate, its queryset scope if it lists records, and the purposes
    of system jobs that hold it."""
    rules.set_perm(perm, predicate)
    if scope is not None:
        _scopes[perm] = scope
    _job_grants[perm] = frozenset(jobs)


def kind_of(actor: Actor) -> Kind:
    """Return which kind of actor this is."""
    if not getattr(actor, "is_authenticated", False):
        return Kind.VISITOR
    if getattr(actor, "is_system", False):
        return Kind.JOB
    if getattr(actor, "api_token", None) is not None:
        return Kind.TOKEN
    return Kind.MEMBER


def purpose_of(actor: Actor) -> Purpose | None:
    """Return the purpose of a system job (None for every other actor)."""
    return getattr(actor, "job_purpose", None) if kind_of(actor) is Kind.JOB else None


def account_of(actor: Actor) -> User | None:
    """Return the account a member or token holder acts as (None for a visitor or a job): what
    a service stores as a record's author."""
    if isinstance(actor, User) and kind_of(actor) in (Kind.MEMBER, Kind.TOKEN):
        return actor
    return None


def account_required(actor: Actor) -> User:
    """Return the account behind `actor`; raise NotAuthenticated for a visitor or a job (for
    acts only a person can do: authoring, commenting, nominating oneself)."""
    account = account_of(actor)
    if account is None:
        raise NotAuthenticated()
    return account


def token_of(actor: Actor) -> ApiToken | None:
    """Return the API token a request acts through (None outside token requests)."""
    return getattr(actor, "api_token", None)


def job(purpose: Purpose) -> User:
    """Return the system actor acting for `purpose` (a fresh object: purposes never leak)."""
    user, created = User.objects.get_or_create(
        email=SYSTEM_ACTOR_EMAIL,
        defaults={"display_name": "aigov system", "is_system": True, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.job_purpose = purpose  # type: ignore[attr-defined]
    return user


SYSTEM_ACTOR_EMAIL = "system@aigov.invalid"


def job_holds(actor: Actor, perm: str) -> bool:
    """Return whether `actor` is a system job whose purpose is granted `perm`."""
    purpose = purpose_of(actor)
    return purpose is not None and purpose in _job_grants.get(perm, frozenset())


def _deactivated(actor: Actor) -> bool:
    # A deactivated account may do nothing. AnonymousUser also says is_active=False, but a
    # visitor is not a deactivated account: the rules decide what visitors may read.
    return kind_of(actor) in (Kind.MEMBER, Kind.TOKEN) and actor.is_active is False


def has(actor: Actor, perm: str, obj: Any = None) -> bool:
    """Return whether `actor` may do `perm` to `obj`."""
    kind = kind_of(actor)
    if kind is Kind.JOB:
        if job_holds(actor, perm):
            return True
        actor = _VISITOR
    elif _deactivated(actor):
        return False
    return bool(rules.has_perm(perm, actor, obj))


def require(actor: Actor, perm: str, obj: Any = None) -> None:
    """Raise NotAllowed unless `actor` may do `perm` to `obj`."""
    if not has(actor, perm, obj):
        raise NotAllowed()


def scope(actor: Actor, perm: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """Return the part of `queryset` on which `actor` may do `perm`."""
    try:
        narrow = _scopes[perm]
    except KeyError as missing:
        raise LookupError(f"No queryset scope registered for permission {perm!r}.") from missing
    kind = kind_of(actor)
    if kind is Kind.JOB:
        if job_holds(actor, perm):
            return queryset
        actor = _VISITOR
    elif _deactivated(actor):
        return queryset.none()
    return narrow(actor, queryset)


def registered_permissions() -> list[str]:
    """Return every permission with a queryset scope (for the documentation test)."""
    return sorted(_scopes)


def all_permissions() -> list[str]:
    """Return every permission registered through `rule()`."""
    return sorted(_job_grants)


def job_grants(perm: str) -> frozenset[Purpose]:
    """Return the job purposes granted `perm` (for documentation and tests)."""
    return _job_grants.get(perm, frozenset())
