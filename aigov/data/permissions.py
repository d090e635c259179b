"""Rules of the data module: who publishes datasets, who reads their files, who asks for access
and who decides.

The **public** reads every published dataset's description (CKAN's public catalogue), and the
files of open ones. A **restricted** dataset's files and sample are read only with a live
entitlement (granted, started, not ended, not revoked), or by those who decide about it: its
trust's members (or, outside a trust, the person who published it) and the secretariat. Drafts
are read by those deciders only. **Data trustees** and the secretariat publish datasets and run
trusts; anyone signed in asks for access, and reads their own requests and entitlements.
"""

from typing import Any

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.models import Role
from aigov.accounts.predicates import has_role, is_administrator, is_secretariat, is_signed_in
from aigov.data.models import AccessRequest, DataNeed, Dataset, DataTrust, Entitlement

is_secretariat_or_admin = is_administrator | is_secretariat
is_data_trustee = has_role(Role.DATA_TRUSTEE)


def _signed_in(actor: Actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _decides(actor: Actor, dataset: Dataset) -> bool:
    """Whether `actor` decides about `dataset`: a member of its trust, or (outside a trust) the
    person who published it; the secretariat for every dataset."""
    if is_secretariat_or_admin(actor):
        return True
    # Deciding needs the data trustee role: an account that loses it decides nothing more.
    if not (_signed_in(actor) and is_data_trustee(actor)):
        return False
    if dataset.trust_id is not None:
        return DataTrust.objects.filter(pk=dataset.trust_id, members=actor.pk).exists()
    return dataset.created_by_id == actor.pk


def _decided_by(actor: Actor) -> QuerySet[Dataset]:
    """The datasets `actor` (signed in, not the secretariat) decides about, as `_decides`."""
    if not is_data_trustee(actor):
        return Dataset.objects.none()
    return Dataset.objects.filter(
        Q(trust__members=actor.pk) | Q(trust__isnull=True, created_by=actor.pk)
    )


def _live_entitlements(actor: Actor) -> QuerySet[Entitlement]:
    now = timezone.now()
    return Entitlement.objects.filter(
        holder=actor.pk, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
    )


# Datasets -----------------------------------------------------------------------------------


def datasets_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the datasets of `queryset` whose description `actor` may read: published ones,
    and drafts for those who decide about them."""
    if is_secretariat_or_admin(actor):
        return queryset
    condition = Q(status=Dataset.Status.PUBLISHED)
    if _signed_in(actor):
        condition |= Q(pk__in=_decided_by(actor).values("pk"))
    return queryset.filter(condition)


@rules.predicate
def can_view_dataset(actor: Actor, dataset: Dataset | None) -> bool:
    if dataset is None:
        return False
    return dataset.status == Dataset.Status.PUBLISHED or _decides(actor, dataset)


def datasets_readable_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the datasets of `queryset` whose files and sample `actor` may read: published open
    ones; restricted ones with a live entitlement; every one its deciders may see."""
    if is_secretariat_or_admin(actor):
        return queryset
    condition = Q(status=Dataset.Status.PUBLISHED, access=Dataset.Access.OPEN)
    if _signed_in(actor):
        entitled = _live_entitlements(actor).filter(dataset=OuterRef("pk"))
        mine = _decided_by(actor).values("pk")
        condition |= Q(Exists(entitled), status=Dataset.Status.PUBLISHED) | Q(pk__in=mine)
    return queryset.filter(condition)


@rules.predicate
def can_read_dataset_files(actor: Actor, dataset: Dataset | None) -> bool:
    if dataset is None:
        return False
    if _decides(actor, dataset):
        return True
    if dataset.status != Dataset.Status.PUBLISHED:
        return False
    if dataset.access == Dataset.Access.OPEN:
        return True
    return _signed_in(actor) and _live_entitlements(actor).filter(dataset=dataset).exists()


@rules.predicate
def can_manage_dataset(actor: Actor, dataset: Dataset | None) -> bool:
    return dataset is not None and _decides(actor, dataset)


@rules.predicate
def can_publish_in_trust(actor: Actor, trust: DataTrust | None) -> bool:
    """Trust members publish in their trust; the secretariat in any; None is outside a trust."""
    if is_secretariat_or_admin(actor):
        return True
    if not (is_data_trustee(actor) and _signed_in(actor)):
        return False
    return trust is None or trust.members.filter(pk=actor.pk).exists()


# Trusts -------------------------------------------------------------------------------------


def trusts_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return `queryset`: who stewards data, and by which rules, is public."""
    return queryset


@rules.predicate
def can_manage_trust(actor: Actor, trust: DataTrust | None) -> bool:
    if trust is None:
        return False
    if is_secretariat_or_admin(actor):
        return True
    return _signed_in(actor) and trust.members.filter(pk=actor.pk).exists()


# Access requests and entitlements -----------------------------------------------------------


def _own_or_decided(actor: Actor, queryset: QuerySet[Any], owner: str) -> QuerySet[Any]:
    """The rows of `queryset` whose `owner` is `actor`, and those about datasets they decide."""
    if is_secretariat_or_admin(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    decided = _decided_by(actor).values("pk")
    return queryset.filter(Q(**{owner: actor.pk}) | Q(dataset__in=decided))


def _is_own_or_decided(actor: Actor, owner_id: int | None, dataset: Dataset) -> bool:
    return (_signed_in(actor) and owner_id == actor.pk) or _decides(actor, dataset)


def access_requests_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the requests of `queryset` that `actor` may read: their own, and those about
    datasets they decide about."""
    return _own_or_decided(actor, queryset, "requester")


@rules.predicate
def can_view_access_request(actor: Actor, request: AccessRequest | None) -> bool:
    return request is not None and _is_own_or_decided(actor, request.requester_id, request.dataset)


def access_requests_decided_by(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the requests of `queryset` that `actor` decides: about datasets they decide
    about, never their own. Without the roles that decide, none (and no query)."""
    if is_secretariat_or_admin(actor):
        return queryset.exclude(requester=actor.pk)
    if not (_signed_in(actor) and is_data_trustee(actor)):
        return queryset.none()
    decided = _decided_by(actor).values("pk")
    return queryset.filter(dataset__in=decided).exclude(requester=actor.pk)


@rules.predicate
def can_decide_access_request(actor: Actor, request: AccessRequest | None) -> bool:
    """Those who decide about the dataset, never about their own request."""
    if request is None or (_signed_in(actor) and request.requester_id == actor.pk):
        return False
    return _decides(actor, request.dataset)


def entitlements_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the entitlements of `queryset` that `actor` may read: their own, and those to
    datasets they decide about."""
    return _own_or_decided(actor, queryset, "holder")


@rules.predicate
def can_view_entitlement(actor: Actor, entitlement: Entitlement | None) -> bool:
    return entitlement is not None and _is_own_or_decided(
        actor, entitlement.holder_id, entitlement.dataset
    )


@rules.predicate
def can_revoke_entitlement(actor: Actor, entitlement: Entitlement | None) -> bool:
    return entitlement is not None and _decides(actor, entitlement.dataset)


def needs_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return the data needs of `queryset` that `actor` may read: their own; every one for data
    trustees (who may answer them) and the secretariat."""
    if is_secretariat_or_admin(actor) or is_data_trustee(actor):
        return queryset
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(requester=actor.pk)


@rules.predicate
def can_view_need(actor: Actor, need: DataNeed | None) -> bool:
    if need is None:
        return False
    if is_secretariat_or_admin(actor) or is_data_trustee(actor):
        return True
    return _signed_in(actor) and need.requester_id == actor.pk


def register() -> None:
    demo, operator = Purpose.DEMO_DATA, Purpose.OPERATOR
    rule("data.view_dataset", can_view_dataset, scope=datasets_visible_to)
    rule("data.read_dataset_files", can_read_dataset_files, scope=datasets_readable_by)
    rule("data.publish_dataset", can_publish_in_trust, jobs=(demo, operator))
    rule("data.manage_dataset", can_manage_dataset, jobs=(demo, operator))
    rule("data.view_trust", rules.always_allow, scope=trusts_visible_to)
    rule("data.create_trust", is_data_trustee | is_secretariat_or_admin, jobs=(demo, operator))
    rule("data.manage_trust", can_manage_trust, jobs=(demo, operator))
    rule("data.request_access", is_signed_in, jobs=(demo,))
    rule("data.view_access_request", can_view_access_request, scope=access_requests_visible_to)
    rule(
        "data.decide_access_request",
        can_decide_access_request,
        scope=access_requests_decided_by,
        jobs=(demo,),
    )
    rule("data.view_entitlement", can_view_entitlement, scope=entitlements_visible_to)
    rule("data.revoke_entitlement", can_revoke_entitlement, jobs=(demo,))
    rule("data.register_need", is_signed_in, jobs=(demo,))
    rule("data.view_need", can_view_need, scope=needs_visible_to)
