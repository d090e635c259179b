"""Writes of the catalogue: offerings."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, require
from aigov.capacity import recommendations
from aigov.capacity.models import Node, Offering, OfferingAudience, Provider
from aigov.capacity.services.shared import (
    _audiences,
    _keep_translations,
    _languages,
    _locked,
    _topics,
)
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, field_error
from aigov.core.search import index as search_index


def _check_provider(actor: Actor, provider: Provider, node: Node | None) -> None:
    # A node's offerings come from its own providers or from independent ones (affiliated
    # institutions, contributors), never from another node's.
    if provider.node_id is not None and (node is None or provider.node_id != node.pk):
        if has(actor, "capacity.manage_network"):
            return
        raise InvalidInput(
            errors=[
                field_error(
                    "provider",
                    "other_node",
                    _("This provider belongs to another node; choose one of this node's."),
                )
            ]
        )


OFFERING_FIELDS = (
    "titles",
    "descriptions",
    "kind",
    "level",
    "cost",
    "fee_amount",
    "fee_currency",
    "fee_waivers",
    "has_certificate",
    "accessibility",
    "starts_at",
    "ends_at",
    "time_zone",
    "seats",
    "prerequisites",
    "url",
    "is_government_track",
    "is_published",
)


@transaction.atomic
def offering_create(
    *,
    actor: Actor,
    slug: str,
    provider: Provider,
    node: Node | None,
    languages: list[str],
    topics: list[str],
    audiences: list[str],
    is_demo: bool = False,
    **fields: Any,
) -> Offering:
    """Add an offering to the catalogue; a node operator only for a node they operate.

    Raise NotAllowed, Conflict, InvalidInput (unknown language, topic or audience) or
    ValidationError.
    """
    require(actor, "capacity.create_offering", node)
    unexpected = set(fields) - set(OFFERING_FIELDS)
    if unexpected:
        raise TypeError(f"Unknown offering fields: {sorted(unexpected)}")
    if Offering.objects.filter(slug=slug).exists():
        raise Conflict(_("An offering with this slug exists already."))
    _check_provider(actor, provider, node)
    offering = Offering(slug=slug, provider=provider, node=node, is_demo=is_demo, **fields)
    offering.full_clean()
    _keep_translations(offering, "titles", "descriptions", "prerequisites")
    language_rows, topic_rows = _languages(languages), _topics(topics)
    audience_values = _audiences(audiences)
    offering.save()
    offering.languages.set(language_rows)
    offering.topics.set(topic_rows)
    OfferingAudience.objects.bulk_create(
        OfferingAudience(offering=offering, audience=value) for value in audience_values
    )
    recommendations.catalogue_changed()
    audit.record(
        actor=actor,
        action="capacity.offering.create",
        obj=offering,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering


@transaction.atomic
def offering_update(
    *,
    actor: Actor,
    offering: Offering,
    languages: list[str] | None = None,
    topics: list[str] | None = None,
    audiences: list[str] | None = None,
    provider: Provider | None = None,
    node: Node | bool | None = False,
    **changes: Any,
) -> Offering:
    """Change an offering; only the secretariat and the operators of its node may.

    `node=False` leaves the node as it is; moving an offering to another node (or to none)
    needs the right to create offerings there. Raise NotAllowed, InvalidInput or
    ValidationError; nothing changes on failure.
    """
    require(actor, "capacity.change_offering", offering)
    offering, before = _locked(offering, changes, OFFERING_FIELDS)
    moved = []
    if node is not False:
        target = node if isinstance(node, Node) else None
        if target != offering.node:
            require(actor, "capacity.create_offering", target)
            offering.node, moved = target, ["node"]
    if provider is not None and provider.pk != offering.provider_id:
        offering.provider, moved = provider, [*moved, "provider"]
    if moved:
        _check_provider(actor, offering.provider, offering.node)
    if changes.get("kind", offering.kind) != offering.kind and (
        offering.enrolments.exists() or offering.registrations.exists()
    ):
        raise InvalidState(
            _("Learners have enrolled or registered; the kind can no longer change.")
        )
    seats = changes.get("seats", offering.seats)
    if seats is not None and seats < offering.seats_taken:
        raise InvalidInput(
            errors=[
                field_error(
                    "seats",
                    "below_taken",
                    _("%(taken)d seats are taken already; give at least that many.")
                    % {"taken": offering.seats_taken},
                )
            ]
        )
    for name, value in changes.items():
        setattr(offering, name, value)
    offering.full_clean()
    _keep_translations(offering, "titles", "descriptions", "prerequisites")
    language_rows = _languages(languages) if languages is not None else None
    topic_rows = _topics(topics) if topics is not None else None
    audience_values = _audiences(audiences) if audiences is not None else None
    offering.save(update_fields=[*changes, *moved, "updated_at"])
    if language_rows is not None:
        offering.languages.set(language_rows)
    if topic_rows is not None:
        offering.topics.set(topic_rows)
    if audience_values is not None:
        offering.audience_rows.all().delete()
        OfferingAudience.objects.bulk_create(
            OfferingAudience(offering=offering, audience=value) for value in audience_values
        )
    recommendations.catalogue_changed()
    audit.record(
        actor=actor,
        action="capacity.offering.update",
        obj=offering,
        before=before,
        extra={"languages": languages, "topics": topics, "audiences": audience_values},
    )
    transaction.on_commit(lambda: search_index.refresh(offering))
    return offering
