"""Form helpers shared by modules: one field per UN language for a translated content field,
lists typed as words, dates picked in the reader's calendar, and a service's refusal shown on
the form that caused it."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aigov.core.errors import DomainError, error_items, field_error


class DatePicker(forms.DateInput):
    """A date picker (`<input type="date">`): the browser shows and takes the date in its
    reader's own format and always sends it as YYYY-MM-DD.

    Its value is written as YYYY-MM-DD too, whatever the page's language: a localised value
    ("07/12/2026" in French) is one the browser refuses, so the field would show empty and an
    edit would silently clear the date.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    """Return a date field with a picker; it also takes YYYY-MM-DD (and the reader's own
    format) typed by hand, where a browser offers no picker."""
    return forms.DateField(label=label, required=required, widget=DatePicker(), **kwargs)


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


def require_some_language(form: forms.Form, prefix: str, message: Any) -> None:
    """In `clean()`: add `message` to the English field unless some language of `prefix` is set."""
    if not language_values(form.cleaned_data, prefix):
        form.add_error(f"{prefix}_en", message)


def words_of(value: Any) -> list[str]:
    """Split "fr, ar; en" into its words, in order, without repeats."""
    return list(dict.fromkeys(str(value or "").replace(",", " ").replace(";", " ").split()))


def show_service_errors(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Put a service's refusal on the form: beside each field it names, else above the form."""
    if isinstance(error, ValidationError):
        problems = error_items(error)
    else:
        problems = error.errors or [field_error(None, error.code, error.message)]
    for problem in problems:
        field = str(problem.get("field") or "").split(".")[0]
        form.add_error(field if field in form.fields else None, str(problem["message"]))


class DateInput(forms.DateInput):
    """The browser's own date picker, in the reader's locale; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    """The audit log's filters: pick-lists of the people, modules and actions in the log."""

    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    module = forms.ChoiceField(label=_("Module"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(
        self,
        data: Any,
        *,
        people: list[tuple[int, str]],
        modules: list[tuple[str, str]],
        actions: list[tuple[str, list[tuple[str, str]]]],
    ) -> None:
        super().__init__(data)
        choices: dict[str, list[Any]] = {
            "person": [("", _("Everyone")), *((str(pk), name) for pk, name in people)],
            "module": [("", _("Every module")), *modules],
            "action": [("", _("Every action")), *actions],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return cleaned
