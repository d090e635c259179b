"""Factories for the capacity module: valid defaults, created through the services."""

import itertools
from typing import Any

from aigov.accounts.models import User
from aigov.accounts.tests.factories import UserFactory
from aigov.capacity import services
from aigov.capacity.models import Node, Offering, Provider

_numbers = itertools.count(1)
EDITOR_EMAIL = "capacity-editor@example.org"


def editor() -> User:
    """The secretariat account the factories write as (one per test database): nodes and
    providers are the secretariat's to create, and no system job is granted them."""
    return User.objects.filter(email=EDITOR_EMAIL).first() or UserFactory(
        email=EDITOR_EMAIL, role="secretariat"
    )


COURSE = [
    {
        "titles": {"en": "Module one", "fr": "Module un"},
        "lessons": [
            {
                "kind": "text",
                "titles": {"en": "Reading", "fr": "Lecture"},
                "bodies": {"en": "Text."},
            },
            {
                "kind": "quiz",
                "titles": {"en": "Quiz", "fr": "Quiz"},
                "pass_mark": 100,
                "questions": [
                    {
                        "prompts": {"en": "Two plus two?"},
                        "options": [{"en": "3"}, {"en": "4"}],
                        "correct_option": 1,
                    },
                    {
                        "prompts": {"en": "Blue or red?"},
                        "options": [{"en": "blue"}, {"en": "red"}],
                        "correct_option": 0,
                    },
                ],
            },
        ],
    }
]


def make_node(*, operators: list[Any] | None = None, region: str = "African", **extra: Any) -> Node:
    number = next(_numbers)
    return services.node_create(
        actor=editor(),
        slug=extra.pop("slug", f"node-{number}"),
        names={"en": f"Test node {number}"},
        kind=Node.Kind.NATIONAL_CENTRE,
        region=region,
        services=["training"],
        languages=["fr"],
        operators=operators or [],
        **extra,
    )


def make_provider(*, node: Node | None = None) -> Provider:
    number = next(_numbers)
    return services.provider_create(
        actor=editor(),
        slug=f"provider-{number}",
        names={"en": f"Provider {number}"},
        node=node,
    )


def make_offering(**fields: Any) -> Offering:
    number = next(_numbers)
    node = fields.pop("node", None)
    provider = fields.pop("provider", None) or make_provider(node=node)
    defaults: dict[str, Any] = {
        "titles": {"en": f"Offering {number}"},
        "kind": Offering.Kind.WEBINAR,
        "level": Offering.Level.INTRODUCTORY,
        "cost": Offering.Cost.FREE,
    }
    defaults.update(fields)
    return services.offering_create(
        actor=editor(),
        slug=defaults.pop("slug", f"offering-{number}"),
        provider=provider,
        node=node,
        languages=defaults.pop("languages", ["en"]),
        topics=defaults.pop("topics", ["governance"]),
        audiences=defaults.pop("audiences", ["public_officials"]),
        **defaults,
    )


def make_course(**fields: Any) -> Offering:
    fields.setdefault("kind", Offering.Kind.SELF_PACED_COURSE)
    fields.setdefault("has_certificate", True)
    course = make_offering(**fields)
    services.course_content_set(actor=editor(), offering=course, modules=COURSE)
    return course
