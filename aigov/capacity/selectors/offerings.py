"""Reads of the catalogue: offerings, their facets, search and recommendations."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models import Value as V
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, scope
from aigov.capacity import recommendations
from aigov.capacity.models import CourseModule, Lesson, Node, Offering, OfferingAudience
from aigov.core.errors import InvalidInput, NotFound, field_error
from aigov.core.weights import Weights
from aigov.taxonomy.models import Language

BCP47 = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
LanguageThrough = Offering.languages.through
TopicThrough = Offering.topics.through


def language_tags_for(tag: str) -> list[str]:
    """Return the taxonomy tags a BCP 47 filter value matches (none for an unknown language).

    `fr` matches `fr`; `zh` matches `zh`, `zh-Hans` and `zh-Hant`; `fr-CA`, absent from the
    taxonomy, falls back to its primary language `fr`. Raise InvalidInput for text that is not
    a BCP 47 tag at all.
    """
    wanted = tag.strip().lower()
    if not BCP47.fullmatch(wanted):
        raise InvalidInput(
            errors=[
                field_error(
                    "language",
                    "invalid",
                    _("%(tag)s is not a BCP 47 language tag (such as fr or zh-Hans).")
                    % {"tag": tag},
                )
            ]
        )
    known = list(Language.objects.values_list("tag", flat=True))
    matches = [t for t in known if t.lower() == wanted or t.lower().startswith(wanted + "-")]
    if not matches and "-" in wanted:
        primary = wanted.split("-")[0]
        matches = [t for t in known if t.lower() == primary]
    return matches


@dataclass(frozen=True)
class OfferingFilter:
    kind: str | None = None
    language: str | None = None
    audience: str | None = None
    topic: str | None = None
    cost: str | None = None
    provider: str | None = None
    starts_after: datetime.datetime | None = None
    node: str | None = None
    q: str | None = None
    government_track: bool | None = None


def offerings_visible_to(actor: Actor) -> QuerySet[Offering]:
    """Return the offerings `actor` may see: published ones for everyone, the public included."""
    return scope(actor, "capacity.view_offering", Offering.objects.all())


def offering_list(*, actor: Actor, filters: OfferingFilter | None = None) -> QuerySet[Offering]:
    """Return the offerings `actor` may see, filtered; soonest-starting first.

    Multi-valued facets (language, audience, topic) are semi-joins (`IN (subquery)`) on their
    indexed rows, so no row repeats and no DISTINCT is needed (bench/capacity.py).
    Raise InvalidInput for an unknown language tag.
    """
    f = filters or OfferingFilter()
    offerings = offerings_visible_to(actor)
    if f.kind:
        offerings = offerings.filter(kind=f.kind)
    if f.cost:
        offerings = offerings.filter(cost=f.cost)
    if f.provider:
        offerings = offerings.filter(provider__slug=f.provider)
    if f.node:
        offerings = offerings.filter(node__slug=f.node)
    if f.starts_after:
        offerings = offerings.filter(starts_at__gt=f.starts_after)
    if f.government_track is not None:
        offerings = offerings.filter(is_government_track=f.government_track)
    if f.language:
        tags = language_tags_for(f.language)
        offerings = offerings.filter(
            pk__in=LanguageThrough.objects.filter(language_id__in=tags).values("offering_id")
        )
    if f.audience:
        offerings = offerings.filter(
            pk__in=OfferingAudience.objects.filter(audience=f.audience).values("offering_id")
        )
    if f.topic:
        offerings = offerings.filter(
            pk__in=TopicThrough.objects.filter(topic_id=f.topic).values("offering_id")
        )
    if f.q:
        offerings = offerings.filter(Q(slug__icontains=f.q) | Q(titles__icontains=f.q))
    return offerings.select_related("provider", "node").order_by("starts_at", "slug")


COUNT_CAP = 1000


class OfferingResults:
    """A filtered catalogue that pages in two steps: ordered keys first, then 25 whole rows.

    Sorting thousands of matching offerings with every column (titles, descriptions …) is
    what made the straightforward query slow; the first step sorts only (starts_at, slug, id)
    from the index, the second fetches the page with its languages, topics and audiences.
    Works with Django's Paginator and the API's `Page` (both call `count()` and slice).
    """

    def __init__(self, offerings: QuerySet[Offering]) -> None:
        self.offerings = offerings
        self._count: int | None = None

    def count(self) -> int:
        """Return how many offerings match, counting no further than COUNT_CAP + 1.

        Counting every one of tens of thousands of matches was most of a broad query's time;
        past a thousand the page says "1,000+" (`is_capped`) instead of an exact figure. The
        count reads unordered keys with a LIMIT, so it stops at the cap.
        """
        if self._count is None:
            self._count = self.offerings.select_related(None).order_by()[: COUNT_CAP + 1].count()
        return self._count

    @property
    def is_capped(self) -> bool:
        return self.count() > COUNT_CAP

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Offering]:
        if not isinstance(window, slice):
            raise TypeError("OfferingResults are read a page (a slice) at a time.")
        keys = list(self.offerings.select_related(None).values_list("pk", flat=True)[window])
        rows = Offering.objects.filter(pk__in=keys).select_related("provider", "node").in_bulk(keys)
        return attach_facets([rows[key] for key in keys])


def attach_facets(offerings: list[Offering]) -> list[Offering]:
    """Set the languages, topics and audiences of a page of offerings: three light queries."""
    keys = [offering.pk for offering in offerings]
    found: dict[str, dict[int, list[str]]] = {
        "_language_tags": {},
        "_topic_slugs": {},
        "_audiences": {},
    }
    queries: list[tuple[str, Any]] = [
        ("_language_tags", LanguageThrough.objects.values_list("offering_id", "language_id")),
        ("_topic_slugs", TopicThrough.objects.values_list("offering_id", "topic_id")),
        ("_audiences", OfferingAudience.objects.values_list("offering_id", "audience")),
    ]
    for attribute, rows in queries:
        for offering_id, value in rows.filter(offering_id__in=keys):
            found[attribute].setdefault(offering_id, []).append(value)
    for offering in offerings:
        for attribute, values in found.items():
            setattr(offering, attribute, sorted(values.get(offering.pk, [])))
    return offerings


def with_facets(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """Prefetch what a list shows of each offering: languages, topics and audiences."""
    return offerings.prefetch_related("languages", "topics", "audience_rows")


def offering_get(*, actor: Actor, slug: str) -> Offering:
    """Return one offering `actor` may see; raise NotFound for a missing or hidden one."""
    offering = (
        offerings_visible_to(actor)
        .select_related("provider", "node", "node__country")
        .prefetch_related(
            "languages",
            "topics",
            "audience_rows",
            Prefetch(
                "modules",
                queryset=CourseModule.objects.prefetch_related(
                    Prefetch("lessons", queryset=Lesson.objects.prefetch_related("questions"))
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if offering is None:
        raise NotFound()
    return offering


def offering_open_list(*, actor: Actor, now: datetime.datetime) -> QuerySet[Offering]:
    """Return the courses and events `actor` may see that a learner can still join at `now`.

    Library resources are not courses; a live event (webinar, workshop, blended course) takes
    registrations until it starts, any other offering is open until it ends (or for ever).
    """
    live = Q(kind__in=Offering.LIVE_KINDS)
    joinable = (live & (Q(starts_at__isnull=True) | Q(starts_at__gt=now))) | (
        ~live & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )
    return offerings_visible_to(actor).exclude(kind=Offering.Kind.LIBRARY_RESOURCE).filter(joinable)


def offering_recent(*, actor: Actor, limit: int) -> list[Offering]:
    """Return the `limit` offerings `actor` may see that were added last, newest first."""
    return list(offerings_visible_to(actor).order_by("-created_at", "-id")[:limit])


def offering_by_slug(*, slug: str) -> Offering | None:
    """Return the offering of `slug` whoever may see it (imports: a taken slug is taken),
    with its facets; callers check what the actor may do with it."""
    offering = Offering.objects.select_related("provider", "node").filter(slug=slug).first()
    return attach_facets([offering])[0] if offering is not None else None


def can_change_offering(*, actor: Actor, offering: Offering) -> bool:
    return has(actor, "capacity.change_offering", offering)


# How the catalogue ranks offerings for a learner (the named setting `capacity.recommendations`):
# points for an offering in the learner's language, for their audience, from a node of their UN
# regional group, and for a free one.
RECOMMENDATIONS = Weights("capacity.recommendations", language=4, audience=3, region=2, free=1)


def points_when(condition: Any, points: float) -> Case:
    """`points` for the rows that meet `condition` (a Q or an Exists), else none: one term of
    a ranking's score in SQL."""
    return Case(When(condition, then=V(float(points))), default=V(0.0), output_field=FloatField())


def offering_recommendations(
    *,
    actor: Actor,
    language: str | None,
    region: str | None,
    audience: str | None,
    limit: int = 6,
    now: datetime.datetime | None = None,
) -> list[Offering]:
    """Return offerings ranked for a learner's language, region and role.

    Score (RECOMMENDATIONS, by default): 4 for the language, 3 for the audience, 2 for a node of
    the learner's UN regional group, 1 for free; an offering must match on more than its price;
    only offerings not yet started (or without dates); ties by start date.

    The ranking is kept in the cache until the catalogue changes (`aigov.capacity.
    recommendations`), per permission filter (its SQL: everyone who sees the same offerings
    shares it) and question; the offerings themselves are read through the filter each time.
    """
    visible = offerings_visible_to(actor)
    sql, params = visible.query.sql_with_params()
    weights = dict(RECOMMENDATIONS)
    key = recommendations.question_key(
        sql,
        params,
        (language or "").strip().lower(),
        region or "",
        audience or "",
        limit,
        weights,
        now is not None,
    )

    def compute() -> recommendations.Ranked:
        ranked = _ranked_recommendations(
            visible, weights, language=language, region=region, audience=audience, now=now
        )
        return [
            (pk, starts.timestamp() if starts else None)
            for pk, starts in ranked.values_list("pk", "starts_at")[:limit]
        ]

    ranked, computed = recommendations.kept_or_computed(key, now=now, compute=compute)
    keys = [pk for pk, _starts in ranked]
    rows = visible.filter(pk__in=keys).select_related("provider").in_bulk(keys)
    if len(rows) < len(keys) and not computed:
        # One was deleted or hidden since it was ranked: rank again, and keep that.
        recommendations.forget(key)
        ranked, _computed = recommendations.kept_or_computed(key, now=now, compute=compute)
        keys = [pk for pk, _starts in ranked]
        rows = visible.filter(pk__in=keys).select_related("provider").in_bulk(keys)
    return [rows[pk] for pk in keys if pk in rows]


def _ranked_recommendations(
    visible: QuerySet[Offering],
    weights: dict[str, float],
    *,
    language: str | None,
    region: str | None,
    audience: str | None,
    now: datetime.datetime | None,
) -> QuerySet[Offering]:
    """Every visible offering scored in one query, best first (`offering_recommendations`)."""
    offerings = visible
    if now is not None:
        offerings = offerings.filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))
    score: Any = V(0.0)
    if language:
        try:
            tags = language_tags_for(language)
        except InvalidInput:
            tags = []
        # `pk IN (uncorrelated subquery)`: the database reads the matching rows once (SQLite an
        # ephemeral index, PostgreSQL a hashed subplan) instead of probing per offering with
        # EXISTS, about twice as fast over 50,000 offerings (bench/capacity.py).
        in_language = LanguageThrough.objects.filter(language_id__in=tags)
        score += points_when(Q(pk__in=in_language.values("offering_id")), weights["language"])
    if audience:
        for_audience = OfferingAudience.objects.filter(audience=audience)
        score += points_when(Q(pk__in=for_audience.values("offering_id")), weights["audience"])
    if region:
        score += points_when(Q(node__region=region), weights["region"])
    score += points_when(Q(cost=Offering.Cost.FREE), weights["free"])
    return (
        offerings.annotate(score=score)
        .filter(score__gt=weights["free"])
        .order_by("-score", "starts_at", "slug")
    )


def catalogue_coverage(*, actor: Actor) -> dict[str, int]:
    """Return how many visible offerings each language has (tag -> count)."""
    visible = offerings_visible_to(actor)
    rows = (
        LanguageThrough.objects.filter(offering_id__in=visible.values("pk"))
        .values_list("language_id")
        .annotate(n=Count("offering_id"))
        .order_by("-n")
    )
    return dict(rows)


def scope_offerings_editable(*, actor: Actor) -> QuerySet[Offering]:
    """Return the offerings `actor` may change (a node operator: those of their nodes)."""
    return scope(actor, "capacity.change_offering", Offering.objects.all())


# Editing the network and the catalogue ----------------------------------------------------------


def offering_nodes_for(*, actor: Actor) -> QuerySet[Node]:
    """Return the nodes `actor` may add offerings to: the secretariat all, an operator theirs."""
    return scope(actor, "capacity.create_offering", Node.objects.all())


def can_create_offering_in(*, actor: Actor, node: Node | None) -> bool:
    """Whether `actor` may add offerings to `node` (None: to no node)."""
    return has(actor, "capacity.create_offering", node)


def can_create_offering(*, actor: Actor) -> bool:
    """Whether `actor` may add an offering at all (to some node, or to none)."""
    return has(actor, "capacity.create_offering", None) or offering_nodes_for(actor=actor).exists()
