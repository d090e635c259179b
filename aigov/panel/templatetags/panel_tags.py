from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    """`errors|get_item:name`: the value of a key in a dict, or empty."""
    return (mapping or {}).get(key, "")
