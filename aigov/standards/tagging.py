"""A standard's tags (topics, stages, risk areas, SDGs, policies): set by services and loader."""

from typing import Any

from django.db import transaction

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.standards.models import Standard

TAG_FIELDS = ("topics", "lifecycle_stages", "risk_areas", "sdgs", "policies")


@transaction.atomic
def standard_tags_set(*, actor: Actor, standard: Standard, tags: dict[str, list[Any]]) -> bool:
    """Replace the named tag sets of a standard; audit and return whether any changed.

    `tags` maps topics, lifecycle_stages, risk_areas or sdgs to taxonomy records or keys; a tag
    set not named is left as it is. Raise NotAllowed.
    """
    require(actor, "standards.change_standard", standard)
    changes: dict[str, Any] = {}
    for name, wanted in tags.items():
        if name not in TAG_FIELDS:
            raise ValueError(name)
        current = set(getattr(standard, name).values_list("pk", flat=True))
        target = {getattr(item, "pk", item) for item in wanted}
        if current != target:
            getattr(standard, name).set(target)
            changes[name] = {"before": sorted(current), "after": sorted(target)}
    if changes:
        audit.record(
            actor=actor,
            action="standards.standard.tag",
            obj=standard,
            before=audit.snapshot(standard),
            extra=changes,
        )
    return bool(changes)
