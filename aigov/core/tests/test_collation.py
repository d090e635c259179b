"""Lists sort by the name the reader sees, in the reader's language, and join with its comma."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from aigov.core.collation import join_list, sort_key, sorted_by_name, sorted_by_names


@pytest.mark.parametrize(
    ("language", "shuffled", "expected"),
    [
        (
            "en",
            ["United Kingdom", "United Arab Emirates", "Andorra", "Uganda", "Åland Islands"],
            ["Åland Islands", "Andorra", "Uganda", "United Arab Emirates", "United Kingdom"],
        ),
        # Accented capitals among their letter, not after Z.
        (
            "fr",
            ["Zambie", "Équateur", "Émirats arabes unis", "Allemagne", "Égypte"],
            ["Allemagne", "Égypte", "Émirats arabes unis", "Équateur", "Zambie"],
        ),
        # Ñ is a letter of its own, between N and O.
        (
            "es",
            ["Omán", "Ñandú", "Nueva Zelandia", "Níger"],
            ["Níger", "Nueva Zelandia", "Ñandú", "Omán"],
        ),
        # Ё (yo) sorts as the letter ye, not before the first letter of the alphabet.
        ("ru", ["Ёлка", "Египет", "Австрия", "Жёлтый"], ["Австрия", "Египет", "Ёлка", "Жёлтый"]),
        # The forms of alef (with or without hamza) are one letter: the next letter decides;
        # the article "ال" does not count (الأردن, Jordan, sorts as أردن).
        (
            "ar",
            ["أوغندا", "الأردن", "أندورا", "إثيوبيا", "بلجيكا", "أرمينيا"],
            ["إثيوبيا", "الأردن", "أرمينيا", "أندورا", "أوغندا", "بلجيكا"],
        ),
        # Pinyin: a-fu-han, ba-xi, zhong-guo (code points put 中 first).
        ("zh-hans", ["中国", "阿富汗", "巴西"], ["阿富汗", "巴西", "中国"]),
    ],
)
def test_names_sort_in_the_readers_order_not_code_order(language, shuffled, expected) -> None:
    assert sorted(shuffled, key=sort_key(language)) == expected
    assert sorted(shuffled) != expected  # code-point order gets each of these wrong
    with translation.override(language):
        assert sorted_by_name(shuffled, str) == expected


def test_records_sort_by_the_name_shown_with_its_fallback() -> None:
    records = [
        SimpleNamespace(names={"en": "United Kingdom", "fr": "Royaume-Uni"}),
        SimpleNamespace(names={"en": "Uganda", "fr": "Ouganda"}),
        SimpleNamespace(names={"en": "Zimbabwe"}),  # no French: shown, and sorted, in English
    ]
    with translation.override("fr"):
        shown = [record.names.get("fr", record.names["en"]) for record in sorted_by_names(records)]
    assert shown == ["Ouganda", "Royaume-Uni", "Zimbabwe"]
    with translation.override("en"):
        assert [r.names["en"] for r in sorted_by_names(records)] == [
            "Uganda",
            "United Kingdom",
            "Zimbabwe",
        ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "أ، ب، ج"),
        ("zh-hans", "甲、乙、丙"),
        ("en", "a, b, c"),
        ("fr", "a, b, c"),
    ],
)
def test_lists_join_with_the_readers_separator(language, expected) -> None:
    items = {"ar": ["أ", "ب", "ج"], "zh-hans": ["甲", "乙", "丙"]}.get(language, ["a", "b", "c"])
    assert join_list(items, language) == expected
    with translation.override(language):
        assert join_list(items) == expected
    assert join_list([], language) == ""


def test_the_template_filters_escape_and_sort() -> None:
    template = Template(
        "{% load aigov %}{{ values|join_list }} | {{ records|by_name|join_names }}"
        " | {% list_separator %}"
    )
    records = [
        SimpleNamespace(names={"en": "United Kingdom", "ar": "المملكة المتحدة"}),
        SimpleNamespace(names={"en": "Uganda", "ar": "أوغندا"}),
    ]
    with translation.override("ar"):
        rendered = template.render(Context({"values": ["<b>", "x"], "records": records}))
    assert rendered == "&lt;b&gt;، x | أوغندا، المملكة المتحدة | ، "
