"""/api/capacity/collections: the digital library's personal and shared collections."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from aigov.accounts.api import actor_auth
from aigov.capacity import selectors, services
from aigov.capacity.api import OfferingOut
from aigov.capacity.api.shared import UNSENT, require_object_body
from aigov.capacity.models import Collection, CollectionItem, CollectionMember
from aigov.core.api import Page
from aigov.core.translation import pick

router = Router(tags=["capacity"])

Visibility = Literal["private", "shared", "public"]
Texts = dict[str, str]


class CollectionOut(Schema):
    id: int
    title: str
    titles: Texts
    descriptions: Texts
    visibility: str
    is_mine: bool
    items_count: int
    updated_at: datetime.datetime
    is_demo: bool

    @staticmethod
    def resolve_title(obj: Collection) -> str:
        return pick(obj.titles).text

    @staticmethod
    def resolve_is_mine(obj: Collection, context: Any) -> bool:
        return bool(obj.owner_id == getattr(context["request"].user, "pk", None))

    @staticmethod
    def resolve_items_count(obj: Collection) -> int:
        return int(getattr(obj, "item_count", 0))


class CapacityItemOut(Schema):
    id: int
    position: int
    note: str
    offering: OfferingOut


class CapacityMemberOut(Schema):
    id: int
    name: str
    can_edit: bool

    @staticmethod
    def resolve_name(obj: CollectionMember) -> str:
        return obj.user.display_name


class CollectionDetailOut(CollectionOut):
    items: list[CapacityItemOut]
    members: list[CapacityMemberOut]

    # Set by _detail: only the items and members the reader may see.
    @staticmethod
    def resolve_items(obj: Collection) -> list[CollectionItem]:
        return list(getattr(obj, "visible_items", []))

    @staticmethod
    def resolve_members(obj: Collection) -> list[CollectionMember]:
        return list(getattr(obj, "visible_members", []))


class CollectionIn(Schema):
    titles: Texts = Field(..., min_length=1, max_length=6)
    descriptions: Texts = Field(default_factory=dict, max_length=6)
    visibility: Visibility = "private"


class CollectionPatch(Schema):
    """Only the fields sent change; none of them can be null."""

    titles: Texts = Field(UNSENT, min_length=1, max_length=6)
    descriptions: Texts = Field(UNSENT, max_length=6)
    visibility: Visibility = Field(UNSENT)


class CapacityItemIn(Schema):
    offering: str = Field(..., min_length=1, max_length=100, description="The offering's slug.")
    note: str = Field("", max_length=2000)


class CapacityMemberIn(Schema):
    email: str = Field(..., min_length=3, max_length=254)
    can_edit: bool = False


def _detail(request: HttpRequest, collection: Collection) -> Collection:
    """Attach what CollectionDetailOut shows, narrowed to what the reader may see."""
    items = selectors.collection_items(actor=request.user, collection=collection)
    members = selectors.collection_members(actor=request.user, collection=collection)
    collection.visible_items = items  # type: ignore[attr-defined]
    collection.visible_members = members  # type: ignore[attr-defined]
    collection.item_count = len(items)  # type: ignore[attr-defined]
    return collection


@router.get(
    "",
    response=list[CollectionOut],
    summary="Collections I may see: mine, shared with me, public ones",
    operation_id="capacity_collections",
)
@paginate(Page)
def collections(request: HttpRequest, mine: bool = False) -> Any:
    return selectors.library_rows(actor=request.user, mine=mine)


@router.post(
    "",
    response={201: CollectionDetailOut},
    auth=actor_auth,
    summary="Start a collection of my own",
    operation_id="capacity_collection_create",
)
def collection_create(request: HttpRequest, payload: CollectionIn) -> Any:
    collection = services.collection_create(actor=request.user, **payload.dict())
    return Status(201, _detail(request, collection))


@router.get(
    "/{id}",
    response=CollectionDetailOut,
    summary="One collection with the offerings in it that I may see",
    operation_id="capacity_collection",
)
def collection(request: HttpRequest, id: int) -> Any:
    return _detail(request, selectors.collection_get(actor=request.user, pk=id))


@router.patch(
    "/{id}",
    response=CollectionDetailOut,
    auth=actor_auth,
    summary="Change a collection's titles, descriptions or who sees it (its owner)",
    operation_id="capacity_collection_update",
)
def collection_update(request: HttpRequest, id: int, payload: CollectionPatch) -> Any:
    require_object_body(request)
    collection = selectors.collection_get(actor=request.user, pk=id)
    changed = services.collection_update(
        actor=request.user, collection=collection, **payload.dict(exclude_unset=True)
    )
    return _detail(request, changed)


@router.delete(
    "/{id}",
    response={204: None},
    auth=actor_auth,
    summary="Delete a collection (its owner)",
    operation_id="capacity_collection_delete",
)
def collection_delete(request: HttpRequest, id: int) -> Any:
    collection = selectors.collection_get(actor=request.user, pk=id)
    services.collection_delete(actor=request.user, collection=collection)
    return Status(204, None)


@router.post(
    "/{id}/items",
    response={201: CapacityItemOut},
    auth=actor_auth,
    summary="Add an offering to a collection (its owner and editors)",
    operation_id="capacity_collection_item_add",
)
def item_add(request: HttpRequest, id: int, payload: CapacityItemIn) -> Any:
    collection = selectors.collection_get(actor=request.user, pk=id)
    offering = selectors.offering_get(actor=request.user, slug=payload.offering)
    item: CollectionItem = services.collection_item_add(
        actor=request.user, collection=collection, offering=offering, note=payload.note
    )
    selectors.attach_facets([item.offering])
    return Status(201, item)


@router.delete(
    "/{id}/items/{item_id}",
    response={204: None},
    auth=actor_auth,
    summary="Take an offering out of a collection (its owner and editors)",
    operation_id="capacity_collection_item_remove",
)
def item_remove(request: HttpRequest, id: int, item_id: int) -> Any:
    collection = selectors.collection_get(actor=request.user, pk=id)
    item = selectors.collection_item_get(actor=request.user, collection=collection, pk=item_id)
    services.collection_item_remove(actor=request.user, item=item)
    return Status(204, None)


@router.post(
    "/{id}/members",
    response={201: CapacityMemberOut},
    auth=actor_auth,
    summary="Share a collection with an account by its e-mail address (its owner)",
    operation_id="capacity_collection_share",
)
def share(request: HttpRequest, id: int, payload: CapacityMemberIn) -> Any:
    collection = selectors.collection_get(actor=request.user, pk=id)
    member = services.collection_share(
        actor=request.user,
        collection=collection,
        email=payload.email,
        can_edit=payload.can_edit,
    )
    return Status(201, member)


@router.delete(
    "/{id}/members/{member_id}",
    response={204: None},
    auth=actor_auth,
    summary="Stop sharing with somebody (the owner), or leave a collection (the member)",
    operation_id="capacity_collection_unshare",
)
def unshare(request: HttpRequest, id: int, member_id: int) -> Any:
    collection = selectors.collection_get(actor=request.user, pk=id)
    member = selectors.collection_member_get(collection=collection, pk=member_id)
    services.collection_unshare(actor=request.user, member=member)
    return Status(204, None)
