"""A standard's tags (topics, stages, risk areas, SDGs, policies): set by services and loader."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.standards.models import Standard, StandardTopic, TopicOrigin
from aigov.standards.topic_rules import Derivation

TAG_FIELDS = ("topics", "lifecycle_stages", "risk_areas", "sdgs", "policies")


@transaction.atomic
def standard_tags_set(
    *,
    actor: Actor,
    standard: Standard,
    tags: dict[str, list[Any]],
    derived: Mapping[str, Derivation] | None = None,
) -> bool:
    """Replace the named tag sets of a standard; audit and return whether any changed.

    `tags` maps topics, lifecycle_stages, risk_areas or sdgs to taxonomy records or keys; a tag
    set not named is left as it is. A topic added here is curated, one kept keeps how it was
    applied; `derived` (the loader's, with `tags["topics"]` named) gives, by topic slug, the
    topics found by a term rule, and every other topic in `tags["topics"]` is then curated.
    Raise NotAllowed.
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
    if derived is not None and "topics" in tags:
        origins = _topic_origins_set(standard, derived)
        if origins:
            changes["topic_origins"] = origins
    if changes:
        audit.record(
            actor=actor,
            action="standards.standard.tag",
            obj=standard,
            before=audit.snapshot(standard),
            extra=changes,
        )
    return bool(changes)


def _topic_origins_set(standard: Standard, derived: Mapping[str, Derivation]) -> dict[str, Any]:
    """Mark each topic link of `standard` derived (with its evidence) or curated; return changes."""
    changes: dict[str, Any] = {}
    for link in StandardTopic.objects.filter(standard=standard).order_by("topic_id"):
        why = derived.get(link.topic_id)
        wanted = (
            (TopicOrigin.DERIVED, why.matched_in, why.matched[:100])
            if why is not None
            else (TopicOrigin.CURATED, "", "")
        )
        held = (link.origin, link.matched_in, link.matched)
        if held != wanted:
            link.origin, link.matched_in, link.matched = wanted
            link.save(update_fields=["origin", "matched_in", "matched"])
            changes[link.topic_id] = {"before": list(held), "after": list(wanted)}
    return changes
