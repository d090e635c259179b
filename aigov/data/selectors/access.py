"""Reads of access requests and entitlements, each from what the actor may see."""

from django.db.models import QuerySet

from aigov.accounts.access import Actor, has, scope
from aigov.core.errors import NotFound
from aigov.data.models import AccessRequest, DataNeed, Dataset, Entitlement


def access_request_list(*, actor: Actor, dataset: Dataset | None = None) -> QuerySet[AccessRequest]:
    """Return the requests `actor` may read (their own; those they decide)."""
    requests = scope(actor, "data.view_access_request", AccessRequest.objects.all())
    if dataset is not None:
        requests = requests.filter(dataset=dataset)
    return requests.select_related("dataset", "requester", "country").order_by("-created_at", "-pk")


def access_request_get(*, actor: Actor, pk: int) -> AccessRequest:
    """Return one request `actor` may read; NotFound for a missing or hidden one."""
    found = access_request_list(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def requests_to_decide(*, actor: Actor) -> QuerySet[AccessRequest]:
    """Return the requests waiting for `actor`'s decision (needs_review, not their own)."""
    waiting = scope(actor, "data.decide_access_request", AccessRequest.objects.all())
    return (
        waiting.filter(status=AccessRequest.Status.PENDING)
        .select_related("dataset", "requester", "country")
        .order_by("created_at", "pk")
    )


def access_request_decidable(*, actor: Actor, request: AccessRequest) -> bool:
    return request.status == AccessRequest.Status.PENDING and has(
        actor, "data.decide_access_request", request
    )


def entitlement_list(*, actor: Actor, dataset: Dataset | None = None) -> QuerySet[Entitlement]:
    entitlements = scope(actor, "data.view_entitlement", Entitlement.objects.all())
    if dataset is not None:
        entitlements = entitlements.filter(dataset=dataset)
    return entitlements.select_related("dataset", "holder", "agreement").order_by(
        "-starts_at", "-pk"
    )


def entitlement_get(*, actor: Actor, pk: int) -> Entitlement:
    found = entitlement_list(actor=actor).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def entitlement_revocable(*, actor: Actor, entitlement: Entitlement) -> bool:
    return entitlement.revoked_at is None and has(actor, "data.revoke_entitlement", entitlement)


def need_list(*, actor: Actor) -> QuerySet[DataNeed]:
    """Return the data needs `actor` may read (their own; all for trustees and secretariat)."""
    return (
        scope(actor, "data.view_need", DataNeed.objects.all())
        .select_related("language", "country")
        .order_by("-created_at", "-pk")
    )
