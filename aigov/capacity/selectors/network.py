"""Reads of the network: nodes, providers and node operators."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, scope
from aigov.accounts.models import User
from aigov.accounts.selectors import users_by_email
from aigov.capacity.models import Node, Offering, Provider
from aigov.capacity.permissions import is_node_operator
from aigov.capacity.selectors.offerings import OfferingFilter, offering_list
from aigov.core.errors import InvalidInput, NotFound, field_error


def node_list() -> QuerySet[Node]:
    """Return the nodes of the network (public), with their country, host and languages."""
    return Node.objects.select_related("country", "host").prefetch_related("languages")


def provider_list() -> QuerySet[Provider]:
    """Return providers and contributors (public)."""
    return Provider.objects.select_related("node", "organisation").order_by("slug")


def providers_for(*, actor: Actor) -> QuerySet[Provider]:
    """Return the providers `actor` may attach to an offering: every one for the secretariat;
    for a node operator, their nodes' providers and independent ones (no node)."""
    return scope(actor, "capacity.use_provider", Provider.objects.select_related("node"))


def provider_get(*, slug: str) -> Provider:
    provider = Provider.objects.select_related("node").filter(slug=slug).first()
    if provider is None:
        raise NotFound(
            errors=[
                field_error(
                    "provider",
                    "not_found",
                    _("No provider with this slug."),
                )
            ]
        )
    return provider


def can_change_provider(*, actor: Actor, provider: Provider) -> bool:
    return has(actor, "capacity.change_provider", provider)


def can_change_node(*, actor: Actor, node: Node) -> bool:
    return has(actor, "capacity.change_node", node)


def can_manage_network(*, actor: Actor) -> bool:
    return has(actor, "capacity.manage_network")


def operators_by_email(*, emails: list[str]) -> list[User]:
    """Return the accounts of `emails`, each of which must hold the node operator role.

    Raise InvalidInput naming the addresses without an account or without the role.
    """
    users = users_by_email(emails=emails)
    unknown = [email for email in emails if email not in users]
    not_operators = [
        email for email in emails if email in users and not is_node_operator(users[email])
    ]
    problems = []
    if unknown:
        problems.append(
            field_error(
                "operators",
                "unknown_user",
                _("No account has these addresses: %(emails)s.") % {"emails": ", ".join(unknown)},
            )
        )
    if not_operators:
        problems.append(
            field_error(
                "operators",
                "not_operator",
                _("These accounts do not hold the node operator role: %(emails)s. Grant it first.")
                % {"emails": ", ".join(not_operators)},
            )
        )
    if problems:
        raise InvalidInput(errors=problems)
    return [users[email] for email in emails]


@dataclass(frozen=True)
class NodeDetail:
    node: Node
    providers: list[Provider]
    offerings: list[Offering]
    can_change: bool


def node_detail(*, actor: Actor, slug: str, limit: int = 50) -> NodeDetail:
    """Return a node (public) with its providers and the first offerings `actor` may see."""
    node = (
        Node.objects.select_related("country", "host")
        .prefetch_related("languages", "operators")
        .filter(slug=slug)
        .first()
    )
    if node is None:
        raise NotFound()
    offerings = list(offering_list(actor=actor, filters=OfferingFilter(node=slug))[:limit])
    return NodeDetail(
        node=node,
        providers=list(node.providers.all()),
        offerings=offerings,
        can_change=can_change_node(actor=actor, node=node),
    )


def node_get(*, slug: str) -> Node:
    node = Node.objects.filter(slug=slug).first()
    if node is None:
        raise NotFound(
            errors=[
                field_error(
                    "node",
                    "not_found",
                    _("No node with this slug."),
                )
            ]
        )
    return node
