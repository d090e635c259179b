"""Demonstration organisations and users (see aigov.core.demo for the rules every generator keeps).

Organisations of each kind and users of each role, placed in real countries; focal points are
bound to countries of each UN regional group. Users get unusable passwords, so nobody can sign
in as one until an administrator sets a password.
"""

import random
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from aigov.accounts import selectors, services
from aigov.accounts.models import Organisation, Role, RoleAssignment, User
from aigov.core.demo import DEMO_EMAIL_DOMAIN, DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.core.translation import pick
from aigov.taxonomy.models import Country, RegionalGroup
from aigov.taxonomy.selectors import country_list

ORGANISATIONS_PER_KIND = 2
USERS_PER_ROLE = 2  # focal points: one per UN regional group instead


def _english_name(country: Country) -> str:
    return pick(country.names, "en").text


def _member_states(regional_group: str | None = None) -> list[Country]:
    countries = list(country_list(un_member=True, regional_group=regional_group))
    if not countries:
        raise InvalidState(
            _(
                "Load the reference data first (aigov load-reference): demonstration records "
                "are placed in real countries."
            )
        )
    return countries


def _load_organisations(*, actor: Any, rng: random.Random, report: LoadReport) -> None:
    counts = report.for_kind("organisations")
    countries = _member_states()
    for kind in Organisation.Kind:
        with translation.override("en"):
            kind_name = str(kind.label)
        for number in range(1, ORGANISATIONS_PER_KIND + 1):
            country = rng.choice(countries)
            name = f"Demo {kind_name} {number} ({_english_name(country)})"
            existing = selectors.organisation_list(actor=actor).filter(name=name, country=country)
            if existing.exists():
                counts.unchanged += 1
                continue
            services.organisation_create(
                actor=actor, name=name, kind=kind.value, country=country.iso3, is_demo=True
            )
            counts.created += 1


def _ensure_user(
    *,
    actor: Any,
    report: LoadReport,
    email: str,
    display_name: str,
    role: str,
    country: str | None = None,
) -> None:
    counts = report.for_kind("users")
    # The generator reads its own module's table: user_list() shows nobody to the system actor.
    if User.objects.filter(email=email).exists():
        counts.unchanged += 1
        return
    services.user_create(
        actor=actor,
        email=email,
        display_name=display_name,
        role=role,
        country=country,
        email_verified=False,
        is_demo=True,
    )
    counts.created += 1


def _load_users(*, actor: Any, rng: random.Random, report: LoadReport) -> None:
    for number, group in enumerate(RegionalGroup, start=1):
        country = rng.choice(_member_states(group.value))
        _ensure_user(
            actor=actor,
            report=report,
            email=f"focal-point-{number}@{DEMO_EMAIL_DOMAIN}",
            display_name=f"Demo focal point {number} ({_english_name(country)})",
            role=Role.FOCAL_POINT,
            country=country.iso3,
        )
    # The focal points are made above, each bound to a country; the other roles have none.
    for role in (r for r in Role if not RoleAssignment.needs_country(r)):
        with translation.override("en"):
            role_name = str(role.label).lower()
        for number in range(1, USERS_PER_ROLE + 1):
            _ensure_user(
                actor=actor,
                report=report,
                email=f"{role.value.replace('_', '-')}-{number}@{DEMO_EMAIL_DOMAIN}",
                display_name=f"Demo {role_name} {number}",
                role=role.value,
            )


def load_accounts_demo(*, actor: Any, rng: random.Random, report: LoadReport) -> None:
    """Create the demonstration organisations and users that do not exist yet."""
    _load_organisations(actor=actor, rng=rng, report=report)
    _load_users(actor=actor, rng=rng, report=report)


def register() -> None:
    register_generator(
        DemoGenerator(name="accounts", load=load_accounts_demo, models=(Organisation, User))
    )
