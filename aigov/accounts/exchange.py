"""The accounts module's datasets for `aigov import` and `aigov export`: organisations.

Organisations are matched by their natural key, name and country, so importing the same file
twice changes nothing; writes go through `aigov.accounts.services` as the importing actor.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts import selectors, services
from aigov.accounts.models import Organisation
from aigov.core.errors import NotFound
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.taxonomy.selectors import country_get_by_code


def _kinds_help() -> str:
    return _("One of: %(kinds)s.") % {"kinds": ", ".join(Organisation.Kind.values)}


class OrganisationRow(forms.Form):
    """One row of an organisations file."""

    name = forms.CharField(max_length=300, help_text=gettext_lazy("The organisation's name."))
    kind = forms.CharField(help_text=lazy(_kinds_help, str)())
    country = forms.CharField(
        required=False,
        help_text=gettext_lazy("ISO 3166-1 alpha-3 code, such as KEN; empty if none."),
    )
    website = forms.URLField(
        required=False, assume_scheme="https", help_text=gettext_lazy("Address of its website.")
    )

    def clean_kind(self) -> str:
        kind = str(self.cleaned_data["kind"]).strip().lower()
        if kind not in Organisation.Kind.values:
            raise ValidationError(
                _("%(value)s is not a kind of organisation; use one of: %(kinds)s."),
                code="invalid_choice",
                params={"value": kind, "kinds": ", ".join(Organisation.Kind.values)},
            )
        return kind

    def clean_country(self) -> str | None:
        code = str(self.cleaned_data["country"]).strip().upper()
        if not code:
            return None
        if len(code) != 3:
            raise ValidationError(
                _("%(value)s is not an ISO 3166-1 alpha-3 code; use three letters, such as KEN."),
                code="invalid",
                params={"value": code},
            )
        try:
            return country_get_by_code(code=code).iso3
        except NotFound as missing:
            raise ValidationError(
                _("%(code)s is not a known country code."),
                code="unknown_country",
                params={"code": code},
            ) from missing


def organisation_import_row(*, actor: Any, values: dict[str, Any]) -> Outcome:
    """Create the organisation of one row, or update its kind and website; return what happened."""
    country = values.get("country")
    existing = (
        selectors.organisation_list(actor=actor)
        .filter(name=values["name"], country_id=country)
        .first()
    )
    if existing is None:
        services.organisation_create(
            actor=actor,
            name=values["name"],
            kind=values["kind"],
            country=country,
            website=values.get("website", ""),
        )
        return Outcome.CREATED
    changes = {
        field: values[field]
        for field in ("kind", "website")
        if field in values and getattr(existing, field) != values[field]
    }
    if not changes:
        return Outcome.UNCHANGED
    services.organisation_update(actor=actor, organisation=existing, **changes)
    return Outcome.UPDATED


def organisation_export_row(organisation: Organisation) -> dict[str, Any]:
    """Return the columns of one organisation; `is_demo` marks generated ones."""
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country_id or "",
        "website": organisation.website,
        "is_demo": organisation.is_demo,
    }


def register() -> None:
    register_dataset(
        Dataset(
            slug="organisations",
            label=gettext_lazy("Organisations"),
            importer=Importer(
                form=OrganisationRow, apply=organisation_import_row, natural_key=("name", "country")
            ),
            exporter=Exporter(
                columns=("name", "kind", "country", "website", "is_demo"),
                records=selectors.organisation_list,
                row=organisation_export_row,
            ),
        )
    )
