"""Input checks and helpers that the dialogue services share."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core import audit
from aigov.core.errors import ErrorItem, error_items, field_error
from aigov.core.search import index as search_index
from aigov.core.translation import TranslatedTextField, clean_translations
from aigov.taxonomy.models import Country


def _set_links(
    record: Any,
    *,
    incidents: Iterable[Any] | None = None,
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    reports: Iterable[Any] | None = None,
) -> dict[str, list[Any]]:
    """Set the links of an agenda item or practice; return them for the audit entry."""
    chosen_policies, chosen_standards = list(policies), list(standards)
    record.policies.set(chosen_policies)
    record.standards.set(chosen_standards)
    links: dict[str, list[Any]] = {
        "policies": [policy.slug for policy in chosen_policies],
        "standards": [standard.reference for standard in chosen_standards],
    }
    if incidents is not None:
        chosen_incidents = list(incidents)
        record.incidents.set(chosen_incidents)
        links["incidents"] = [incident.pk for incident in chosen_incidents]
    if reports is not None:
        chosen_reports = list(reports)
        record.reports.set(chosen_reports)
        links["reports"] = [report.slug for report in chosen_reports]
    return links


def _refresh_later(*records: Any) -> None:
    def refresh() -> None:
        for record in records:
            search_index.refresh(record)

    transaction.on_commit(refresh)


def _countries(codes: Iterable[str], field: str, errors: list[ErrorItem]) -> list[Country]:
    wanted = [str(code).strip().upper() for code in codes if str(code).strip()]
    found = {country.iso3: country for country in Country.objects.filter(iso3__in=wanted)}
    errors.extend(
        field_error(
            field,
            "unknown_country",
            _("%(code)s is not a known ISO 3166-1 alpha-3 country code.") % {"code": code},
        )
        for code in wanted
        if code not in found
    )
    return [found[code] for code in dict.fromkeys(wanted) if code in found]


def _clean(record: Any, errors: list[ErrorItem], exclude: list[str] | None = None) -> None:
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as invalid:
        errors.extend(error_items(invalid))


def _translated(
    model: type[Model], field: str, values: object, errors: list[ErrorItem]
) -> dict[str, str]:
    """Return `values` (language code to text) for the translated `field` of `model`, cleaned by
    `clean_translations` with the field's length and whether it may be empty; add an error item
    for each problem (an unknown language, a text too long, none given where one is needed)."""
    translated = model._meta.get_field(field)
    if not isinstance(translated, TranslatedTextField):
        raise TypeError(f"{model.__name__}.{field} is not a translated text field.")
    try:
        return clean_translations(
            values,
            max_length=translated.text_max_length,
            field=field,
            required=not translated.blank,
        )
    except ValidationError as invalid:
        errors.extend(error_items(invalid))
        return {}


def _refuse_nulls(values: dict[str, Any], fields: Iterable[str], errors: list[ErrorItem]) -> None:
    """Leave out of `values` each of `fields` given as None, adding an error naming it: these
    fields cannot be emptied by a change (a null list of countries once raised a TypeError)."""
    for field in fields:
        if field in values and values[field] is None:
            del values[field]
            errors.append(
                field_error(
                    field,
                    "null",
                    _("%(field)s cannot be null: give a value, or leave it out to keep it.")
                    % {"field": field},
                )
            )


def _delete(actor: Actor, record: Any, action: str) -> None:
    before = audit.snapshot(record)
    audit.record(actor=actor, action=action, obj=record, before=before)
    record.delete()
