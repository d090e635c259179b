"""Writes of the network: nodes and providers."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require
from aigov.accounts.models import User
from aigov.capacity import recommendations
from aigov.capacity.models import Node, Provider
from aigov.capacity.services.shared import _keep_translations, _languages, _locked
from aigov.core import audit
from aigov.core.errors import Conflict


@transaction.atomic
def node_create(
    *,
    actor: Actor,
    slug: str,
    names: dict[str, str],
    kind: str,
    region: str,
    country: str | None = None,
    host: Any = None,
    services: list[str] | None = None,
    languages: list[str] | None = None,
    operators: list[User] | None = None,
    is_demo: bool = False,
) -> Node:
    """Create a node of the network. Raise NotAllowed, Conflict or ValidationError."""
    require(actor, "capacity.manage_network")
    if Node.objects.filter(slug=slug).exists():
        raise Conflict(_("A node with this slug exists already."))
    node = Node(
        slug=slug,
        names=names,
        kind=kind,
        region=region,
        country_id=country,
        host=host,
        services=services or [],
        is_demo=is_demo,
    )
    node.full_clean()
    _keep_translations(node, "names")
    language_rows = _languages(languages) if languages else []
    node.save()
    node.languages.set(language_rows)
    node.operators.set(operators or [])
    audit.record(actor=actor, action="capacity.node.create", obj=node)
    return node


@transaction.atomic
def provider_create(
    *,
    actor: Actor,
    slug: str,
    names: dict[str, str],
    node: Node | None = None,
    organisation: Any = None,
    contributions: list[str] | None = None,
    is_demo: bool = False,
) -> Provider:
    """Create a provider or contributor. Raise NotAllowed, Conflict or ValidationError."""
    if node is not None:
        require(actor, "capacity.change_node", node)
    else:
        require(actor, "capacity.manage_network")
    if Provider.objects.filter(slug=slug).exists():
        raise Conflict(_("A provider with this slug exists already."))
    provider = Provider(
        slug=slug,
        names=names,
        node=node,
        organisation=organisation,
        contributions=contributions or [],
        is_demo=is_demo,
    )
    provider.full_clean()
    _keep_translations(provider, "names")
    provider.save()
    audit.record(actor=actor, action="capacity.provider.create", obj=provider)
    return provider


NODE_FIELDS = ("names", "kind", "region", "country", "host", "services")


@transaction.atomic
def node_update(
    *,
    actor: Actor,
    node: Node,
    languages: list[str] | None = None,
    operators: list[User] | None = None,
    **changes: Any,
) -> Node:
    """Change a node: its operators or the secretariat; only the secretariat names operators.

    Raise NotAllowed, InvalidInput (unknown language) or ValidationError; nothing changes on
    failure.
    """
    require(actor, "capacity.change_node", node)
    if operators is not None:
        require(actor, "capacity.manage_network")
    node, before = _locked(node, changes, NODE_FIELDS)
    if "country" in changes:
        node.country_id = changes.pop("country") or None
    for name, value in changes.items():
        setattr(node, name, value)
    node.full_clean()
    _keep_translations(node, "names")
    language_rows = _languages(languages) if languages else None
    node.save()
    if node.region != before.get("region"):
        recommendations.catalogue_changed()  # a node's region is part of its offerings' scores
    if languages is not None:
        node.languages.set(language_rows or [])
    extra: dict[str, Any] = {"languages": languages}
    if operators is not None:
        extra["operators"] = sorted(user.email for user in operators)
        node.operators.set(operators)
    audit.record(actor=actor, action="capacity.node.update", obj=node, before=before, extra=extra)
    return node


@transaction.atomic
def provider_update(
    *,
    actor: Actor,
    provider: Provider,
    names: dict[str, str] | None = None,
    contributions: list[str] | None = None,
    node: Node | bool | None = False,
) -> Provider:
    """Change a provider's names, contributions or node (`node=False` leaves it as it is).

    A provider of a node is changed by that node's operators or the secretariat; one without a
    node, and moving a provider between nodes, only by the secretariat. Raise NotAllowed or
    ValidationError.
    """
    require(actor, "capacity.change_provider", provider)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = audit.snapshot(provider)
    if node is not False:
        require(actor, "capacity.manage_network")
        provider.node = node if isinstance(node, Node) else None
    if names is not None:
        provider.names = names
    if contributions is not None:
        provider.contributions = contributions
    provider.full_clean()
    _keep_translations(provider, "names")
    provider.save()
    audit.record(actor=actor, action="capacity.provider.update", obj=provider, before=before)
    return provider
