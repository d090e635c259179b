"""Reads of the library: collections, their items and members."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, scope
from aigov.accounts.models import User
from aigov.accounts.selectors import users_by_email
from aigov.capacity.models import Collection, CollectionItem, CollectionMember
from aigov.capacity.selectors.offerings import attach_facets, offerings_visible_to
from aigov.core.errors import InvalidInput, NotFound, field_error


def collection_list(*, actor: Actor) -> QuerySet[Collection]:
    """Return the collections `actor` may see: their own, those shared with them, public ones."""
    return scope(actor, "capacity.view_collection", Collection.objects.all()).select_related(
        "owner"
    )


def library_rows(*, actor: Actor, mine: bool = False) -> QuerySet[Collection]:
    """Return the collections `actor` may see (`mine`: only their own) with `item_count`: the
    offerings in each that the actor may see (an unpublished one counts only for those who see
    it)."""
    collections = collection_list(actor=actor)
    if mine:
        collections = collections.filter(owner_id=actor.pk)
    return collections.annotate(
        item_count=Count(
            "items",
            filter=Q(items__offering_id__in=offerings_visible_to(actor).values("pk")),
        )
    ).order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class Library:
    """Querysets, so that a page reads only its page of each."""

    own: QuerySet[Collection]
    shared_with_me: QuerySet[Collection]
    public: QuerySet[Collection]


def library_of(*, actor: Actor) -> Library:
    """Return the actor's own collections, those shared with them, and public ones of others,
    each annotated with `item_count` (the offerings in it that the actor may see)."""
    visible = library_rows(actor=actor)
    me = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    if not me:
        none = visible.none()
        return Library(
            own=none,
            shared_with_me=none,
            public=visible.filter(visibility=Collection.Visibility.PUBLIC),
        )
    shared = visible.filter(memberships__user_id=me).exclude(owner_id=me).distinct()
    public = visible.filter(visibility=Collection.Visibility.PUBLIC)
    return Library(
        own=visible.filter(owner_id=me),
        shared_with_me=shared,
        public=public.exclude(owner_id=me).exclude(memberships__user_id=me),
    )


def collection_get(*, actor: Actor, pk: int) -> Collection:
    """Return one collection `actor` may see; raise NotFound for a missing or hidden one."""
    collection = collection_list(actor=actor).filter(pk=pk).first()
    if collection is None:
        raise NotFound()
    return collection


def collection_items(*, actor: Actor, collection: Collection) -> list[CollectionItem]:
    """Return the items of a collection whose offerings `actor` may see, in the curator's order.

    An offering that has been unpublished stays in the collection but is absent for those who
    may not see it, in the page, the API, the downloads and the counts.
    """
    items = list(
        collection.items.filter(offering_id__in=offerings_visible_to(actor).values("pk"))
        .select_related("offering", "offering__provider")
        .order_by("position", "pk")
    )
    attach_facets([item.offering for item in items])
    return items


def collection_members(*, actor: Actor, collection: Collection) -> list[CollectionMember]:
    """Return whom a collection is shared with: for its owner and members only (else none)."""
    if not has(actor, "capacity.view_collection_members", collection):
        return []
    return list(collection.memberships.select_related("user").order_by("user__email"))


def collection_item_get(*, actor: Actor, collection: Collection, pk: int) -> CollectionItem:
    item = collection.items.filter(pk=pk).select_related("collection", "offering").first()
    if item is None or not has(actor, "capacity.view_offering", item.offering):
        raise NotFound()
    return item


def collection_member_get(*, collection: Collection, pk: int) -> CollectionMember:
    member = collection.memberships.filter(pk=pk).select_related("collection", "user").first()
    if member is None:
        raise NotFound()
    return member


def curatable_collections(*, actor: Actor) -> list[Collection]:
    """Return the collections `actor` may add offerings to (their own and those they edit)."""
    curated = scope(actor, "capacity.curate_collection", Collection.objects.all())
    return list(curated.order_by("-updated_at", "-pk"))


def can_change_collection(*, actor: Actor, collection: Collection) -> bool:
    return has(actor, "capacity.change_collection", collection)


def can_curate_collection(*, actor: Actor, collection: Collection) -> bool:
    return has(actor, "capacity.curate_collection", collection)


def user_by_email(*, email: str) -> User:
    """Return the active account with `email`; raise InvalidInput naming the field otherwise."""
    user = users_by_email(emails=[email]).get(email.strip().lower())
    if user is None or not user.is_active:
        raise InvalidInput(
            errors=[
                field_error(
                    "email",
                    "unknown_user",
                    _("No account has this address."),
                )
            ]
        )
    return user
