"""Factories for the standards module: standards registered through the service."""

import itertools

from aigov.accounts.models import Organisation
from aigov.accounts.services import organisation_create, system_actor
from aigov.standards import services
from aigov.standards.models import Standard, Status

_numbers = itertools.count(1)


def make_standard(
    *, status: str = Status.PUBLISHED, tags: dict | None = None, body: Organisation | None = None
) -> Standard:
    number = next(_numbers)
    actor = system_actor()
    if body is None:
        body = organisation_create(
            actor=actor, name=f"Test standards body {number}", kind=Organisation.Kind.SDO
        )
    return services.standard_register(
        actor=actor,
        body=body,
        reference=f"TEST {number}:2025",
        titles={"en": f"Test standard {number}"},
        status=status,
        tags=tags or {},
    )
