import csv
import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from aigov.accounts.services import system_actor
from aigov.core.errors import InvalidInput
from aigov.standards import services
from aigov.standards.models import Status
from aigov.standards.selectors import coverage_counts_by_loop, coverage_matrix
from aigov.standards.tests.factories import make_standard
from aigov.standards.topic_rules import derive_topics
from aigov.taxonomy.models import LifecycleStage, RiskArea, SustainableDevelopmentGoal, Topic

pytestmark = pytest.mark.django_db
STATUS_KEY = {"published": "published", "under development": "under_development"}


def _counts_from_csv() -> Counter:
    """Count (topic, stage, status) straight from standards.csv and the term rules, without
    the loader: the file's topics plus those the rules derive from title and summary."""
    counts: Counter = Counter()
    names = {topic.slug: topic.names["en"] for topic in Topic.objects.all()}
    path = Path(settings.REFERENCE_DATA_DIR) / "standards.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = STATUS_KEY.get(row["status"])
            if key is None:
                continue
            derived = derive_topics(title=row["title"], summary=row["summary_en"])
            topics = {t for t in row["topics"].split(";") if t} | {names[t] for t in derived}
            for topic in topics:
                for stage in {s for s in row["lifecycle_stages"].split(";") if s}:
                    counts[(topic, stage, key)] += 1
    return counts


def _gaps(*args: str) -> dict:
    out = StringIO()
    call_command("standards", "gaps", *args, stdout=out)
    return json.loads(out.getvalue())


def test_gaps_command_prints_cells_equal_to_counts_taken_from_the_csv():
    matrix = _gaps("--rows", "topic", "--cols", "lifecycle_stage", "--format", "json")
    assert set(matrix) == {"rows", "cols", "cells", "untagged"}
    # The two topics no standard carries are listed apart, not as rows of empty cells (gaps).
    assert matrix["untagged"] == {"rows": ["AI for the SDGs", "policy"], "cols": []}
    assert "generative AI" in matrix["rows"] and "policy" not in matrix["rows"]
    assert matrix["cols"] == [
        "design",
        "data",
        "development",
        "verification & validation",
        "deployment",
        "operation & monitoring",
        "retirement",
    ]
    assert "testing & evaluation" in matrix["rows"] and "energy & environment" in matrix["rows"]
    expected = _counts_from_csv()
    for row in matrix["rows"]:
        for col in matrix["cols"]:
            cell = matrix["cells"][row][col]
            assert set(cell) == {"published", "under_development"}
            assert cell["published"] == expected[(row, col, "published")], (row, col)
            assert cell["under_development"] == expected[(row, col, "under_development")]
    assert sum(c["published"] for r in matrix["cells"].values() for c in r.values()) > 300


def test_withdrawn_revised_and_proposed_standards_count_nowhere():
    before = coverage_matrix(actor=AnonymousUser()).as_json()
    topic = Topic.objects.get(slug="safety")
    stage = LifecycleStage.objects.get(scheme_id="iso-iec-22989", slug="design")
    tags = {"topics": [topic], "lifecycle_stages": [stage]}
    for status in (Status.WITHDRAWN, Status.REVISED, Status.PROPOSAL):
        make_standard(status=status, tags=tags)
    assert coverage_matrix(actor=AnonymousUser()).as_json() == before
    counted = make_standard(status=Status.UNDER_DEVELOPMENT, tags=tags)
    after = coverage_matrix(actor=AnonymousUser()).as_json()
    assert after["cells"]["safety"]["design"]["under_development"] == (
        before["cells"]["safety"]["design"]["under_development"] + 1
    )
    services.standard_change_status(actor=system_actor(), standard=counted, status=Status.WITHDRAWN)
    assert coverage_matrix(actor=AnonymousUser()).as_json() == before


def test_risk_area_by_sdg_counts_a_standard_once_in_every_cell_its_tags_reach():
    areas = list(RiskArea.objects.all()[:2])
    goals = list(SustainableDevelopmentGoal.objects.filter(number__in=[3, 9]))
    make_standard(tags={"risk_areas": areas, "sdgs": goals})
    make_standard(
        status=Status.UNDER_DEVELOPMENT, tags={"risk_areas": areas[:1], "sdgs": goals[:1]}
    )
    matrix = _gaps("--rows", "risk_area", "--cols", "sdg")
    first, second = areas[0].names["en"], areas[1].names["en"]
    assert matrix["cells"][first]["SDG 3"] == {"published": 1, "under_development": 1}
    assert matrix["cells"][first]["SDG 9"] == {"published": 1, "under_development": 0}
    assert matrix["cells"][second]["SDG 3"] == {"published": 1, "under_development": 0}
    assert matrix["cells"][second]["SDG 9"] == {"published": 1, "under_development": 0}
    assert matrix == coverage_counts_by_loop(rows="risk_area", cols="sdg")
    # Only the tags some standard carries are rows and columns; the rest are untagged.
    assert set(matrix["rows"]) == {first, second}
    assert matrix["cols"] == ["SDG 3", "SDG 9"]
    assert len(matrix["untagged"]["rows"]) == RiskArea.objects.count() - 2
    assert len(matrix["untagged"]["cols"]) == 15 and "SDG 1" in matrix["untagged"]["cols"]


def test_a_tag_carried_only_by_a_withdrawn_standard_is_a_gap_not_untagged():
    policy = Topic.objects.get(slug="policy")
    stage = LifecycleStage.objects.get(scheme_id="iso-iec-22989", slug="design")
    assert "policy" in coverage_matrix(actor=AnonymousUser()).as_json()["untagged"]["rows"]
    make_standard(status=Status.WITHDRAWN, tags={"topics": [policy], "lifecycle_stages": [stage]})
    matrix = coverage_matrix(actor=AnonymousUser()).as_json()
    assert "policy" in matrix["rows"] and "policy" not in matrix["untagged"]["rows"]
    assert all(
        cell == {"published": 0, "under_development": 0}
        for cell in matrix["cells"]["policy"].values()
    )


def test_matrix_is_computed_in_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        coverage_matrix(actor=AnonymousUser(), rows="topic", cols="lifecycle_stage")


def test_an_unknown_axis_is_refused():
    with pytest.raises(InvalidInput):
        coverage_matrix(actor=AnonymousUser(), rows="country", cols="sdg")


def test_gaps_page_shows_the_matrix_and_marks_empty_cells(client):
    response = client.get("/en/standards/gaps/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<table class="gap-matrix">' in page
    assert page.count('<td class="level-0">') > 0  # e.g. health has no standard on retirement
    assert "verification &amp; validation" in page
    sdg = client.get("/en/standards/gaps/", {"rows": "risk_area", "cols": "sdg"}).content.decode()
    # The reference list tags no risk area or SDG: all are listed as untagged, none as a gap.
    assert "No standard carries these tags yet." in sdg and '<td class="level-0">' not in sdg
    assert "SDG 17: " in sdg.split('id="untagged-heading"')[1]
