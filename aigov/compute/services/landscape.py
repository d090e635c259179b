"""Writes of the compute landscape: a TOP500 list, imported from its published file."""

from typing import Any

from django.db import transaction

from aigov.accounts.access import Actor, account_of, require
from aigov.compute.models import Top500Edition, Top500System
from aigov.core import audit


@transaction.atomic
def top500_import(
    *, actor: Actor, edition: str, source: str, systems: list[dict[str, Any]]
) -> Top500Edition:
    """Store the systems of the TOP500 list `edition` (read and checked by
    `aigov.compute.top500.read_top500`), replacing an earlier import of the same list; return
    the list. Raise NotAllowed."""
    require(actor, "compute.import_top500")
    listed = Top500Edition.objects.select_for_update().filter(edition=edition).first()
    if listed is None:
        listed = Top500Edition.objects.create(
            edition=edition, source=source, imported_by=account_of(actor)
        )
    else:
        listed.systems.all().delete()
        listed.source, listed.imported_by = source, account_of(actor)
        listed.save(update_fields=["source", "imported_by", "updated_at"])
    Top500System.objects.bulk_create(Top500System(edition=listed, **row) for row in systems)
    audit.record(
        actor=actor,
        action="compute.top500.import",
        obj=listed,
        extra={"systems": len(systems), "source": source},
    )
    return listed
