"""Agreement tests: a rule's predicate and its queryset scope must give the same answer.

Every permission that lists records has two halves in `permissions.py`: the predicate
(`access.has`, asked of one record) and the scope (`access.scope`, the queryset pages, API,
search, exports and counts start from). If they disagree, a record shows in a list but its
page says 403, or — worse — is hidden on its page but counted and exported. An agreement test
generates record states (with hypothesis), builds the same *cast* of every actor kind, and
checks both halves for every actor against every record.

A module's `tests/test_rule_agreement.py` declares `RULES`, the permissions it covers, and
one test per rule; `aigov/accounts/tests/test_agreement_coverage.py` fails when a registered
scope has no agreement test.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from hypothesis import HealthCheck, settings

from aigov.accounts import access, services
from aigov.accounts.access import Actor, Purpose
from aigov.accounts.models import Role, User
from aigov.accounts.tests.factories import OrganisationFactory, UserFactory

# Hypothesis runs many examples inside one database transaction; a cast is made once per test.
AGREEMENT = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOME, ABROAD = "KEN", "FRA"


@dataclass
class Cast:
    """One actor of every kind, and the accounts records can point at (authors, members)."""

    actors: dict[str, Actor] = field(default_factory=dict)

    @property
    def accounts(self) -> list[User]:
        """The signed-in accounts of the cast (what a record's author or member may be)."""
        return [a for a in self.actors.values() if isinstance(a, User) and not a.is_system]

    def __getitem__(self, label: str) -> Actor:
        return self.actors[label]


def make_cast() -> Cast:
    """Create every kind of actor: a visitor, members of each role, focal points of two
    countries, a member of an organisation, token holders, a deactivated account, an
    administrator and a system job of each purpose."""
    cast = Cast()
    cast.actors["visitor"] = AnonymousUser()
    cast.actors["member"] = UserFactory()
    for role in Role:
        if role == Role.FOCAL_POINT:
            continue
        cast.actors[role.value] = UserFactory(role=role.value)
    cast.actors["focal_point_home"] = UserFactory(role=Role.FOCAL_POINT, role__country=HOME)
    cast.actors["focal_point_abroad"] = UserFactory(role=Role.FOCAL_POINT, role__country=ABROAD)
    cast.actors["organisation_member"] = UserFactory(organisation=OrganisationFactory())
    cast.actors["administrator"] = UserFactory(is_superuser=True, is_staff=True)
    deactivated = UserFactory(role=Role.SECRETARIAT)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    cast.actors["deactivated_secretariat"] = deactivated
    for scopes in (["read"], ["read", "write"]):
        holder = UserFactory(role=Role.SECRETARIAT)
        issued = services.token_create(actor=holder, user=holder, scopes=scopes)
        holder.api_token = issued.token  # type: ignore[attr-defined]  # as the middleware does
        cast.actors[f"token_{'_'.join(scopes)}"] = holder
    for purpose in Purpose:
        cast.actors[f"job_{purpose.value}"] = services.system_actor(purpose)
    return cast


def assert_agrees(
    perm: str, record: Model, cast: Cast, *, state: Any = None, asked_of: Any = None
) -> None:
    """Fail when `has` and `scope` disagree about `record` for any actor of the cast.

    `asked_of` is the object the predicate is asked about when it is not the listed record
    itself (a report's comments are listed, but the rule is asked of the report).
    """
    model = type(record)
    subject = record if asked_of is None else asked_of
    disagreements = []
    for label, actor in cast.actors.items():
        allowed = access.has(actor, perm, subject)
        listed = access.scope(actor, perm, model._default_manager.filter(pk=record.pk)).exists()
        if allowed != listed:
            disagreements.append(f"{label}: has={allowed} scope={listed}")
    assert not disagreements, f"{perm} on {record!r} ({state}): " + "; ".join(disagreements)
