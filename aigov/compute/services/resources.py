"""Writes of resources: what a node offers, in the one vocabulary every node uses."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from aigov.accounts.access import Actor, require
from aigov.compute.models import Resource
from aigov.core import audit
from aigov.core.errors import InvalidInput, error_items
from aigov.core.search import index as search_index


@transaction.atomic
def resource_create(*, actor: Actor, node: Any, **fields: Any) -> Resource:
    """Describe a resource of `node`; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "compute.create_resource", node)
    resource = Resource(node=node, **fields)
    try:
        resource.full_clean()
    except ValidationError as invalid:
        raise InvalidInput(errors=error_items(invalid)) from invalid
    resource.save()
    audit.record(actor=actor, action="compute.resource.create", obj=resource)
    transaction.on_commit(lambda: search_index.refresh(resource))
    return resource


@transaction.atomic
def resource_update(*, actor: Actor, resource: Resource, node: Any = None, **fields: Any) -> bool:
    """Change the given fields of `resource` (and move it to `node`, a node the actor may add
    resources to); return whether anything changed. Raise NotAllowed or InvalidInput."""
    require(actor, "compute.change_resource", resource)
    if node is not None and node.pk != resource.node_id:
        require(actor, "compute.create_resource", node)
        fields["node"] = node
    changed = {name for name, value in fields.items() if getattr(resource, name) != value}
    if not changed:
        return False
    before = audit.snapshot(resource)
    for name in changed:
        setattr(resource, name, fields[name])
    try:
        resource.full_clean()
    except ValidationError as invalid:
        raise InvalidInput(errors=error_items(invalid)) from invalid
    resource.save()
    audit.record(actor=actor, action="compute.resource.change", obj=resource, before=before)
    transaction.on_commit(lambda: search_index.refresh(resource))
    return True
