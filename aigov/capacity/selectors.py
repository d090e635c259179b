"""Every read of the capacity module, already narrowed by permission."""

import datetime
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
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
from aigov.accounts.predicates import focal_point_countries
from aigov.accounts.selectors import users_by_email
from aigov.capacity import credentials, matching, readiness
from aigov.capacity.models import (
    Collection,
    CollectionItem,
    CollectionMember,
    CourseModule,
    Credential,
    Enrolment,
    Introduction,
    LearnerProfile,
    Lesson,
    LessonProgress,
    Need,
    Node,
    Offer,
    Offering,
    OfferingAudience,
    Provider,
    QuizQuestion,
    ReadinessAssessment,
    Registration,
)
from aigov.capacity.permissions import is_node_operator, operated_node_ids
from aigov.core.errors import InvalidInput, NotAllowed, NotFound
from aigov.core.translation import pick
from aigov.taxonomy.models import Country, IncomeGroup, Language, RegionalGroup

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
    government_track: bool | None = None


def offerings_visible_to(actor: Any) -> QuerySet[Offering]:
    """Return the offerings `actor` may see: published ones for everyone, the public included.

    The system actor (commands such as `aigov export`) cannot sign in, so the access scope
    treats it as a deactivated account; like a visitor, it reads the public catalogue.
    """
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_system", False):
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


def offering_by_slug(*, slug: str) -> Offering | None:
    """Return the offering of `slug` whoever may see it (imports: a taken slug is taken),
    with its facets; callers check what the actor may do with it."""
    offering = Offering.objects.select_related("provider", "node").filter(slug=slug).first()
    return attach_facets([offering])[0] if offering is not None else None


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


# Editing the network and the catalogue ----------------------------------------------------------


def offering_nodes_for(*, actor: Any) -> QuerySet[Node]:
    """Return the nodes `actor` may add offerings to: the secretariat all, an operator theirs."""
    if has(actor, "capacity.manage_network"):
        return Node.objects.all()
    return Node.objects.filter(pk__in=operated_node_ids(actor))


def can_create_offering_in(*, actor: Any, node: Node | None) -> bool:
    """Whether `actor` may add offerings to `node` (None: to no node); the system actor may."""
    return getattr(actor, "is_system", False) or has(actor, "capacity.create_offering", node)


def can_create_offering(*, actor: Any) -> bool:
    """Whether `actor` may add an offering at all (to some node, or to none)."""
    return has(actor, "capacity.create_offering", None) or offering_nodes_for(actor=actor).exists()


def providers_for(*, actor: Any) -> QuerySet[Provider]:
    """Return the providers `actor` may attach to an offering: every one for the secretariat;
    for a node operator, their nodes' providers and independent ones (no node)."""
    providers = Provider.objects.select_related("node")
    if has(actor, "capacity.manage_network"):
        return providers
    return providers.filter(Q(node__isnull=True) | Q(node_id__in=operated_node_ids(actor)))


def provider_get(*, slug: str) -> Provider:
    provider = Provider.objects.select_related("node").filter(slug=slug).first()
    if provider is None:
        raise NotFound(
            errors=[
                {
                    "field": "provider",
                    "code": "not_found",
                    "message": _("No provider with this slug."),
                }
            ]
        )
    return provider


def can_change_provider(*, actor: Any, provider: Provider) -> bool:
    return has(actor, "capacity.change_provider", provider)


def can_change_node(*, actor: Any, node: Node) -> bool:
    return has(actor, "capacity.change_node", node)


def can_manage_network(*, actor: Any) -> bool:
    return has(actor, "capacity.manage_network")


def operators_by_email(*, emails: list[str]) -> list[Any]:
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
            {
                "field": "operators",
                "code": "unknown_user",
                "message": _("No account has these addresses: %(emails)s.")
                % {"emails": ", ".join(unknown)},
            }
        )
    if not_operators:
        problems.append(
            {
                "field": "operators",
                "code": "not_operator",
                "message": _(
                    "These accounts do not hold the node operator role: %(emails)s. Grant it first."
                )
                % {"emails": ", ".join(not_operators)},
            }
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


def node_detail(*, actor: Any, slug: str, limit: int = 50) -> NodeDetail:
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


def course_content(*, offering: Offering) -> list[dict[str, Any]]:
    """Return a course's modules, lessons and questions in the shape `course_content_set` takes
    (the JSON a course is downloaded and uploaded as)."""
    # The lessons' and questions' own ordering is by position, so the prefetch keeps it.
    modules = offering.modules.prefetch_related("lessons__questions").order_by("position")
    return [
        {
            "titles": module.titles,
            "lessons": [
                {
                    "kind": lesson.kind,
                    "titles": lesson.titles,
                    "bodies": lesson.bodies,
                    "media_url": lesson.media_url,
                    "pass_mark": lesson.pass_mark,
                    **(
                        {
                            "questions": [
                                {
                                    "prompts": question.prompts,
                                    "options": question.options,
                                    "correct_option": question.correct_option,
                                }
                                for question in lesson.questions.all()
                            ]
                        }
                        if lesson.kind == Lesson.Kind.QUIZ
                        else {}
                    ),
                }
                for lesson in module.lessons.all()
            ],
        }
        for module in modules
    ]


def module_get(*, offering: Offering, pk: int) -> CourseModule:
    module = (
        CourseModule.objects.filter(offering=offering, pk=pk).select_related("offering").first()
    )
    if module is None:
        raise NotFound()
    return module


def question_get(*, lesson: Lesson, pk: int) -> QuizQuestion:
    question = QuizQuestion.objects.filter(lesson=lesson, pk=pk).first()
    if question is None:
        raise NotFound()
    return question


def has_enrolments(*, offering: Offering) -> bool:
    return Enrolment.objects.filter(offering=offering).exists()


# Readiness self-assessment ----------------------------------------------------------------------

ROADMAP_AUDIENCES = ("policymakers", "public_officials")
# Which services of a node answer a gap in each dimension.
DIMENSION_SERVICES = {
    "legal": ("training", "sandbox"),
    "social": ("training",),
    "economic": ("training", "fellowships"),
    "scientific": ("training", "fellowships", "compute"),
    "technological": ("compute", "data", "sandbox"),
}


def assessment_list(*, actor: Any, country: str | None = None) -> QuerySet[ReadinessAssessment]:
    """Return the assessments `actor` may see: published ones (with the country's consent) for
    everyone; drafts and unpublished ones only for the country's focal points and the
    secretariat."""
    assessments = scope(actor, "capacity.view_assessment", ReadinessAssessment.objects.all())
    if country:
        assessments = assessments.filter(country_id=country)
    return assessments.select_related("country")


def assessment_get(*, actor: Any, pk: int) -> ReadinessAssessment:
    assessment = assessment_list(actor=actor).filter(pk=pk).first()
    if assessment is None:
        raise NotFound()
    return assessment


def can_change_assessment(*, actor: Any, assessment: ReadinessAssessment) -> bool:
    return assessment.status == ReadinessAssessment.Status.DRAFT and has(
        actor, "capacity.change_assessment", assessment
    )


def can_publish_assessment(*, actor: Any, assessment: ReadinessAssessment) -> bool:
    return assessment.status == ReadinessAssessment.Status.SUBMITTED and has(
        actor, "capacity.publish_assessment", assessment
    )


def assessable_countries(*, actor: Any) -> QuerySet[Country]:
    """Return the countries `actor` may start an assessment for (their own, or all)."""
    countries = Country.objects.filter(kind=Country.Kind.COUNTRY).order_by("iso3")
    if has(actor, "capacity.manage_network"):
        return countries
    return countries.filter(iso3__in=focal_point_countries(actor))


def assessment_history(*, actor: Any, assessment: ReadinessAssessment) -> list[ReadinessAssessment]:
    """Return the submitted assessments of the same country `actor` may see, oldest first (the
    last six), for comparison over time."""
    history = (
        assessment_list(actor=actor, country=assessment.country_id)
        .filter(status=ReadinessAssessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")[:6]
    )
    return list(reversed(list(history)))


@dataclass(frozen=True)
class RoadmapOffering:
    offering: Offering
    topics: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class Roadmap:
    gaps: list[readiness.Gap]
    topics: list[str]
    offerings: list[RoadmapOffering]
    nodes: list[tuple[Node, list[str]]]
    free_first: bool


def roadmap(
    *, actor: Any, assessment: ReadinessAssessment, now: datetime.datetime, limit: int = 10
) -> Roadmap:
    """Tailor a roadmap to an assessment's gaps: catalogue offerings for policymakers and public
    officials on the gaps' topics (in the country's working languages, from nodes of its region;
    free ones first for low-income countries and LDCs), and the nodes of its region whose
    services answer the weak dimensions."""
    instrument = readiness.instrument_for(assessment.instrument)
    found_gaps = readiness.gaps(assessment.answers, instrument)
    topics = readiness.gap_topics(assessment.answers, instrument)
    country = assessment.country
    free_first = country.income_group == "L" or country.is_ldc
    picked: list[RoadmapOffering] = []
    if topics:
        tags = [t for tag in assessment.languages for t in language_tags_for(tag)]
        candidates = (
            offerings_visible_to(actor)
            .filter(Q(starts_at__isnull=True) | Q(starts_at__gt=now))
            .filter(pk__in=TopicThrough.objects.filter(topic_id__in=topics).values("offering_id"))
            .filter(
                pk__in=OfferingAudience.objects.filter(audience__in=ROADMAP_AUDIENCES).values(
                    "offering_id"
                )
            )
        )
        score: Any = V(0)
        for rank, topic in enumerate(topics[:8]):
            score += Case(
                When(
                    Exists(TopicThrough.objects.filter(offering_id=OuterRef("pk"), topic_id=topic)),
                    then=V(max(1, 8 - rank)),
                ),
                default=V(0),
                output_field=IntegerField(),
            )
        if tags:
            score += Case(
                When(
                    Exists(
                        LanguageThrough.objects.filter(
                            offering_id=OuterRef("pk"), language_id__in=tags
                        )
                    ),
                    then=V(6),
                ),
                default=V(0),
                output_field=IntegerField(),
            )
        if country.regional_group:
            score += Case(
                When(node__region=country.regional_group, then=V(2)),
                default=V(0),
                output_field=IntegerField(),
            )
        free = Case(
            When(cost=Offering.Cost.FREE, then=V(1)), default=V(0), output_field=IntegerField()
        )
        ranked = candidates.annotate(score=score + free, free=free).select_related(
            "provider", "node"
        )
        order = ["-free", "-score"] if free_first else ["-score"]
        rows = attach_facets(list(ranked.order_by(*order, "starts_at", "slug")[:limit]))
        for offering in rows:
            shared = [t for t in topics if t in offering.topic_slug_list()]
            reasons = [_("Topics: %(topics)s") % {"topics": ", ".join(shared)}]
            in_language = sorted(set(offering.language_tag_list()) & set(tags))
            if in_language:
                reasons.append(_("In %(languages)s") % {"languages": ", ".join(in_language)})
            if (
                offering.node_id
                and offering.node
                and offering.node.region == country.regional_group
            ):
                reasons.append(_("From a node in your region"))
            if offering.cost == Offering.Cost.FREE:
                reasons.append(_("Free"))
            elif country.income_group and offering.fee_waivers.get(country.income_group):
                reasons.append(
                    _("Fee waived %(share)d%% for your income group")
                    % {"share": offering.fee_waivers[country.income_group]}
                )
            picked.append(RoadmapOffering(offering=offering, topics=shared, reasons=reasons))
    weak = [gap.dimension.code for gap in found_gaps]
    wanted = {service for code in weak for service in DIMENSION_SERVICES.get(code, ())}
    nodes: list[tuple[int, Node, list[str]]] = []
    for node in node_list():
        services = sorted(wanted & set(node.services))
        in_region = bool(country.regional_group) and node.region == country.regional_group
        if services and (in_region or node.kind == Node.Kind.REGIONAL_HUB):
            nodes.append((int(in_region) * 10 + len(services), node, services))
    nodes.sort(key=lambda item: (-item[0], item[1].slug))
    return Roadmap(
        gaps=found_gaps,
        topics=topics,
        offerings=picked,
        nodes=[(node, services) for _score, node, services in nodes[:5]],
        free_first=free_first,
    )


# Matchmaking ----------------------------------------------------------------------------------


def need_list(*, actor: Any, status: str | None = None) -> QuerySet[Need]:
    needs = scope(actor, "capacity.view_need", Need.objects.all())
    if status:
        needs = needs.filter(status=status)
    return needs.select_related("country", "owner")


def need_get(*, actor: Any, pk: int) -> Need:
    need = need_list(actor=actor).filter(pk=pk).first()
    if need is None:
        raise NotFound()
    return need


def offer_list(*, actor: Any, status: str | None = None) -> QuerySet[Offer]:
    offers = scope(actor, "capacity.view_offer", Offer.objects.all())
    if status:
        offers = offers.filter(status=status)
    return offers.select_related("node", "owner", "offering")


def offer_get(*, actor: Any, pk: int) -> Offer:
    offer = offer_list(actor=actor).filter(pk=pk).first()
    if offer is None:
        raise NotFound()
    return offer


OFFER_COLUMNS = (
    "pk",
    "topics",
    "languages",
    "audiences",
    "regions",
    "seats",
    "available_from",
    "available_until",
)


def _plain_rows(queryset: QuerySet[Any], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Read `columns` of an (already permission-scoped) queryset with the database driver
    directly, decoding JSON lists and dates here: Django's per-field converters were most of
    the time of reading 50,000 offers for the matcher (bench/capacity.py)."""
    sql, params = (
        queryset.select_related(None).order_by().values_list(*columns).query.sql_with_params()
    )
    model = queryset.model
    kinds = [type(model._meta.get_field("id" if c == "pk" else c)).__name__ for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    if not raw:
        return []
    decoded: list[Any] = []
    for kind, column in zip(kinds, zip(*raw, strict=True), strict=True):
        if kind == "JSONField" and isinstance(column[0], str):
            # One json.loads over the whole column instead of one call per value.
            decoded.append(json.loads("[" + ",".join(column) + "]"))
        elif kind == "DateField":
            decoded.append(
                [datetime.date.fromisoformat(v) if isinstance(v, str) else v for v in column]
            )
        else:
            decoded.append(column)
    return list(zip(*decoded, strict=True))


def open_offer_rows(*, actor: Any) -> list[matching.OfferRow]:
    """Return the open offers `actor` may see as plain rows for the matcher."""
    offers = offer_list(actor=actor, status=Offer.Status.OPEN)
    return [matching.OfferRow(*row) for row in _plain_rows(offers, OFFER_COLUMNS)]


@dataclass(frozen=True)
class SuggestedOffer:
    offer: Offer
    score: int
    reasons: list[str]


def need_matches(
    *, actor: Any, need: Need, today: datetime.date, limit: int = 10
) -> list[SuggestedOffer]:
    """Rank the open offers `actor` may see for `need`, best first, each with its reasons."""
    rows = open_offer_rows(actor=actor)
    ranked = matching.Matcher(rows, today=today).rank(matching.need_row(need), limit=limit)
    offers = offer_list(actor=actor).in_bulk([match.offer_id for match in ranked])
    by_id = {row.id: row for row in rows}
    need_row = matching.need_row(need)
    suggested = []
    for match in ranked:
        explained = matching.explain(need_row, by_id[match.offer_id])
        suggested.append(
            SuggestedOffer(
                offer=offers[match.offer_id], score=match.score, reasons=explained.reasons
            )
        )
    return suggested


def introduction_list(*, actor: Any) -> QuerySet[Introduction]:
    return scope(actor, "capacity.view_introduction", Introduction.objects.all()).select_related(
        "need", "offer", "offer__node"
    )


def introduction_get(*, actor: Any, pk: int) -> Introduction:
    introduction = introduction_list(actor=actor).filter(pk=pk).first()
    if introduction is None:
        raise NotFound()
    return introduction


def can_change_offer(*, actor: Any, offer: Offer) -> bool:
    return has(actor, "capacity.change_offer", offer)


def offers_with_rights(*, actor: Any, limit: int) -> list[tuple[Offer, bool]]:
    """Return the newest offers `actor` may see, each with whether they may close or reopen it."""
    return [
        (offer, can_change_offer(actor=actor, offer=offer))
        for offer in offer_list(actor=actor)[:limit]
    ]


def can_change_need(*, actor: Any, need: Need) -> bool:
    return has(actor, "capacity.change_need", need)


def node_get(*, slug: str) -> Node:
    node = Node.objects.filter(slug=slug).first()
    if node is None:
        raise NotFound(
            errors=[{"field": "node", "code": "not_found", "message": _("No node with this slug.")}]
        )
    return node


NEED_COLUMNS = ("pk", "topics", "languages", "audiences", "region", "people", "due_by")


def open_need_rows(*, actor: Any) -> list[matching.NeedRow]:
    """Return the open needs `actor` may see as plain rows for the matcher."""
    needs = need_list(actor=actor, status=Need.Status.OPEN)
    return [matching.NeedRow(*row) for row in _plain_rows(needs, NEED_COLUMNS)]


def match_open_needs(
    *, actor: Any, today: datetime.date, limit: int = 10
) -> dict[int, list[matching.Match]]:
    """Rank the open offers for every open need `actor` may see (need id -> best first)."""
    matcher = matching.Matcher(open_offer_rows(actor=actor), today=today)
    return matcher.rank_all(open_need_rows(actor=actor), limit=limit)


# Reporting for resolution 78/311 ----------------------------------------------------------------

SUPPRESS_BELOW = 5  # an aggregate cell of fewer people is shown as "<5"
REPORT_DIMENSIONS = ("country", "gender", "regional_group", "income_group", "ldc")


@dataclass(frozen=True)
class ReportCell:
    dimension: str
    value: str  # the group's code ("" for not stated)
    label: str
    people: int | None  # None: suppressed (fewer than SUPPRESS_BELOW)
    completions: int | None


@dataclass(frozen=True)
class PeopleTrained:
    total_people: int | None
    total_completions: int | None
    cells: dict[str, list[ReportCell]]


def _suppressed(value: int) -> int | None:
    return value if value >= SUPPRESS_BELOW else None


def people_trained(
    *,
    actor: Any,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> PeopleTrained:
    """People trained (learners with a completed course) and completions, by the country and
    gender learners state, UN regional group, World Bank income group and LDC status of that
    country. Cells of fewer than SUPPRESS_BELOW people are suppressed (None), totals too.
    Raise NotAllowed for anyone but the secretariat."""
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    # The system actor is an operator at the command line (`aigov export`), as for credentials.
    if not getattr(actor, "is_system", False):
        if not has(actor, "capacity.view_report"):
            raise NotAllowed()
        completed = scope(actor, "capacity.view_report", completed)
    if since:
        completed = completed.filter(completed_at__gte=since)
    if until:
        completed = completed.filter(completed_at__lt=until)
    rows = list(
        completed.values_list(
            "learner_id",
            "learner__capacity_profile__gender",
            "learner__capacity_profile__country_id",
            "learner__capacity_profile__country__regional_group",
            "learner__capacity_profile__country__income_group",
            "learner__capacity_profile__country__is_ldc",
        )
    )
    names = dict(
        Country.objects.filter(iso3__in={row[2] for row in rows if row[2]}).values_list(
            "iso3", "names"
        )
    )
    genders = dict(LearnerProfile.Gender.choices)
    regions = dict(RegionalGroup.choices)
    incomes = dict(IncomeGroup.choices)
    not_stated = _("Not stated")
    people: dict[tuple[str, str], set[int]] = {}
    completions: dict[tuple[str, str], int] = {}
    labels: dict[tuple[str, str], str] = {}
    for learner, gender, iso3, group, income, ldc in rows:
        values = {
            "country": (iso3 or "", pick(names.get(iso3) or {}).text or iso3 or not_stated),
            "gender": (
                gender or LearnerProfile.Gender.NOT_STATED,
                str(genders.get(gender or "not_stated")),
            ),
            "regional_group": (group or "", str(regions.get(group, not_stated))),
            "income_group": (income or "", str(incomes.get(income, not_stated))),
            "ldc": (
                "" if iso3 is None else ("yes" if ldc else "no"),
                not_stated if iso3 is None else (_("LDC") if ldc else _("Not an LDC")),
            ),
        }
        for dimension, (code, label) in values.items():
            key = (dimension, code)
            people.setdefault(key, set()).add(learner)
            completions[key] = completions.get(key, 0) + 1
            labels[key] = str(label)
    cells: dict[str, list[ReportCell]] = {dimension: [] for dimension in REPORT_DIMENSIONS}
    for (dimension, code), members in sorted(
        people.items(), key=lambda item: (-len(item[1]), item[0][1])
    ):
        shown = _suppressed(len(members))
        cells[dimension].append(
            ReportCell(
                dimension=dimension,
                value=code,
                label=labels[(dimension, code)],
                people=shown,
                completions=completions[(dimension, code)] if shown is not None else None,
            )
        )
    everyone = {row[0] for row in rows}
    total = _suppressed(len(everyone))
    return PeopleTrained(
        total_people=total,
        total_completions=len(rows) if total is not None else None,
        cells=cells,
    )


def profile_initial(actor: Any) -> dict[str, Any]:
    """Return the actor's own stated country and gender, for the form."""
    if not getattr(actor, "is_authenticated", False):
        return {}
    profile = LearnerProfile.objects.filter(user_id=actor.pk).first()
    if profile is None:
        return {}
    return {"country": profile.country_id or "", "gender": profile.gender}


# The digital library ---------------------------------------------------------------------------


def collection_list(*, actor: Any) -> QuerySet[Collection]:
    """Return the collections `actor` may see: their own, those shared with them, public ones
    (the system actor, at the command line, reads what a visitor reads: the public ones)."""
    if getattr(actor, "is_system", False):
        return Collection.objects.filter(visibility=Collection.Visibility.PUBLIC)
    return scope(actor, "capacity.view_collection", Collection.objects.all()).select_related(
        "owner"
    )


def library_rows(*, actor: Any) -> QuerySet[Collection]:
    """Return the collections `actor` may see with `item_count`: the offerings in each that
    the actor may see (an unpublished offering counts only for those who see it)."""
    return (
        collection_list(actor=actor)
        .annotate(
            item_count=Count(
                "items",
                filter=Q(items__offering_id__in=offerings_visible_to(actor).values("pk")),
            )
        )
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class Library:
    own: list[Collection]
    shared_with_me: list[Collection]
    public: list[Collection]


def library_of(*, actor: Any, public_limit: int = 50) -> Library:
    """Return the actor's own collections, those shared with them, and public ones of others,
    each annotated with `item_count` (the offerings in it that the actor may see)."""
    visible = library_rows(actor=actor)
    me = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    own = list(visible.filter(owner_id=me)) if me else []
    shared = (
        list(visible.filter(memberships__user_id=me).exclude(owner_id=me).distinct()) if me else []
    )
    public = visible.filter(visibility=Collection.Visibility.PUBLIC)
    if me:
        public = public.exclude(owner_id=me).exclude(memberships__user_id=me)
    return Library(own=own, shared_with_me=shared, public=list(public[:public_limit]))


def collection_get(*, actor: Any, pk: int) -> Collection:
    """Return one collection `actor` may see; raise NotFound for a missing or hidden one."""
    collection = collection_list(actor=actor).filter(pk=pk).first()
    if collection is None:
        raise NotFound()
    return collection


def collection_items(*, actor: Any, collection: Collection) -> list[CollectionItem]:
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


def collection_members(*, actor: Any, collection: Collection) -> list[CollectionMember]:
    """Return whom a collection is shared with: for its owner and members only (else none)."""
    if not getattr(actor, "is_authenticated", False) or not has(
        actor, "capacity.view_collection", collection
    ):
        return []
    members = list(collection.memberships.select_related("user").order_by("user__email"))
    if collection.owner_id == actor.pk or any(m.user_id == actor.pk for m in members):
        return members
    return []


def collection_item_get(*, actor: Any, collection: Collection, pk: int) -> CollectionItem:
    item = collection.items.filter(pk=pk).select_related("collection", "offering").first()
    if item is None or not has(actor, "capacity.view_offering", item.offering):
        raise NotFound()
    return item


def collection_member_get(*, collection: Collection, pk: int) -> CollectionMember:
    member = collection.memberships.filter(pk=pk).select_related("collection", "user").first()
    if member is None:
        raise NotFound()
    return member


def curatable_collections(*, actor: Any) -> list[Collection]:
    """Return the collections `actor` may add offerings to (their own and those they edit)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        collection_list(actor=actor)
        .filter(
            Q(owner_id=actor.pk)
            | Q(
                visibility__in=["shared", "public"],
                pk__in=CollectionMember.objects.filter(user_id=actor.pk, can_edit=True).values(
                    "collection_id"
                ),
            )
        )
        .order_by("-updated_at", "-pk")
    )


def can_change_collection(*, actor: Any, collection: Collection) -> bool:
    return has(actor, "capacity.change_collection", collection)


def can_curate_collection(*, actor: Any, collection: Collection) -> bool:
    return has(actor, "capacity.curate_collection", collection)


def user_by_email(*, email: str) -> Any:
    """Return the active account with `email`; raise InvalidInput naming the field otherwise."""
    user = users_by_email(emails=[email]).get(email.strip().lower())
    if user is None or not user.is_active:
        raise InvalidInput(
            errors=[
                {
                    "field": "email",
                    "code": "unknown_user",
                    "message": _("No account has this address."),
                }
            ]
        )
    return user
