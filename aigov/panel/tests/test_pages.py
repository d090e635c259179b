"""The results page: charts drawn on the server, keyword tags sized by count."""

import re

import pytest
from django.test import Client
from django.utils import translation

from aigov.accounts.services import system_actor
from aigov.panel import selectors, services
from aigov.panel.models import Survey
from aigov.taxonomy.models import RegionalGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(answered: Survey) -> Survey:
    return services.survey_set_status(actor=system_actor(), survey=answered, status="published")


def test_index_lists_published_survey(client: Client, published: Survey) -> None:
    page = client.get("/en/panel/").content.decode()
    assert 'href="/en/panel/surveys/pulse/"' in page
    assert "Risk pulse check (test)" in page


def test_results_page_has_a_chart_per_item(client: Client, published: Survey) -> None:
    page = client.get("/en/panel/surveys/pulse/").content.decode()
    assert page.count('class="chart row-chart"') == 2  # q1, q2
    assert page.count('class="chart tag-cloud"') == 1
    assert 'role="group" aria-label="Harm to people"' in page
    assert "Harm to people" in page and "Harm to the environment" in page
    assert "8 respondents" in page
    # q1 overall: 4 of 7 valid answers are 4 or 5 (57%), mean 24/7 = 3.43
    assert '<span class="chart-value">57% · 3.43 · n=7</span>' in page
    french = client.get("/fr/panel/surveys/pulse/").content.decode()
    assert "Atteinte aux personnes" in french


def test_results_charts_follow_the_readers_language(client: Client, published: Survey) -> None:
    page = client.get("/ar/panel/surveys/pulse/").content.decode()
    assert 'class="chart row-chart" lang="ar" dir="rtl"' in page
    assert "57% · 3,43 · n=7" in page  # the Arabic decimal comma, as in the tables
    with translation.override("ar"):  # every label whole, none cut at a fixed width
        assert f'<dt class="chart-label">{RegionalGroup.GRULAC.label}</dt>' in page
    english = client.get("/en/panel/surveys/pulse/").content.decode()
    assert '<dt class="chart-label">Latin American and Caribbean States</dt>' in english


def test_keyword_tags_sized_by_count(client: Client, published: Survey) -> None:
    results = selectors.survey_results(actor=system_actor(), survey=published)
    (comment,) = results.texts
    assert comment.answered == 2
    assert comment.tags[0] == ("deepfakes", 2)
    assert ("elections", 1) in comment.tags and ("labour", 1) in comment.tags
    found = re.findall(r'class="tag-size-(\d)" title="(\w+): (\d+)"', str(comment.chart))
    sizes = {word: int(size) for size, word, _count in found}
    assert sizes["deepfakes"] == 5 and sizes["elections"] == 3


def test_keyword_tags_ignore_common_words_and_count_each_answer_once() -> None:
    tags = selectors.keyword_tags(
        ["The risks, the RISKS and more risks", "risks of surveillance", ""]
    )
    assert tags == [("risks", 2), ("surveillance", 1)]


def test_keyword_tags_segment_chinese_and_arabic() -> None:
    tags = dict(
        selectors.keyword_tags(
            [
                "人工智能对就业市场的影响令人担忧",
                "深度伪造威胁选举和就业",
                "الذكاءُ الاصطناعي يهدد الوظائف في المنطقة",
                "الوظائف والذكاء",
            ]
        )
    )
    assert tags["就业"] == 2 and tags["人工智能"] == 1 and tags["选举"] == 1
    assert "的" not in tags and "和" not in tags  # single characters are not keywords
    assert tags["الوظائف"] == 2 and tags["الذكاء"] == 2  # diacritics and wa- are dropped
    assert "في" not in tags
