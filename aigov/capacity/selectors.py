"""Every read of the capacity module, already narrowed by permission."""

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models import Value as V
from django.utils.translation import gettext as _

from aigov.accounts.access import has, scope
from aigov.capacity import credentials
from aigov.capacity.models import (
    CourseModule,
    Credential,
    Enrolment,
    Lesson,
    LessonProgress,
    Node,
    Offering,
    OfferingAudience,
    Provider,
    Registration,
)
from aigov.core.errors import InvalidInput, NotFound
from aigov.taxonomy.models import Language

BCP47 = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
LanguageThrough = Offering.languages.through
TopicThrough = Offering.topics.through


def node_list() -> QuerySet[Node]:
    """Return the nodes of the network (public), with their country, host and languages."""
    return Node.objects.select_related("country", "host").prefetch_related("languages")


def provider_list() -> QuerySet[Provider]:
    """Return providers and contributors (public)."""
    return Provider.objects.select_related("node", "organisation").order_by("slug")


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
                {
                    "field": "language",
                    "code": "invalid",
                    "message": _("%(tag)s is not a BCP 47 language tag (such as fr or zh-Hans).")
                    % {"tag": tag},
                }
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


def offerings_visible_to(actor: Any) -> QuerySet[Offering]:
    """Return the offerings `actor` may see: published ones for everyone, the public included.

    (The access scope answers nothing for anonymous visitors, who are inactive users; the
    catalogue is public, so their part of the rule is stated here.)
    """
    if not getattr(actor, "is_authenticated", False):
        return Offering.objects.filter(is_published=True)
    return scope(actor, "capacity.view_offering", Offering.objects.all())


def offering_list(*, actor: Any, filters: OfferingFilter | None = None) -> QuerySet[Offering]:
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


class OfferingResults:
    """A filtered catalogue that pages in two steps: ordered keys first, then 25 whole rows.

    Sorting thousands of matching offerings with every column (titles, descriptions …) is
    what made the straightforward query slow; the first step sorts only (starts_at, slug, id)
    from the index, the second fetches the page with its languages, topics and audiences.
    Works with Django's Paginator and the API's `Page` (both call `count()` and slice).
    """

    def __init__(self, offerings: QuerySet[Offering]) -> None:
        self.offerings = offerings

    def count(self) -> int:
        return self.offerings.count()

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


def offering_get(*, actor: Any, slug: str) -> Offering:
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


def can_change_offering(*, actor: Any, offering: Offering) -> bool:
    return has(actor, "capacity.change_offering", offering)


def offering_recommendations(
    *,
    actor: Any,
    language: str | None,
    region: str | None,
    audience: str | None,
    limit: int = 6,
    now: datetime.datetime | None = None,
) -> list[Offering]:
    """Return offerings ranked for a learner's language, region and role.

    Score: 4 for the language, 3 for the audience, 2 for a node of the learner's UN regional
    group, 1 for free; only offerings not yet started (or without dates); ties by start date.
    """
    offerings = offerings_visible_to(actor)
    if now is not None:
        offerings = offerings.filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))
    score: Any = V(0)
    if language:
        try:
            tags = language_tags_for(language)
        except InvalidInput:
            tags = []
        score += Case(
            When(
                Exists(
                    LanguageThrough.objects.filter(offering_id=OuterRef("pk"), language_id__in=tags)
                ),
                then=V(4),
            ),
            default=V(0),
            output_field=IntegerField(),
        )
    if audience:
        score += Case(
            When(
                Exists(
                    OfferingAudience.objects.filter(offering_id=OuterRef("pk"), audience=audience)
                ),
                then=V(3),
            ),
            default=V(0),
            output_field=IntegerField(),
        )
    if region:
        score += Case(
            When(node__region=region, then=V(2)), default=V(0), output_field=IntegerField()
        )
    score += Case(
        When(cost=Offering.Cost.FREE, then=V(1)), default=V(0), output_field=IntegerField()
    )
    ranked = (
        offerings.annotate(score=score)
        .filter(score__gt=1)
        .select_related("provider")
        .order_by("-score", "starts_at", "slug")
    )
    return list(ranked[:limit])


def catalogue_coverage(*, actor: Any) -> dict[str, int]:
    """Return how many visible offerings each language has (tag -> count)."""
    visible = offerings_visible_to(actor)
    rows = (
        LanguageThrough.objects.filter(offering_id__in=visible.values("pk"))
        .values_list("language_id")
        .annotate(n=Count("offering_id"))
        .order_by("-n")
    )
    return dict(rows)


# Learning -------------------------------------------------------------------------------------


def enrolment_list(*, actor: Any) -> QuerySet[Enrolment]:
    """Return the enrolments `actor` may see: their own (the secretariat: all)."""
    return scope(actor, "capacity.view_enrolment", Enrolment.objects.all()).select_related(
        "offering", "learner"
    )


def enrolment_for(*, actor: Any, offering: Offering) -> Enrolment | None:
    """Return the actor's own enrolment in `offering`, if any."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(learner_id=actor.pk, offering=offering).first()


def enrolment_get(*, actor: Any, pk: int) -> Enrolment:
    """Return one enrolment `actor` may see; raise NotFound otherwise."""
    enrolment = enrolment_list(actor=actor).filter(pk=pk).first()
    if enrolment is None:
        raise NotFound()
    return enrolment


@dataclass(frozen=True)
class Progress:
    enrolment: Enrolment
    lessons_total: int
    lessons_done: int
    done_lesson_ids: frozenset[int]
    scores: dict[int, int | None]

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0


def enrolment_progress(*, actor: Any, enrolment: Enrolment) -> Progress:
    """Return the lessons done of an enrolment `actor` may see; raise NotFound otherwise."""
    if not has(actor, "capacity.view_enrolment", enrolment):
        raise NotFound()
    rows = list(LessonProgress.objects.filter(enrolment=enrolment))
    total = Lesson.objects.filter(module__offering_id=enrolment.offering_id).count()
    done = frozenset(row.lesson_id for row in rows if row.is_passed)
    return Progress(
        enrolment=enrolment,
        lessons_total=total,
        lessons_done=len(done),
        done_lesson_ids=done,
        scores={row.lesson_id: row.score for row in rows},
    )


def lesson_get(*, offering: Offering, pk: int) -> Lesson:
    """Return a lesson of `offering` (already visible to the caller); raise NotFound."""
    lesson = (
        Lesson.objects.filter(module__offering=offering, pk=pk)
        .select_related("module")
        .prefetch_related("questions")
        .first()
    )
    if lesson is None:
        raise NotFound()
    return lesson


def registration_list(*, actor: Any) -> QuerySet[Registration]:
    """Return the registrations `actor` may see: their own (the secretariat: all)."""
    return scope(actor, "capacity.view_registration", Registration.objects.all()).select_related(
        "offering"
    )


def registration_for(*, actor: Any, offering: Offering) -> Registration | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Registration.objects.filter(learner_id=actor.pk, offering=offering).first()


def registration_get(*, actor: Any, pk: int) -> Registration:
    registration = registration_list(actor=actor).filter(pk=pk).first()
    if registration is None:
        raise NotFound()
    return registration


# Credentials ----------------------------------------------------------------------------------


def credential_list(*, actor: Any) -> QuerySet[Credential]:
    """Return the credentials `actor` may see: their own (the secretariat: all)."""
    return scope(actor, "capacity.view_credential", Credential.objects.all()).select_related(
        "offering"
    )


def credential_get_by_id(*, credential_id: str, for_update: bool = False) -> Credential:
    """Return a credential by its `id` (urn:uuid:… or the UUID); raise NotFound.

    For the command line and services acting as the system; pages use credential_list.
    """
    raw = credential_id.strip().removeprefix("urn:uuid:")
    try:
        key = uuid.UUID(raw)
    except ValueError as bad:
        raise NotFound() from bad
    credentials_qs = Credential.objects.all()
    if for_update:
        credentials_qs = credentials_qs.select_for_update()
    credential = credentials_qs.filter(pk=key).first()
    if credential is None:
        raise NotFound()
    return credential


def revoked_status_indexes() -> set[int]:
    return set(
        Credential.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    )


def status_list_document() -> dict[str, Any]:
    """Return the signed Bitstring Status List credential that is published."""
    return credentials.status_list_credential(revoked_status_indexes())


def credential_verify(*, document: Any) -> credentials.Verification:
    """Verify a credential anyone pasted: proof, issuer, dates and the published status list."""
    encoded = credentials.encode_status_list(revoked_status_indexes())
    return credentials.verify(document, revoked_list=encoded)


def credential_get(*, actor: Any, pk: str) -> Credential:
    """Return one credential `actor` may see, by its UUID; raise NotFound otherwise."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError as bad:
        raise NotFound() from bad
    credential = credential_list(actor=actor).filter(pk=key).first()
    if credential is None:
        raise NotFound()
    return credential


@dataclass(frozen=True)
class Learning:
    enrolments: list[Enrolment]
    registrations: list[Registration]
    credentials: list[Credential]


def learning_of(*, actor: Any) -> Learning:
    """Return the actor's own enrolments, registrations and credentials (never anyone else's)."""
    own = Q(learner_id=getattr(actor, "pk", None))
    return Learning(
        enrolments=list(enrolment_list(actor=actor).filter(own).order_by("-created_at")),
        registrations=list(registration_list(actor=actor).filter(own).order_by("-created_at")),
        credentials=list(credential_list(actor=actor).filter(own).order_by("-created_at")),
    )


def scope_offerings_editable(*, actor: Any) -> QuerySet[Offering]:
    """Return the offerings `actor` may change (a node operator: those of their nodes)."""
    return scope(actor, "capacity.change_offering", Offering.objects.all())
