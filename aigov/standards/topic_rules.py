"""Topics derived from a standard's title and scope, by one term rule per topic.

standards.csv tags each standard with the topics its compiler chose (the nineteen topics the
file itself introduced). The taxonomy has topics the compiler never had to choose from (the
ITU AI Skills Coalition course themes: generative AI, machine learning, AI for the SDGs,
ethics, policy), so the file leaves them on no standard even where a title says "Generative AI".
For those topics only, the loader (reference.py) applies the rules below to the English title
and summary (the file's short statement of scope) of every row, and records each tag it adds
as derived, with the words that matched (models.StandardTopic), so the tag can be told apart
from a curated one and reviewed. A topic the compiler chose is never re-derived, and a topic
without a rule, or whose rule matches nothing, stays on no standard: the gap matrix then shows
it as untagged, not as a gap.

A rule is a list of terms, each a regular expression matched as whole words, in any case but
for a term written all in capitals (ML, which in lower case is a millilitre). A term belongs in
a rule only when a standard whose title or scope uses it is, by that alone, about the topic:
"policy" is not a term of the policy topic, because a scope such as "ML models or policies"
(ITU-T Y.3181) uses it for a reinforcement-learning policy.
"""

import re
from dataclasses import dataclass

# The title is read before the summary, and the terms in their order: the first match is the
# one recorded.
MATCHED_IN = ("title", "summary")


@dataclass(frozen=True)
class TopicRule:
    topic: str  # the topic's slug
    terms: tuple[str, ...]
    note: str = ""

    def pattern(self, term: str) -> re.Pattern[str]:
        flags = 0 if term.isupper() else re.IGNORECASE
        return re.compile(rf"\b(?:{term})\b", flags)


RULES: tuple[TopicRule, ...] = (
    TopicRule(
        "generative-ai",
        ("generative", "foundation models?", "large language models?", "LLMs?"),
        "generative AI, generative artificial intelligence, generative models",
    ),
    TopicRule(
        "machine-learning",
        ("machine[- ]learning", "ML", "deep learning", "neural networks?"),
        "deep learning and neural networks are kinds of machine learning",
    ),
    TopicRule(
        "ai-for-sdgs",
        ("sustainable development goals?", "SDGs?"),
    ),
    TopicRule("ethics", ("ethics", "ethical", "ethically")),
    # No term of the policy topic is safe (see the module docstring): it has no rule.
)
RULE_TOPICS = frozenset(rule.topic for rule in RULES)


@dataclass(frozen=True)
class Derivation:
    """Why a topic was derived: which text of the standard matched, and the words found."""

    matched_in: str  # "title" or "summary"
    matched: str


def derive_topics(
    *, title: str, summary: str, curated: set[str] | frozenset[str] = frozenset()
) -> dict[str, Derivation]:
    """Return the topics the rules find in a title and summary, by slug, with their evidence.

    Topics in `curated` (chosen by a person) are left out: a tag is derived only where nobody
    chose it.
    """
    texts = {"title": title, "summary": summary}
    found: dict[str, Derivation] = {}
    for rule in RULES:
        if rule.topic in curated:
            continue
        for where in MATCHED_IN:
            match = next(
                (m for term in rule.terms if (m := rule.pattern(term).search(texts[where]))), None
            )
            if match is not None:
                found[rule.topic] = Derivation(where, match.group(0))
                break
    return found
