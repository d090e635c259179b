"""The readiness self-assessment instrument, and how an assessment is scored.

The questions are aigov's own instrument, written for this platform: they follow the five
dimensions that UNESCO's Readiness Assessment Methodology (RAM) names (legal and regulatory;
social and cultural; economic; scientific and educational; technological and infrastructural),
but they are not UNESCO's questions and scores from them are not RAM scores.

An instrument is versioned data: each assessment records the version it was answered with, so a
later edition can change questions without re-scoring old answers under new ones.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from aigov.core.weights import Weights

INSTRUMENT_NOTE = _(
    "This platform's own questions over the five dimensions named by UNESCO's Readiness "
    "Assessment Methodology; they are not UNESCO's questions, and the scores are not RAM scores."
)
SCALE_MAX = 4
GAP_THRESHOLD = 50  # a dimension or question scoring below this (0-100) is a gap

# How the roadmap ranks what answers the gaps (the named setting `capacity.readiness`; see the
# module README): an offering gets `topic` points for the weakest gap's first topic, one point
# less for each next topic (at least one; only the first `topic` topics count), `language` for
# one of the country's working languages, `region` for a node of its UN regional group and
# `free` when it costs nothing; a node gets `node_in_region` for being in the region and
# `node_service` for each of its services that answers a weak dimension.
READINESS = Weights(
    "capacity.readiness",
    topic=8,
    language=6,
    region=2,
    free=1,
    node_in_region=10,
    node_service=1,
)


@dataclass(frozen=True)
class Question:
    code: str
    prompt: Any  # lazy translated text
    topics: tuple[str, ...]  # taxonomy topic slugs a low answer points to


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Instrument:
    version: str
    dimensions: tuple[Dimension, ...]

    def questions(self) -> list[Question]:
        return [question for dimension in self.dimensions for question in dimension.questions]

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions() if q.code == code), None)


SCALE = (
    (0, _("Not in place")),
    (1, _("Planned")),
    (2, _("Partly in place")),
    (3, _("In place")),
    (4, _("In place and regularly reviewed")),
)

INSTRUMENT = Instrument(
    version="aigov-2026.1",
    dimensions=(
        Dimension(
            "legal",
            _("Legal and regulatory"),
            (
                Question(
                    "legal.strategy",
                    _("The government has adopted a national AI strategy or policy."),
                    ("policy", "governance"),
                ),
                Question(
                    "legal.data_protection",
                    _("Data protection law applies to AI systems and an authority enforces it."),
                    ("privacy", "data-quality"),
                ),
                Question(
                    "legal.public_use",
                    _("Rules or guidance govern how public bodies buy and use AI systems."),
                    ("governance", "risk-management", "transparency-explainability"),
                ),
            ),
        ),
        Dimension(
            "social",
            _("Social and cultural"),
            (
                Question(
                    "social.consultation",
                    _(
                        "The public, including women, youth and persons with disabilities, is "
                        "consulted on AI policy."
                    ),
                    ("ethics-human-rights", "ethics"),
                ),
                Question(
                    "social.languages",
                    _("AI systems used in the country are tested in its main languages."),
                    ("bias-fairness", "testing-evaluation"),
                ),
                Question(
                    "social.awareness",
                    _("Programmes inform the public about the benefits and risks of AI."),
                    ("ethics", "safety"),
                ),
            ),
        ),
        Dimension(
            "economic",
            _("Economic"),
            (
                Question(
                    "economic.funding",
                    _("Public or private funding is available for AI research and start-ups."),
                    ("ai-for-sdgs", "policy"),
                ),
                Question(
                    "economic.adoption",
                    _("Public services or key sectors such as health and agriculture use AI."),
                    ("ai-for-sdgs", "health"),
                ),
                Question(
                    "economic.labour",
                    _("The effects of AI on jobs and the labour market are assessed."),
                    ("policy", "governance"),
                ),
            ),
        ),
        Dimension(
            "scientific",
            _("Scientific and educational"),
            (
                Question(
                    "scientific.degrees",
                    _("Universities offer degree programmes in AI or data science."),
                    ("machine-learning",),
                ),
                Question(
                    "scientific.officials",
                    _("Public officials are trained in AI governance, ethics and policy."),
                    ("governance", "ethics", "policy"),
                ),
                Question(
                    "scientific.research",
                    _("Researchers in the country publish on AI or join international research."),
                    ("machine-learning", "generative-ai"),
                ),
            ),
        ),
        Dimension(
            "technological",
            _("Technological and infrastructural"),
            (
                Question(
                    "technological.connectivity",
                    _("Most of the population has reliable broadband and electricity."),
                    ("networks-telecom", "energy-environment"),
                ),
                Question(
                    "technological.compute",
                    _("Researchers and public bodies have access to computing capacity for AI."),
                    ("machine-learning", "energy-environment"),
                ),
                Question(
                    "technological.data",
                    _("Public data are published in open formats under data governance rules."),
                    ("data-quality", "privacy", "security"),
                ),
            ),
        ),
    ),
)

INSTRUMENTS = {INSTRUMENT.version: INSTRUMENT}


def instrument_for(version: str) -> Instrument:
    return INSTRUMENTS.get(version, INSTRUMENT)


def question_score(answer: int) -> int:
    return round(100 * answer / SCALE_MAX)


@dataclass(frozen=True)
class Scores:
    dimensions: dict[str, int | None]  # dimension code -> 0-100 (None: nothing answered)
    overall: int | None


def score(answers: dict[str, int], instrument: Instrument = INSTRUMENT) -> Scores:
    """Score answers: each dimension is the mean of its answered questions on 0-100; overall is
    the mean of the dimensions that have a score."""
    dimensions: dict[str, int | None] = {}
    for dimension in instrument.dimensions:
        given = [answers[q.code] for q in dimension.questions if q.code in answers]
        dimensions[dimension.code] = (
            round(100 * sum(given) / (SCALE_MAX * len(given))) if given else None
        )
    scored = [value for value in dimensions.values() if value is not None]
    overall = round(sum(scored) / len(scored)) if scored else None
    return Scores(dimensions=dimensions, overall=overall)


@dataclass(frozen=True)
class Gap:
    dimension: Dimension
    score: int | None
    questions: list[tuple[Question, int]]  # (question, its score 0-100) below the threshold

    @property
    def topics(self) -> list[str]:
        return list(
            dict.fromkeys(t for question, _score in self.questions for t in question.topics)
        )


def gaps(answers: dict[str, int], instrument: Instrument = INSTRUMENT) -> list[Gap]:
    """Return the dimensions scoring below GAP_THRESHOLD or holding a question below it,
    weakest first."""
    scores = score(answers, instrument)
    found: list[Gap] = []
    for dimension in instrument.dimensions:
        low = [
            (q, question_score(answers[q.code]))
            for q in dimension.questions
            if q.code in answers and question_score(answers[q.code]) < GAP_THRESHOLD
        ]
        value = scores.dimensions[dimension.code]
        if low or (value is not None and value < GAP_THRESHOLD):
            found.append(Gap(dimension=dimension, score=value, questions=low))
    return sorted(found, key=lambda gap: gap.score if gap.score is not None else 0)


def gap_topics(answers: dict[str, int], instrument: Instrument = INSTRUMENT) -> list[str]:
    """Return the topics the gaps point to, weakest answers first, without repeats."""
    ranked = sorted(
        (
            (answers[q.code], q)
            for q in instrument.questions()
            if q.code in answers and question_score(answers[q.code]) < GAP_THRESHOLD
        ),
        key=lambda pair: pair[0],
    )
    return list(dict.fromkeys(topic for _answer, q in ranked for topic in q.topics))
