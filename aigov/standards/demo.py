"""Demonstration deliberation and tools (see aigov.core.demo for the rules every generator keeps).

The shared data holds real standards but no reviews, gap proposals or self-assessment tools, so a
new installation shows generated ones, written by the accounts generator's demonstration
participants (experts, SDO representatives, focal points), titled "Demo …" and marked as
demonstration data: reviews of real standards with scores, replies, gap proposals placed in
empty cells of the real gap matrix with endorsements, and tools linked to real standards. Nothing
here states an opinion of a real person or describes a real tool.
"""

import random

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.accounts.models import User
from aigov.core.demo import DEMO_EMAIL_DOMAIN, DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.standards import selectors, services
from aigov.standards.models import AssessmentTool, GapProposal, Review, Status
from aigov.taxonomy.selectors import lifecycle_stage_list, topic_list

REVIEWED_STANDARDS = 12
GAP_PROPOSALS = 5
TOOLS = 6
# The accounts generator's participants (see aigov.accounts.demo): two of each role, and one
# focal point per UN regional group.
PARTICIPANT_EMAILS = [
    *(f"expert-{n}@{DEMO_EMAIL_DOMAIN}" for n in (1, 2)),
    *(f"sdo-representative-{n}@{DEMO_EMAIL_DOMAIN}" for n in (1, 2)),
    *(f"focal-point-{n}@{DEMO_EMAIL_DOMAIN}" for n in range(1, 6)),
]
RATIONALE = "Demonstration review, generated: not anybody's opinion."
REPLY = "Demonstration reply, generated: not anybody's opinion."
UN_LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh"]


def _participants() -> list[User]:
    # The accounts module's selectors show no user to the demonstration job; the generator reads
    # the demonstration participants the accounts generator made (it runs first), by e-mail.
    users = list(User.objects.filter(is_demo=True, email__in=PARTICIPANT_EMAILS).order_by("email"))
    if len(users) < 3:
        raise InvalidState(
            _("Load the accounts demonstration data first: demonstration reviews need its users.")
        )
    return users


def _load_reviews(
    *, actor: Actor, rng: random.Random, report: LoadReport, users: list[User]
) -> None:
    counts = report.for_kind("reviews")
    published = list(selectors.standard_list(actor=actor, status=Status.PUBLISHED))
    if not published:
        raise InvalidState(_("Load the reference data first (aigov load-reference)."))
    for standard in rng.sample(published, k=min(REVIEWED_STANDARDS, len(published))):
        reviewers = rng.sample(users, k=rng.randint(1, 3))
        for reviewer in reviewers:
            position = rng.choice(Review.Position.values)
            scores = {criterion: rng.randint(1, 5) for criterion in selectors.REVIEW_CRITERIA}
            replier = rng.choice([user for user in users if user != reviewer])
            has_reply = rng.random() < 0.4
            existing = Review.objects.filter(
                is_demo=True, standard=standard, author=reviewer, parent=None
            ).first()
            if existing is not None:
                counts.unchanged += 1
                continue
            review = services.review_post(
                actor=actor,
                standard=standard,
                position=position,
                rationale=RATIONALE,
                scores=scores,
                on_behalf_of=reviewer,
                is_demo=True,
            )
            counts.created += 1
            if has_reply:
                services.review_reply(
                    actor=actor, parent=review, rationale=REPLY, on_behalf_of=replier, is_demo=True
                )
                counts.created += 1


def _load_gaps(*, actor: Actor, rng: random.Random, report: LoadReport, users: list[User]) -> None:
    counts = report.for_kind("gap proposals")
    coverage = selectors.coverage_matrix(actor=actor, rows="topic", cols="lifecycle_stage")
    empty = [
        (row, cell["col"]) for row, cells in coverage.table() for cell in cells if not cell["total"]
    ]
    if not empty:
        return
    topics = {topic.slug: topic for topic in topic_list()}
    stages = {stage.pk: stage for stage in lifecycle_stage_list(scheme=selectors.LIFECYCLE_SCHEME)}
    for number, (row, col) in enumerate(rng.sample(empty, k=min(GAP_PROPOSALS, len(empty))), 1):
        author = rng.choice(users)
        endorsers = rng.sample([user for user in users if user != author], k=rng.randint(0, 4))
        title = f"Demo gap proposal {number} ({row.name} x {col.name})"
        if GapProposal.objects.filter(is_demo=True, title=title).exists():
            counts.unchanged += 1
            continue
        gap = services.gap_propose(
            actor=actor,
            title=title,
            rationale="Generated for demonstration: the gap matrix has no standard in this cell.",
            topic=topics.get(row.slug),
            lifecycle_stage=stages.get(col.key),
            on_behalf_of=author,
            is_demo=True,
        )
        for endorser in endorsers:
            services.gap_endorse(actor=actor, gap=gap, on_behalf_of=endorser)
        counts.created += 1


def _load_tools(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    counts = report.for_kind("self-assessment tools")
    standards = list(selectors.standard_list(actor=actor, status=Status.PUBLISHED))
    kinds = AssessmentTool.Kind.values
    for number in range(1, TOOLS + 1):
        covered = rng.sample(standards, k=min(len(standards), rng.randint(1, 3)))
        languages = sorted(rng.sample(UN_LANGUAGES, k=rng.randint(1, 3)))
        slug = f"demo-tool-{number}"
        if selectors.assessment_tool_list(actor=actor).filter(slug=slug).exists():
            counts.unchanged += 1
            continue
        services.assessment_tool_register(
            actor=actor,
            slug=slug,
            name=f"Demo self-assessment tool {number}",
            provider=f"Demo provider {number}",
            kind=kinds[(number - 1) % len(kinds)],
            languages=languages,
            summaries={"en": "Generated for demonstration; not a real tool."},
            standards=covered,
            is_demo=True,
        )
        counts.created += 1


def load_standards_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """Create the demonstration reviews, gap proposals and tools that do not exist yet."""
    users = _participants()
    _load_reviews(actor=actor, rng=rng, report=report, users=users)
    _load_gaps(actor=actor, rng=rng, report=report, users=users)
    _load_tools(actor=actor, rng=rng, report=report)


def register() -> None:
    register_generator(
        DemoGenerator(
            name="standards",
            load=load_standards_demo,
            models=(Review, GapProposal, AssessmentTool),
        )
    )
