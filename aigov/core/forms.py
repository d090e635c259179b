"""Form helpers shared by modules: one field per UN language for a translated content field."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def add_language_fields(
    form: forms.Form,
    prefix: str,
    label: Any,
    *,
    long: bool = False,
    initial: Any = None,
    max_length: int | None = None,
) -> None:
    """Add one field per UN language (`<prefix>_<code>`), filled from a {code: text} dict."""
    for code, name in settings.LANGUAGES:
        field_name = f"{prefix}_{code.replace('-', '_')}"
        widget = forms.Textarea(attrs={"rows": 4, "lang": code}) if long else None
        field = forms.CharField(
            label=_("%(what)s (%(language)s)") % {"what": label, "language": name},
            required=False,
            max_length=max_length or (50000 if long else 300),
            widget=widget or forms.TextInput(attrs={"lang": code}),
        )
        form.fields[field_name] = field
        if initial:
            form.initial.setdefault(field_name, initial.get(code, ""))


def language_values(cleaned: dict[str, Any], prefix: str) -> dict[str, str]:
    """Return the {code: text} of the per-language fields `prefix`, leaving out empty ones."""
    values = {}
    for code, _name in settings.LANGUAGES:
        text = str(cleaned.get(f"{prefix}_{code.replace('-', '_')}") or "").strip()
        if text:
            values[code] = text
    return values
