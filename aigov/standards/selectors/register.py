"""Reads of the register: standards, related standards, bodies, status changes, policies."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from aigov.accounts.access import Actor, scope
from aigov.accounts.models import Organisation
from aigov.core.errors import NotFound
from aigov.standards.models import Standard, StandardTopic, Status, StatusChange
from aigov.taxonomy.selectors import lifecycle_stage_list

LIFECYCLE_SCHEME = "iso-iec-22989"
# The statuses the gap matrix counts, and the `status` filter that lists exactly those: a
# revised standard has a newer edition that counts instead; withdrawn and proposed ones count
# nowhere.
COUNTED_STATUSES = (Status.PUBLISHED, Status.UNDER_DEVELOPMENT)
CURRENT = "current"
SORTS = {
    "reference": ("reference",),
    "-reference": ("-reference",),
    "year": ("year", "reference"),
    "-year": ("-year", "reference"),
    "body": ("body__name", "reference"),
    "-body": ("-body__name", "reference"),
    "status": ("status", "reference"),
}


def _standards_visible_to(actor: Actor) -> QuerySet[Standard]:
    # Standards are public reference data (every visitor reads them); a deactivated account
    # reads nothing, so counts, charts, exports and e-mail all start here.
    return scope(actor, "standards.view_standard", Standard.objects.all())


def standard_list(
    *,
    actor: Actor,
    sdo: int | None = None,
    status: str | None = None,
    topic: str | None = None,
    lifecycle_stage: str | None = None,
    risk_area: str | None = None,
    sdg: int | None = None,
    q: str | None = None,
    sort: str = "reference",
) -> QuerySet[Standard]:
    """Return the standards `actor` may see, filtered and sorted; tags prefetched.

    `lifecycle_stage` is a slug of the ISO/IEC 22989 scheme; `status` a status or CURRENT (those
    the gap matrix counts); `sort` a key of SORTS. Each standard's `topic_links` (with how each
    topic was applied) are prefetched with their topics.
    """
    standards = _standards_visible_to(actor)
    if sdo is not None:
        standards = standards.filter(body_id=sdo)
    if status == CURRENT:
        standards = standards.filter(status__in=COUNTED_STATUSES)
    elif status:
        standards = standards.filter(status=status)
    if topic:
        standards = standards.filter(topics__slug=topic)
    if lifecycle_stage:
        standards = standards.filter(
            lifecycle_stages__scheme_id=LIFECYCLE_SCHEME, lifecycle_stages__slug=lifecycle_stage
        )
    if risk_area:
        standards = standards.filter(risk_areas__slug=risk_area)
    if sdg is not None:
        standards = standards.filter(sdgs__number=sdg)
    if q:
        standards = standards.filter(Q(reference__icontains=q) | Q(titles__icontains=q))
    return (
        standards.select_related("body", "supersedes")
        .prefetch_related(
            "topics",
            Prefetch(
                "topic_links",
                queryset=StandardTopic.objects.select_related("topic").order_by("topic_id"),
            ),
            # Without the stages' own mappings to other schemes, which no standard shows:
            # prefetching them took two thirds of a page of 50 standards (bench/standards.py).
            Prefetch(
                "lifecycle_stages",
                queryset=lifecycle_stage_list(scheme=LIFECYCLE_SCHEME).prefetch_related(None),
            ),
            "risk_areas",
            "sdgs",
        )
        .order_by(*SORTS.get(sort, SORTS["reference"]))
    )


def standard_get(*, actor: Actor, pk: int) -> Standard:
    """Return one standard with its tags, history and editions; raise NotFound."""
    standard = (
        standard_list(actor=actor)
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("recorded_at", "id")),
            "superseded_by",
        )
        .filter(pk=pk)
        .first()
    )
    if standard is None:
        raise NotFound()
    return standard


def standard_related(*, actor: Actor, standard: Standard, limit: int = 8) -> list[Standard]:
    """Return the standards sharing most topics and lifecycle stages with `standard`."""
    topics = [topic.pk for topic in standard.topics.all()]
    stages = [stage.pk for stage in standard.lifecycle_stages.all()]
    shared = (
        _standards_visible_to(actor)
        .exclude(pk=standard.pk)
        .annotate(
            shared_topics=Count("topics", filter=Q(topics__in=topics), distinct=True),
            shared_stages=Count(
                "lifecycle_stages", filter=Q(lifecycle_stages__in=stages), distinct=True
            ),
        )
        .filter(shared_topics__gt=0)
        .select_related("body")
        .order_by("-shared_topics", "-shared_stages", "reference")
    )
    return list(shared[:limit])


def sdo_list(*, actor: Actor) -> QuerySet[Organisation]:
    """Return the standards bodies that have at least one standard the actor may see."""
    readable = _standards_visible_to(actor)
    return (
        Organisation.objects.filter(pk__in=readable.values("body_id"))
        .annotate(standard_count=Count("standards"))
        .order_by("name")
    )


def status_change_recent(*, limit: int = 50) -> list[StatusChange]:
    """Return the latest status changes, newest first, with their standards (for the feed)."""
    return list(
        StatusChange.objects.select_related("standard", "standard__body").order_by(
            "-recorded_at", "-id"
        )[:limit]
    )


def status_change_dated(*, actor: Actor, limit: int) -> list[StatusChange]:
    """Return the `limit` latest dated status changes of standards `actor` may see, newest
    first (the home page's recent changes; undated history steps are left out)."""
    return list(
        StatusChange.objects.filter(
            standard__in=_standards_visible_to(actor), changed_on__isnull=False
        )
        .select_related("standard")
        .order_by("-changed_on", "-id")[:limit]
    )


def status_change_get(*, pk: int) -> StatusChange:
    """Return one status change with its standard; raise NotFound."""
    change = StatusChange.objects.select_related("standard", "standard__body").filter(pk=pk).first()
    if change is None:
        raise NotFound()
    return change


# --- Links to landscape policies -------------------------------------------------------------


def standard_policies(*, actor: Actor, standard: Standard) -> QuerySet[Any]:
    """Return the landscape policies linked to `standard` that `actor` may see."""
    from aigov.landscape.selectors import policy_list

    return (
        policy_list(actor=actor)
        .filter(linked_standards=standard)
        .select_related("jurisdiction")
        .order_by("slug")
    )


def policy_standards(*, actor: Actor, policy: Any) -> QuerySet[Standard]:
    """Return the standards `actor` may see that are linked to a landscape policy."""
    return (
        _standards_visible_to(actor)
        .filter(policies=policy)
        .select_related("body")
        .order_by("reference")
    )
