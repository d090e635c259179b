from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.core.collation import sort_key
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
