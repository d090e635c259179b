import pytest

from aigov.panel.relevance import RelevanceError, compile_relevance, is_relevant


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("", {}, True),
        ("${q1} = '5'", {"q1": "5"}, True),
        ("${q1} = '5'", {"q1": "4"}, False),
        ("${q1} = '5'", {}, False),
        ("${q1} != ''", {}, False),
        ("${age} >= 18 and ${age} < 65", {"age": 30}, True),
        ("${age} >= 18 and ${age} < 65", {"age": 70}, False),
        ("${age} > 10", {}, False),
        ("selected(${nat}, 'KEN') or selected(${nat}, 'NGA')", {"nat": ["FRA", "NGA"]}, True),
        ("not(selected(${nat}, 'KEN'))", {"nat": ["KEN"]}, False),
        ("count-selected(${nat}) > 1", {"nat": ["FRA", "KEN"]}, True),
        ("(${a} = 'x' or ${b} = 'y') and ${c} = \"z\"", {"b": "y", "c": "z"}, True),
        ("(true())", {}, True),
    ],
)
def test_relevance(expression: str, answers: dict[str, object], expected: bool) -> None:
    assert is_relevant(expression, answers) is expected


def test_references_are_listed() -> None:
    assert compile_relevance("selected(${nat}, 'KEN') and ${q1} = '5'")[1] == {"nat", "q1"}


@pytest.mark.parametrize("expression", ["${q1} = ", "position(..) = 1", "${q1} === 2", "(${a} = 1"])
def test_unsupported_expressions_are_refused(expression: str) -> None:
    with pytest.raises(RelevanceError):
        compile_relevance(expression)
