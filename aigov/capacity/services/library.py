"""Writes of the library: collections, their items and members."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, require
from aigov.capacity import selectors
from aigov.capacity.models import Collection, CollectionItem, CollectionMember, Offering
from aigov.capacity.services.shared import (
    _account,
    _next_position,
    _plain_text,
    _translations,
)
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, field_error
from aigov.core.search import index as search_index


def _collection_texts(
    titles: dict[str, str], descriptions: dict[str, str] | None
) -> dict[str, Any]:
    return {
        "titles": _translations(Collection, "titles", titles),
        "descriptions": _translations(Collection, "descriptions", descriptions),
    }


def _visibility(value: str) -> str:
    if value not in Collection.Visibility.values:
        raise InvalidInput(
            errors=[
                field_error(
                    "visibility",
                    "invalid_choice",
                    _("Use one of: %(values)s.")
                    % {"values": ", ".join(Collection.Visibility.values)},
                )
            ]
        )
    return value


@transaction.atomic
def collection_create(
    *,
    actor: Actor,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    visibility: str = Collection.Visibility.PRIVATE,
    is_demo: bool = False,
) -> Collection:
    """Start a collection of the actor's own. Raise NotAllowed or InvalidInput."""
    require(actor, "capacity.create_collection")
    collection = Collection.objects.create(
        owner=_account(actor),
        visibility=_visibility(visibility),
        is_demo=is_demo,
        **_collection_texts(titles, descriptions),
    )
    audit.record(actor=actor, action="capacity.collection.create", obj=collection)
    transaction.on_commit(lambda: search_index.refresh(collection))
    return collection


@transaction.atomic
def collection_update(
    *,
    actor: Actor,
    collection: Collection,
    titles: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
    visibility: str | None = None,
) -> Collection:
    """Change a collection's texts or who sees it (its owner only).

    Making it private hides it from the people it was shared with (they stay listed, so sharing
    it again restores their access). Raise NotAllowed or InvalidInput.
    """
    require(actor, "capacity.change_collection", collection)
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = audit.snapshot(collection)
    texts = _collection_texts(
        titles if titles is not None else collection.titles,
        descriptions if descriptions is not None else collection.descriptions,
    )
    collection.titles, collection.descriptions = texts["titles"], texts["descriptions"]
    if visibility is not None:
        collection.visibility = _visibility(visibility)
    collection.save()
    audit.record(actor=actor, action="capacity.collection.update", obj=collection, before=before)
    transaction.on_commit(lambda: search_index.refresh(collection))
    return collection


@transaction.atomic
def collection_delete(*, actor: Actor, collection: Collection) -> None:
    """Delete a collection with its items and shares (its owner only)."""
    require(actor, "capacity.change_collection", collection)
    before = audit.snapshot(collection)
    pk = collection.pk
    search_index.remove(collection)
    collection.delete()
    collection.pk = pk
    audit.record(actor=actor, action="capacity.collection.delete", obj=collection, before=before)


@transaction.atomic
def collection_item_add(
    *, actor: Actor, collection: Collection, offering: Offering, note: str = ""
) -> CollectionItem:
    """Add an offering the actor may see to the end of a collection (owner or editor).

    The collection row is locked, so two additions at once get distinct places. Raise
    NotAllowed, NotFound (an offering the actor may not see), Conflict (already in it) or
    InvalidState (the collection is full).
    """
    require(actor, "capacity.curate_collection", collection)
    offering = selectors.offering_get(actor=actor, slug=offering.slug)
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if collection.items.filter(offering=offering).exists():
        raise Conflict(_("This offering is in the collection already."))
    if collection.items.count() >= Collection.MAX_ITEMS:
        raise InvalidState(
            _("A collection holds at most %(n)d offerings.") % {"n": Collection.MAX_ITEMS}
        )
    item = CollectionItem.objects.create(
        collection=collection,
        offering=offering,
        position=_next_position(collection.items.all()),
        note=_plain_text(CollectionItem, "note", note),
        # A job (the demonstration data) is nobody a reader could ask about the choice.
        added_by=account_of(actor),
    )
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    audit.record(actor=actor, action="capacity.collection_item.create", obj=item)
    return item


@transaction.atomic
def collection_item_remove(*, actor: Actor, item: CollectionItem) -> None:
    """Take an offering out of a collection (owner or editor)."""
    require(actor, "capacity.curate_collection", item.collection)
    before = audit.snapshot(item)
    pk = item.pk
    item.delete()
    item.pk = pk
    audit.record(actor=actor, action="capacity.collection_item.delete", obj=item, before=before)


@transaction.atomic
def collection_item_move(*, actor: Actor, item: CollectionItem, step: int) -> CollectionItem:
    """Move an item one place up (`step=-1`) or down (`step=1`) among its collection's items."""
    require(actor, "capacity.curate_collection", item.collection)
    Collection.objects.select_for_update().filter(pk=item.collection_id).first()
    item = CollectionItem.objects.get(pk=item.pk)
    items = item.collection.items.all()
    neighbour = (
        items.filter(position__lt=item.position).order_by("-position").first()
        if step < 0
        else items.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return item
    before = audit.snapshot(item)
    # (collection, position) is not unique, so the two rows swap places in one UPDATE.
    item.position, neighbour.position = neighbour.position, item.position
    CollectionItem.objects.bulk_update([item, neighbour], ["position"])
    audit.record(actor=actor, action="capacity.collection_item.move", obj=item, before=before)
    return item


@transaction.atomic
def collection_share(
    *, actor: Actor, collection: Collection, email: str, can_edit: bool = False
) -> CollectionMember:
    """Share a collection with the account of `email` (owner only); a private one becomes
    shared. Sharing again changes whether they may edit.

    The permission is checked before the address is looked up, so nobody else learns who has
    an account. Raise NotAllowed or InvalidInput (no such account, or the owner's own).
    """
    require(actor, "capacity.change_collection", collection)
    user = selectors.user_by_email(email=email)
    if user.pk == collection.owner_id:
        raise InvalidInput(
            errors=[field_error("email", "owner", _("This is the collection's owner."))]
        )
    member, created = CollectionMember.objects.get_or_create(
        collection=collection, user=user, defaults={"can_edit": can_edit}
    )
    before = None if created else audit.snapshot(member)
    if not created and member.can_edit != can_edit:
        member.can_edit = can_edit
        member.save(update_fields=["can_edit", "updated_at"])
    if collection.visibility == Collection.Visibility.PRIVATE:
        collection_before = audit.snapshot(collection)
        collection.visibility = Collection.Visibility.SHARED
        collection.save(update_fields=["visibility", "updated_at"])
        audit.record(
            actor=actor,
            action="capacity.collection.update",
            obj=collection,
            before=collection_before,
        )
    audit.record(actor=actor, action="capacity.collection_member.share", obj=member, before=before)
    return member


@transaction.atomic
def collection_unshare(*, actor: Actor, member: CollectionMember) -> None:
    """Stop sharing a collection with somebody (owner), or leave it (the member themself)."""
    require(actor, "capacity.unshare_collection", member)
    before = audit.snapshot(member)
    pk = member.pk
    member.delete()
    member.pk = pk
    audit.record(actor=actor, action="capacity.collection_member.delete", obj=member, before=before)
