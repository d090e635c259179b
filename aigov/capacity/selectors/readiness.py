"""Reads of readiness assessments and the roadmap built from their gaps."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, When
from django.db.models import Value as V
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, has, scope
from aigov.capacity import readiness
from aigov.capacity.models import Node, NodeService, Offering, OfferingAudience, ReadinessAssessment
from aigov.capacity.selectors.network import node_list
from aigov.capacity.selectors.offerings import (
    LanguageThrough,
    TopicThrough,
    attach_facets,
    language_tags_for,
    offerings_visible_to,
    points_when,
)
from aigov.core.collation import join_list
from aigov.core.errors import NotFound
from aigov.core.models import choice_labels
from aigov.core.templatetags.aigov import language_names
from aigov.taxonomy.models import Country
from aigov.taxonomy.selectors import topic_names

ROADMAP_AUDIENCES = ("policymakers", "public_officials")
# Which services of a node answer a gap in each dimension.
DIMENSION_SERVICES = {
    "legal": ("training", "sandbox"),
    "social": ("training",),
    "economic": ("training", "fellowships"),
    "scientific": ("training", "fellowships", "compute"),
    "technological": ("compute", "data", "sandbox"),
}


def assessment_list(*, actor: Actor, country: str | None = None) -> QuerySet[ReadinessAssessment]:
    """Return the assessments `actor` may see: published ones (with the country's consent) for
    everyone; drafts and unpublished ones only for the country's focal points and the
    secretariat."""
    assessments = scope(actor, "capacity.view_assessment", ReadinessAssessment.objects.all())
    if country:
        assessments = assessments.filter(country_id=country)
    return assessments.select_related("country").order_by("country_id", "-submitted_at", "-pk")


def assessment_get(*, actor: Actor, pk: int) -> ReadinessAssessment:
    assessment = assessment_list(actor=actor).filter(pk=pk).first()
    if assessment is None:
        raise NotFound()
    return assessment


def can_change_assessment(*, actor: Actor, assessment: ReadinessAssessment) -> bool:
    return assessment.status == ReadinessAssessment.Status.DRAFT and has(
        actor, "capacity.change_assessment", assessment
    )


def can_publish_assessment(*, actor: Actor, assessment: ReadinessAssessment) -> bool:
    return assessment.status == ReadinessAssessment.Status.SUBMITTED and has(
        actor, "capacity.publish_assessment", assessment
    )


def assessable_countries(*, actor: Actor) -> QuerySet[Country]:
    """Return the countries `actor` may start an assessment for (their own, or all)."""
    countries = Country.objects.filter(kind=Country.Kind.COUNTRY).order_by("iso3")
    return scope(actor, "capacity.create_assessment", countries)


def assessment_history(
    *, actor: Actor, assessment: ReadinessAssessment
) -> list[ReadinessAssessment]:
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

    @property
    def nodes_named(self) -> list[tuple[Node, list[str]]]:
        """The nodes with their services' names in the reader's language (pages show these;
        the API gives the service codes of `nodes`)."""
        return [(node, choice_labels(services, NodeService)) for node, services in self.nodes]


def roadmap(
    *, actor: Actor, assessment: ReadinessAssessment, now: datetime.datetime, limit: int = 10
) -> Roadmap:
    """Tailor a roadmap to an assessment's gaps: catalogue offerings for policymakers and public
    officials on the gaps' topics (in the country's working languages, from nodes of its region;
    free ones first for low-income countries and LDCs), and the nodes of its region whose
    services answer the weak dimensions."""
    instrument = readiness.instrument_for(assessment.instrument)
    weights = dict(readiness.READINESS)
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
        score: Any = V(0.0)
        counted = max(1, round(weights["topic"]))
        for rank, topic in enumerate(topics[:counted]):
            score += points_when(
                Exists(TopicThrough.objects.filter(offering_id=OuterRef("pk"), topic_id=topic)),
                max(1.0, weights["topic"] - rank),
            )
        if tags:
            score += points_when(
                Exists(
                    LanguageThrough.objects.filter(offering_id=OuterRef("pk"), language_id__in=tags)
                ),
                weights["language"],
            )
        if country.regional_group:
            score += points_when(Q(node__region=country.regional_group), weights["region"])
        score += points_when(Q(cost=Offering.Cost.FREE), weights["free"])
        free = Case(
            When(cost=Offering.Cost.FREE, then=V(1)), default=V(0), output_field=IntegerField()
        )
        ranked = candidates.annotate(score=score, free=free).select_related("provider", "node")
        order = ["-free", "-score"] if free_first else ["-score"]
        rows = attach_facets(list(ranked.order_by(*order, "starts_at", "slug")[:limit]))
        names = topic_names()
        for offering in rows:
            shared = [t for t in topics if t in offering.topic_slug_list()]
            reasons = [
                _("Topics: %(topics)s") % {"topics": join_list(names.get(t, t) for t in shared)}
            ]
            in_language = sorted(set(offering.language_tag_list()) & set(tags))
            if in_language:
                reasons.append(_("In %(languages)s") % {"languages": language_names(in_language)})
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
    nodes: list[tuple[float, Node, list[str]]] = []
    for node in node_list():
        services = sorted(wanted & set(node.services))
        in_region = bool(country.regional_group) and node.region == country.regional_group
        if services and (in_region or node.kind == Node.Kind.REGIONAL_HUB):
            points = in_region * weights["node_in_region"]
            nodes.append((points + len(services) * weights["node_service"], node, services))
    nodes.sort(key=lambda item: (-item[0], item[1].slug))
    return Roadmap(
        gaps=found_gaps,
        topics=topics,
        offerings=picked,
        nodes=[(node, services) for _score, node, services in nodes[:5]],
        free_first=free_first,
    )
