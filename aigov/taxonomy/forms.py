from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.core.collation import sort_key
from aigov.core.templatetags.aigov import language_name
from aigov.core.translation import pick
from aigov.taxonomy.models import IncomeGroup, RegionalGroup
from aigov.taxonomy.selectors import country_list, language_list


class CountryFilterForm(forms.Form):
    un_member = forms.TypedChoiceField(
        label=_("UN membership"),
        required=False,
        choices=[("", _("All")), ("true", _("UN Member States")), ("false", _("Others"))],
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    regional_group = forms.ChoiceField(
        label=_("UN regional group"),
        required=False,
        choices=[("", _("All")), *RegionalGroup.choices],
    )
    income_group = forms.ChoiceField(
        label=_("Income group"), required=False, choices=[("", _("All")), *IncomeGroup.choices]
    )


def by_name(choices: list[tuple[Any, str]]) -> list[tuple[Any, str]]:
    """Sort (value, name) choices by name, in the reader's order (ICU collation)."""
    key = sort_key()
    return sorted(choices, key=lambda choice: key(str(choice[1])))


def named_choices(records: Any, *, value: str = "slug") -> list[tuple[str, str]]:
    """Return (code, name in the reader's language) for records with translated `names`, by
    name: pick-lists of topics, providers, nodes ({record.<value>} is the code)."""
    return by_name(
        [
            (getattr(record, value), pick(record.names).text or getattr(record, value))
            for record in records
        ]
    )


def country_choices() -> list[tuple[str, str]]:
    """Return every country and other jurisdiction as (ISO alpha-3, name in the reader's
    language), by name: what filters offer instead of a code typed by hand."""
    # Only the two columns shown: a country row also holds every other spelling of its name.
    countries = country_list().only("iso3", "names")
    return by_name(
        [(country.iso3, pick(country.names).text or country.iso3) for country in countries]
    )


def language_choices() -> list[tuple[str, str]]:
    """Return the taxonomy's languages as (BCP 47 tag, name in the reader's language): the six
    UN languages first, then the others, each by name."""
    official: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for language in language_list():
        named = (language.tag, pick(language.names).text or language.tag)
        (official if language.is_un_official else others).append(named)
    return by_name(official) + by_name(others)


class CountryChoiceField(forms.ChoiceField):
    """A country picked by name from a list ("Any" first); its value is the ISO alpha-3 code.

    A code in lower case (as older links and hand-typed addresses have it) is accepted too.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=lambda: [("", _("Any")), *country_choices()], **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()

    def prepare_value(self, value: Any) -> Any:
        # The list shows the submitted code as picked, in whatever case the address had it.
        return value.strip().upper() if isinstance(value, str) else value


class LanguagesField(forms.MultipleChoiceField):
    """Several languages picked by name from the taxonomy (the six UN languages first); the
    values are BCP 47 tags. Replaces tags typed by hand ("fr ar")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(choices=language_choices, **kwargs)

    def keep(self, tags: list[str]) -> None:
        """Offer `tags` too (a record's own, e.g. fr-CA, which the taxonomy's list lacks), so
        that editing the record never drops one."""
        offered: list[tuple[Any, Any]] = list(self.choices)  # type: ignore[arg-type]
        known = {str(value) for value, _name in offered}
        extra = [(tag, language_name(tag)) for tag in tags if tag not in known]
        if extra:
            self.choices = [*offered, *extra]


class OptionalCountryField(forms.ChoiceField):
    """One country picked by name, or none ("—"); the value is the ISO alpha-3 code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=lambda: [("", "—"), *country_choices()], **kwargs)
        self.required = False

    def to_python(self, value: Any) -> str:
        # Older links and hand-typed addresses may give the code in lower case.
        return str(super().to_python(value)).strip().upper()
