"""Demonstration network and catalogue (see aigov.core.demo for the rules every generator keeps).

There is no real catalogue in the shared reference data, so every node, provider and offering
shown at first comes from here, marked `is_demo` and badged on every page. Names say they are
generated ("Demo regional hub 2 (Kenya)"); nothing is stated about a real organisation. One
free French self-paced course for public officials, with lessons and a quiz, is always made so
that the learning path can be tried end to end.
"""

import datetime
import random
from typing import Any

from django.utils import timezone

from aigov.accounts.access import Actor
from aigov.capacity import readiness, services
from aigov.capacity.models import (
    Accessibility,
    Audience,
    Collection,
    Need,
    Node,
    NodeService,
    Offer,
    Offering,
    Provider,
    ReadinessAssessment,
)
from aigov.core.demo import DEMO_EMAIL_DOMAIN, DemoGenerator, register_generator
from aigov.core.reference import LoadReport
from aigov.core.translation import pick
from aigov.taxonomy.models import RegionalGroup
from aigov.taxonomy.selectors import country_list, topic_list

OFFERINGS = 40
UN_LANGUAGES = ["ar", "zh-Hans", "en", "fr", "ru", "es"]
FRENCH_COURSE = "demo-course-fr-public-officials"
TIME_ZONES = ["UTC", "Africa/Nairobi", "Asia/Bangkok", "Europe/Zurich", "America/Bogota"]


def _demo_course_content() -> list[dict[str, Any]]:
    text = {
        "en": "Demonstration lesson text, generated to try the learning path.",
        "fr": "Texte de leçon de démonstration, généré pour essayer le parcours.",
    }
    return [
        {
            "titles": {"en": "Demo module 1", "fr": "Module de démonstration 1"},
            "lessons": [
                {
                    "kind": "text",
                    "titles": {"en": "Demo lesson", "fr": "Leçon de démonstration"},
                    "bodies": text,
                },
                {
                    "kind": "quiz",
                    "titles": {"en": "Demo quiz", "fr": "Quiz de démonstration"},
                    "pass_mark": 50,
                    "questions": [
                        {
                            "prompts": {
                                "en": "Demo question: pick “yes”.",
                                "fr": "Question de démonstration : choisissez « oui ».",
                            },
                            "options": [{"en": "yes", "fr": "oui"}, {"en": "no", "fr": "non"}],
                            "correct_option": 0,
                        }
                    ],
                },
            ],
        }
    ]


def _nodes(actor: Actor, rng: random.Random, report: LoadReport) -> list[Node]:
    counts = report.for_kind("capacity nodes")
    nodes = []
    for number, group in enumerate(RegionalGroup, start=1):
        slug = f"demo-hub-{number}"
        existing = Node.objects.filter(slug=slug).first()
        if existing is not None:
            counts.unchanged += 1
            nodes.append(existing)
            continue
        country = rng.choice(list(country_list(un_member=True, regional_group=group.value)))
        nodes.append(
            services.node_create(
                actor=actor,
                slug=slug,
                names={"en": f"Demo regional hub {number} ({pick(country.names, 'en').text})"},
                kind=Node.Kind.REGIONAL_HUB,
                region=group.value,
                country=country.iso3,
                services=rng.sample(NodeService.values, 3),
                languages=rng.sample(UN_LANGUAGES, 2),
                is_demo=True,
            )
        )
        counts.created += 1
    return nodes


def _providers(actor: Actor, nodes: list[Node], report: LoadReport) -> list[Provider]:
    counts = report.for_kind("capacity providers")
    providers = []
    for number, node in enumerate(nodes, start=1):
        slug = f"demo-provider-{number}"
        existing = Provider.objects.filter(slug=slug).first()
        if existing is not None:
            counts.unchanged += 1
            providers.append(existing)
            continue
        providers.append(
            services.provider_create(
                actor=actor,
                slug=slug,
                names={"en": f"Demo provider {number}"},
                node=node,
                contributions=["materials"],
                is_demo=True,
            )
        )
        counts.created += 1
    return providers


def load_capacity_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """Create the demonstration nodes, providers and offerings that do not exist yet."""
    nodes = _nodes(actor, rng, report)
    providers = _providers(actor, nodes, report)
    counts = report.for_kind("capacity offerings")
    topics = [topic.slug for topic in topic_list()]
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    if Offering.objects.filter(slug=FRENCH_COURSE).exists():
        counts.unchanged += 1
    else:
        course = services.offering_create(
            actor=actor,
            slug=FRENCH_COURSE,
            provider=providers[0],
            node=nodes[0],
            languages=["fr"],
            topics=["governance", "policy"],
            audiences=[Audience.PUBLIC_OFFICIALS],
            titles={
                "en": "Demo course: AI governance for public officials (French)",
                "fr": "Cours de démonstration : gouvernance de l\u2019IA pour les agents publics",
            },
            kind=Offering.Kind.SELF_PACED_COURSE,
            level=Offering.Level.INTRODUCTORY,
            cost=Offering.Cost.FREE,
            has_certificate=True,
            accessibility=[Accessibility.SCREEN_READER, Accessibility.LOW_BANDWIDTH],
            is_government_track=True,
            is_demo=True,
        )
        services.course_content_set(actor=actor, offering=course, modules=_demo_course_content())
        counts.created += 1
    for number in range(1, OFFERINGS + 1):
        slug = f"demo-offering-{number}"
        if Offering.objects.filter(slug=slug).exists():
            counts.unchanged += 1
            continue
        kind = rng.choice(Offering.Kind.values)
        provider = rng.choice(providers)
        is_fee = rng.random() < 0.3
        starts_at = (
            None
            if kind in {"self_paced_course", "library_resource"}
            else today + datetime.timedelta(days=rng.randint(7, 300))
        )
        services.offering_create(
            actor=actor,
            slug=slug,
            provider=provider,
            node=provider.node,
            languages=rng.sample(UN_LANGUAGES, rng.randint(1, 2)),
            topics=rng.sample(topics, 2),
            audiences=rng.sample(Audience.values, rng.randint(1, 3)),
            titles={"en": f"Demo offering {number}"},
            kind=kind,
            level=rng.choice(Offering.Level.values),
            cost=Offering.Cost.FEE if is_fee else Offering.Cost.FREE,
            fee_amount=rng.choice([50, 120, 300]) if is_fee else None,
            fee_currency="USD" if is_fee else "",
            fee_waivers={"L": 100, "LM": 50} if is_fee else {},
            has_certificate=rng.random() < 0.5,
            accessibility=rng.sample(Accessibility.values, rng.randint(0, 3)),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2) if starts_at else None,
            time_zone=rng.choice(TIME_ZONES),
            seats=rng.choice([20, 40, 100]) if starts_at else None,
            is_demo=True,
        )
        counts.created += 1


def load_readiness_and_market_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """For each demonstration focal point's country: a submitted, unpublished readiness
    assessment (generated answers, seen only by its focal points and the secretariat) and one
    need; and one offer per demonstration node. Nothing is published in a real country's name.
    Everything is written by the system actor."""
    from aigov.accounts.models import Role, RoleAssignment

    assessments = report.for_kind("capacity readiness assessments")
    market = report.for_kind("capacity needs and offers")
    focal_roles = (
        RoleAssignment.objects.filter(
            role=Role.FOCAL_POINT, user__is_demo=True, user__email__endswith=DEMO_EMAIL_DOMAIN
        )
        .select_related("user", "country")
        .order_by("user__email")
    )
    topics = [topic.slug for topic in topic_list()]
    today = timezone.now().date()
    for assignment in focal_roles:
        country = assignment.country
        if country is None:  # a focal point's role always names a country (a constraint)
            continue
        if ReadinessAssessment.objects.filter(country=country, is_demo=True).exists():
            assessments.unchanged += 1
        else:
            # Written as the system actor: an audit entry naming a demo user would be changed
            # when `aigov demo clear` removes that user.
            draft = services.assessment_create(
                actor=actor,
                country=country.iso3,
                label="Demo assessment",
                languages=[rng.choice(UN_LANGUAGES)],
                answers={q.code: rng.randint(0, 4) for q in readiness.INSTRUMENT.questions()},
                is_demo=True,
            )
            services.assessment_submit(actor=actor, assessment=draft)
            assessments.created += 1
        if Need.objects.filter(country=country, is_demo=True).exists():
            market.unchanged += 1
            continue
        services.need_create(
            actor=actor,
            title=f"Demo need: train officials of {pick(country.names, 'en').text}",
            topics=rng.sample(topics, 2),
            languages=[rng.choice(UN_LANGUAGES)],
            audiences=[Audience.PUBLIC_OFFICIALS],
            people=rng.choice([20, 50, 80]),
            due_by=today + datetime.timedelta(days=rng.randint(60, 300)),
            country=country.iso3,
            is_demo=True,
        )
        market.created += 1
    for node in Node.objects.filter(is_demo=True).order_by("slug"):
        if Offer.objects.filter(node=node, is_demo=True).exists():
            market.unchanged += 1
            continue
        services.offer_create(
            actor=actor,
            title=f"Demo offer of {pick(node.names, 'en').text}",
            node=node,
            topics=rng.sample(topics, 3),
            languages=rng.sample(UN_LANGUAGES, 2),
            audiences=[Audience.PUBLIC_OFFICIALS, Audience.POLICYMAKERS],
            regions=[node.region],
            seats=rng.choice([30, 60, 100]),
            available_from=today,
            is_demo=True,
        )
        market.created += 1


DEMO_COLLECTION_TITLES = {
    "en": "Demo collection: a first reading list for public officials",
    "fr": "Collection de démonstration : une première liste pour les fonctionnaires",
    "es": "Colección de demostración: una primera lista para funcionarios",
}


def load_library_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """A public demonstration collection of demonstration offerings for public officials."""
    counts = report.for_kind("capacity collections")
    if Collection.objects.filter(is_demo=True).exists():
        counts.unchanged += 1
        return
    collection = services.collection_create(
        actor=actor,
        titles=DEMO_COLLECTION_TITLES,
        descriptions={"en": "Generated for demonstration: the offerings in it are generated too."},
        visibility=Collection.Visibility.PUBLIC,
        is_demo=True,
    )
    picks = list(
        Offering.objects.filter(
            is_demo=True, is_published=True, audience_rows__audience=Audience.PUBLIC_OFFICIALS
        )
        .order_by("slug")
        .distinct()[:8]
    )
    for offering in picks:
        services.collection_item_add(actor=actor, collection=collection, offering=offering)
    counts.created += 1


def register() -> None:
    register_generator(
        DemoGenerator(name="capacity", load=load_capacity_demo, models=(Node, Provider, Offering))
    )
    register_generator(
        DemoGenerator(
            name="capacity-readiness-market",
            load=load_readiness_and_market_demo,
            models=(ReadinessAssessment, Need, Offer),
        )
    )
    register_generator(
        DemoGenerator(name="capacity-library", load=load_library_demo, models=(Collection,))
    )
