"""Topics derived from titles and scopes (topic_rules.py) and how the loader records them."""

import csv
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings

from aigov.accounts.access import Purpose
from aigov.accounts.models import Role
from aigov.accounts.services import system_actor
from aigov.accounts.tests.factories import UserFactory
from aigov.core.models import ReferenceRowState
from aigov.core.reference import LoadReport, _digest, _keys
from aigov.standards import selectors, services
from aigov.standards.models import Standard, StandardTopic, TopicOrigin
from aigov.standards.reference import load_standards
from aigov.standards.topic_rules import RULE_TOPICS, Derivation, derive_topics

CSV = Path(settings.REFERENCE_DATA_DIR) / "standards.csv"


def _derive(title: str, summary: str = "", **kwargs: object) -> dict[str, Derivation]:
    return derive_topics(title=title, summary=summary, **kwargs)  # type: ignore[arg-type]


def test_generative_in_a_title_gives_the_generative_ai_topic():
    found = _derive("Guidance on addressing risks in generative AI systems")
    assert found == {"generative-ai": Derivation("title", "generative")}
    assert _derive("Amendment 1: Generative AI") == {
        "generative-ai": Derivation("title", "Generative")
    }


def test_the_title_is_read_before_the_scope_and_the_scope_when_the_title_says_nothing():
    assert _derive("Generative AI profile", "risks of generative models")["generative-ai"] == (
        Derivation("title", "Generative")
    )
    assert _derive("Attacks and mitigations", "attacks on predictive and generative AI") == {
        "generative-ai": Derivation("summary", "generative")
    }


def test_terms_match_whole_words_and_an_acronym_only_in_capitals():
    assert _derive("Data quality for machine learning (ML)") == {
        "machine-learning": Derivation("title", "machine learning")
    }
    assert _derive("Robustness of ML-based services") == {
        "machine-learning": Derivation("title", "ML")
    }
    assert _derive("Assessment of the robustness of neural networks")["machine-learning"] == (
        Derivation("title", "neural networks")
    )
    # 5 ml is a millilitre; XML and HTML are not machine learning; "regenerative" is not
    # "generative".
    assert _derive("Dosage of 5 ml in XML and HTML records of regenerative medicine") == {}
    assert _derive("Overview of ethical and societal concerns") == {
        "ethics": Derivation("title", "ethical")
    }
    assert _derive("A survey of metaethics") == {}


def test_a_topic_a_person_chose_is_not_derived_again():
    assert _derive("Generative AI profile", curated={"generative-ai"}) == {}
    assert _derive("Generative AI and machine learning", curated={"generative-ai"}) == {
        "machine-learning": Derivation("title", "machine learning")
    }


def test_the_policy_topic_has_no_rule_so_a_reinforcement_learning_policy_is_not_policy():
    assert "policy" not in RULE_TOPICS
    assert _derive("ML sandbox", "a sandbox in which ML models or policies are trained") == {
        "machine-learning": Derivation("title", "ML")
    }


def test_the_rules_cover_only_topics_the_reference_file_never_uses():
    with CSV.open(newline="", encoding="utf-8") as handle:
        used = {topic for row in csv.DictReader(handle) for topic in row["topics"].split(";")}
    assert {"generative-ai", "machine-learning", "ai-for-sdgs", "ethics"} == RULE_TOPICS
    slugs = {topic.replace(" & ", "-").replace(" ", "-") for topic in used}
    assert not RULE_TOPICS & slugs


@pytest.mark.django_db
def test_the_loader_stores_derived_topics_as_derived_with_what_matched():
    profile = Standard.objects.get(reference="NIST AI 600-1")
    links = {link.topic_id: link for link in profile.topic_links.all()}
    assert links["generative-ai"].origin == TopicOrigin.DERIVED
    assert (links["generative-ai"].matched_in, links["generative-ai"].matched) == (
        "title",
        "Generative",
    )
    # The file's own topics are curated, with no evidence.
    assert {slug for slug, link in links.items() if link.origin == TopicOrigin.CURATED} == {
        "risk-management",
        "safety",
        "security",
    }
    assert links["safety"].matched == "" and links["safety"].matched_in == ""
    attacks = Standard.objects.get(reference="NIST AI 100-2 E2025").topic_links.get(
        topic_id="generative-ai"
    )
    assert (attacks.origin, attacks.matched_in) == (TopicOrigin.DERIVED, "summary")


@pytest.mark.django_db
def test_the_nine_standards_that_say_generative_carry_the_generative_ai_topic():
    with CSV.open(newline="", encoding="utf-8") as handle:
        saying = {
            row["reference"]
            for row in csv.DictReader(handle)
            if "generative" in f"{row['title']} {row['summary_en']}".lower()
        }
    assert len(saying) == 9
    tagged = selectors.standard_list(actor=system_actor(), topic="generative-ai")
    assert {standard.reference for standard in tagged} == saying
    assert not StandardTopic.objects.filter(
        topic_id="generative-ai", origin=TopicOrigin.CURATED
    ).exists()
    # Topics without a rule match, and the policy topic, are on no standard.
    assert not StandardTopic.objects.filter(topic_id__in=["policy", "ai-for-sdgs"]).exists()


@pytest.mark.django_db
def test_a_reload_after_the_rules_arrive_adds_the_derived_topics_a_database_lacked():
    """An installation loaded before the rules: its next load applies them as a file change."""
    profile = Standard.objects.get(reference="NIST AI 600-1")
    StandardTopic.objects.filter(standard=profile, origin=TopicOrigin.DERIVED).delete()
    state = ReferenceRowState.objects.get(source="standards.standard", key="NIST AI 600-1")
    topics = _digest(_keys(profile.topics.values_list("pk", flat=True)))
    state.digest = "loaded before the rules"
    state.written_digests = {**state.written_digests, "topics": topics}
    state.save()
    report = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=report)
    assert str(report.counts["standards"]) == "created 0, updated 1, unchanged 158"
    link = profile.topic_links.get(topic_id="generative-ai")
    assert (link.origin, link.matched) == (TopicOrigin.DERIVED, "Generative")
    # And a second load changes nothing.
    again = LoadReport()
    load_standards(actor=system_actor(Purpose.REFERENCE_LOAD), report=again)
    assert again.counts["standards"].unchanged == 159


@pytest.mark.django_db
def test_an_edit_keeps_a_derived_topic_derived_and_adds_curated_ones():
    secretariat = UserFactory(role=Role.SECRETARIAT)
    Authenticator.objects.create(
        user=secretariat, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    profile = Standard.objects.get(reference="NIST AI 600-1")
    topics = [*profile.topics.values_list("pk", flat=True), "policy"]
    services.standard_update(actor=secretariat, standard=profile, tags={"topics": topics})
    origins = dict(profile.topic_links.values_list("topic_id", "origin"))
    assert origins["generative-ai"] == TopicOrigin.DERIVED
    assert origins["policy"] == TopicOrigin.CURATED
