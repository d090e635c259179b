"""Template helpers: translated content and demonstration marks."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi, get_language_info

from aigov.core.translation import pick

register = template.Library()


@register.filter
def translated(values: dict[str, str] | None) -> SafeString:
    """Render a translated field; text in a fallback language carries its own lang and dir."""
    chosen = pick(values)
    if not chosen.is_fallback:
        return format_html("{}", chosen.text)
    try:
        bidi = get_language_info(chosen.language)["bidi"]
    except KeyError:
        bidi = False
    direction = "rtl" if bidi else "ltr"
    if direction == ("rtl" if get_language_bidi() else "ltr"):
        return format_html('<span lang="{}">{}</span>', chosen.language, chosen.text)
    return format_html(
        '<span lang="{}" dir="{}">{}</span>', chosen.language, direction, chosen.text
    )


@register.filter
def translated_text(values: dict[str, str] | None) -> str:
    """Return the plain text of a translated field (for attributes and titles)."""
    return pick(values).text


@register.inclusion_tag("core/_demo_badge.html")
def demo_badge(record: Any) -> dict[str, Any]:
    return {"is_demo": bool(getattr(record, "is_demo", False))}
