"""One error shape: error items are built by field_error(), never as dict literals."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from aigov.core.errors import InvalidInput, error_items, field_error

PACKAGE = Path(__file__).resolve().parents[2]


def test_no_hand_built_error_items() -> None:
    places = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts) or relative == Path("core/errors.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
                keys = {k.value for k in node.keys}  # type: ignore[union-attr]
                if {"field", "message"} <= keys:
                    places.append(f"aigov/{relative}:{node.lineno}")
    assert not places, "build error items with field_error(): " + ", ".join(places)


def test_items_carry_a_code_and_convert_from_every_kind_of_error() -> None:
    assert field_error("title", "required", "Give a title.", row=3) == {
        "field": "title",
        "code": "required",
        "message": "Give a title.",
        "row": 3,
    }
    django = ValidationError({"title": [ValidationError("Too long.", code="max_length")]})
    assert error_items(django) == [{"field": "title", "code": "max_length", "message": "Too long."}]
    pydantic_like = type(
        "E",
        (Exception,),
        {
            "errors": lambda self: [
                {
                    "loc": ["body", "payload", "countries"],
                    "type": "list_type",
                    "msg": "Input should be a list",
                }
            ]
        },
    )()
    assert error_items(pydantic_like) == [
        {"field": "countries", "code": "list_type", "message": "Input should be a list"}
    ]
    domain = InvalidInput(errors=[{"field": "x", "message": "No code given."}])
    assert domain.errors[0]["code"] == "invalid"
    with pytest.raises(TypeError):
        error_items(ValueError("not an error with items"))
