"""The shared chart helper: layout in both directions, labels whole, numbers in the reader's
format, text that cannot be injected."""

import re

import pytest
from django.utils import translation

from aigov.core.charts import (
    Bar,
    Column,
    LegendEntry,
    Segment,
    bar_chart,
    column_chart,
    format_decimal,
    format_percent,
    tag_cloud,
    text_width,
)

LONG_LABEL = "Group of Latin American and Caribbean States"


def _marks(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<rect x="([\d.]+)" width="([\d.]+)" height="1" fill="#', html)


@pytest.mark.parametrize(
    ("language", "value", "digits", "expected"),
    [
        ("en", 2.885, 2, "2.89"),  # half up, where an f-string gives 2.88 (binary 2.88499…)
        ("en", 3.125, 2, "3.13"),
        ("ar", 2.885, 2, "2,89"),
        ("fr", 1234.5, 1, "1234,5"),
        ("zh-hans", 7, 0, "7"),
        ("en", None, 2, "\u2013"),
    ],
)
def test_numbers_are_rounded_half_up_in_the_readers_format(language, value, digits, expected):
    with translation.override(language):
        assert format_decimal(value, digits) == expected


def test_percentages_round_the_share_as_written():
    with translation.override("ar"):
        assert format_percent(0.575) == "58%"
        assert format_percent(4 / 7) == "57%"
        assert format_percent(0.12345, 1) == "12,3%"
        assert format_percent(None) == "\u2013"


def test_bars_run_from_the_inline_start_in_both_directions():
    rows = [("First", [Bar([Segment(30, "#111111"), Segment(20, "#222222")], text="30 + 20")])]
    with translation.override("en"):
        english = str(bar_chart(rows, maximum=100))
    with translation.override("ar"):
        arabic = str(bar_chart(rows, maximum=100))
    assert _marks(english) == [("0", "30"), ("30", "20")]
    assert _marks(arabic) == [("70", "30"), ("50", "20")]  # mirrored: the first at the right
    assert 'lang="en" dir="ltr"' in english and 'lang="ar" dir="rtl"' in arabic
    assert '<span class="chart-value">30 + 20</span>' in arabic


def test_a_bar_longer_than_the_scale_stops_at_its_end_and_a_missing_one_draws_nothing():
    rows = [
        ("Over", [Bar([Segment(150, "#111111")])]),
        ("Missing", [Bar([], text="\u2013")]),
    ]
    with translation.override("en"):
        html = str(bar_chart(rows, maximum=100))
    assert _marks(html) == [("0", "100")]
    assert '<dt class="chart-label">Missing</dt>' in html


def test_labels_are_whole_and_their_column_grows_with_them_up_to_a_limit():
    with translation.override("en"):
        short = bar_chart([("WEOG", [Bar([Segment(1, "#111111")])])])
        long = bar_chart([(LONG_LABEL, [Bar([Segment(1, "#111111")])])])
        longer = bar_chart([(LONG_LABEL * 3, [Bar([Segment(1, "#111111")])])])
    assert float(short.label_size[:-2]) < float(long.label_size[:-2])
    assert longer.label_size == "16.0em"  # past that the label wraps onto more lines
    assert f'<dt class="chart-label">{LONG_LABEL * 3}</dt>' in str(longer)


def test_every_text_is_escaped_and_the_title_names_the_chart():
    with translation.override("en"):
        html = str(
            bar_chart(
                [("<script>", [Bar([Segment(1, "#111111", "<b>")], text="<i>")])],
                title='"Risks" & more',
                legend=[LegendEntry("#111111", "<u>")],
            )
        )
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "<u>" not in html and "&lt;script&gt;" in html
    assert 'role="group" aria-label="&quot;Risks&quot; &amp; more"' in html


def test_chinese_labels_are_estimated_wider_than_latin_ones():
    assert text_width("拉丁美洲和加勒比国家集团") > text_width("Latin America")
    assert text_width("الدول الأفريقية") == text_width("الدُّول الأفريقية")  # vowels add nothing
    assert text_width("") == 0


def test_columns_mirror_for_right_to_left_with_the_scale_at_the_start():
    columns = [
        Column("2020", [Segment(2, "#111111", "a"), Segment(2, "#222222", "b")]),
        Column("", [Segment(8, "#111111", "c")], markers=["New initiative"]),
    ]
    with translation.override("en"):
        english = column_chart(columns, bar_width=20, gap=10, plot_height=100)
    with translation.override("ar"):
        arabic = column_chart(columns, bar_width=20, gap=10, plot_height=100)
    width = float(english.width)
    first, second, third = english.bars
    assert float(first.x) < float(third.x)  # time runs left to right
    assert float(first.height) == float(second.height) == 25  # 2 of a scale topped at 8
    assert float(third.height) == 100
    assert [(float(b.x) + float(b.width)) for b in arabic.bars] == [
        width - float(b.x) for b in english.bars
    ]
    assert english.scale_anchor == "end" and arabic.scale_anchor == "start"
    assert [t.text for t in english.ticks] == ["2020"]
    assert [m.text for m in arabic.markers] == ["New initiative"]
    assert [line.text for line in english.scale] == ["0", "2", "4", "6", "8"]


def test_an_empty_column_chart_still_has_a_scale():
    with translation.override("en"):
        chart = column_chart([])
    assert chart.bars == () and [line.text for line in chart.scale] == ["0", "1"]


def test_tag_cloud_sizes_words_by_count_in_five_steps():
    with translation.override("ar"):
        cloud = tag_cloud([("الوظائف", 4), ("الذكاء", 2), ("المنطقة", 1)], title="كلمات")
    assert [tag.size for tag in cloud.tags] == [5, 3, 2]
    html = str(cloud)
    assert 'lang="ar" dir="rtl" aria-label="كلمات"' in html
    assert 'class="tag-size-5" title="الوظائف: 4"' in html
    assert str(tag_cloud([])).strip() == ""
