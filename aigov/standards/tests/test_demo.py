import random
from collections import Counter

import pytest
from django.db import transaction

from aigov.accounts.access import Purpose
from aigov.accounts.services import system_actor
from aigov.core import demo
from aigov.core.reference import LoadReport
from aigov.standards.models import AssessmentTool, GapEndorsement, GapProposal, Review, Standard

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Review.objects.values_list("standard_id", "author__email", "position", "is_demo")),
        sorted(GapProposal.objects.values_list("title", "author__email", "is_demo")),
        sorted(AssessmentTool.objects.values_list("slug", "is_demo")),
        GapEndorsement.objects.count(),
    )


def demo_load(*, actor):
    # Only the generators this module depends on: the whole `demo load` is core's test, and
    # other modules' generators are not this module's to test.
    report = LoadReport()
    for generator in demo.generators():
        if generator.name in {"accounts", "standards"}:
            rng = random.Random(f"{demo.SEED}:{generator.name}")
            generator.load(actor=actor, rng=rng, report=report)
    return report


def demo_clear(*, actor):
    removed: Counter[str] = Counter()
    with transaction.atomic():
        generator = next(g for g in demo.generators() if g.name == "standards")
        for model in reversed(generator.models):
            removed.update(demo._delete_demo_records(actor, model))
    return removed


def test_demo_generates_marked_deliberation_and_tools_then_clears_them(client):
    real_review_standard = Standard.objects.get(reference="ISO/IEC 42001:2023")
    report = demo_load(actor=system_actor(Purpose.DEMO_DATA))
    assert report.counts["reviews"].created >= 12
    assert report.counts["gap proposals"].created == 5
    assert report.counts["self-assessment tools"].created == 6
    assert Review.objects.filter(is_demo=False).count() == 0
    assert all(review.author.is_demo for review in Review.objects.select_related("author"))
    assert Review.objects.exclude(parent=None).exists()  # some replies
    assert GapEndorsement.objects.exists()
    assert all(
        title.startswith("Demo gap proposal")
        for title in GapProposal.objects.values_list("title", flat=True)
    )
    tool = AssessmentTool.objects.get(slug="demo-tool-1")
    assert tool.is_demo and tool.standards.exists()
    page = client.get(f"/en/standards/tools/{tool.slug}/").content.decode()
    assert "Demo self-assessment tool 1" in page and "demonstration" in page.lower()
    before = _state()
    second = demo_load(actor=system_actor(Purpose.DEMO_DATA))
    assert all(counts.created == 0 for counts in second.counts.values())
    assert _state() == before
    removed = demo_clear(actor=system_actor(Purpose.DEMO_DATA))
    assert removed["standards.Review"] >= 12 and removed["standards.AssessmentTool"] == 6
    assert not Review.objects.exists() and not GapProposal.objects.exists()
    assert not AssessmentTool.objects.exists()
    assert Standard.objects.filter(pk=real_review_standard.pk).exists()
