"""The capacity module's datasets for `aigov import` and `aigov export`.

The catalogue (`capacity-offerings`) imports and exports: an export re-imports unchanged, rows
are matched by `slug`, a new slug creates an offering and a known one changes only the columns
the file has, through the services as the importing actor (so a node operator imports only
their own nodes' offerings). Readiness assessments, the people-trained report and library
collections export what the actor may see.
"""

import datetime
import zoneinfo
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.capacity import readiness, selectors, services
from aigov.capacity.models import Accessibility, Audience, Offering, ReadinessAssessment
from aigov.core.errors import InvalidInput, field_error
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.core.forms import words_of
from aigov.core.moments import check_time_zone, in_utc
from aigov.core.translation import pick
from aigov.taxonomy.models import IncomeGroup

COLUMNS = (
    "slug",
    "title_en",
    "kind",
    "provider",
    "node",
    "languages",
    "level",
    "audiences",
    "topics",
    "cost",
    "fee_amount",
    "fee_currency",
    "has_certificate",
    "starts_at",
    "time_zone",
    "seats",
    "description_en",
    "ends_at",
    "fee_waivers",
    "accessibility",
    "url",
    "is_government_track",
    "is_published",
    "is_demo",
)


def _records(*, actor: Actor) -> Any:
    return selectors.with_facets(selectors.offering_list(actor=actor))


def offering_row(offering: Offering) -> Mapping[str, Any]:
    return {
        "slug": offering.slug,
        "title_en": pick(offering.titles, "en").text,
        "kind": offering.kind,
        "provider": offering.provider.slug,
        "node": offering.node.slug if offering.node else "",
        "languages": " ".join(offering.language_tag_list()),
        "level": offering.level,
        "audiences": " ".join(offering.audience_list()),
        "topics": " ".join(offering.topic_slug_list()),
        "cost": offering.cost,
        "fee_amount": "" if offering.fee_amount is None else str(offering.fee_amount),
        "fee_currency": offering.fee_currency,
        "has_certificate": offering.has_certificate,
        "starts_at": offering.starts_at.isoformat() if offering.starts_at else "",
        "time_zone": offering.time_zone,
        "seats": "" if offering.seats is None else offering.seats,
        "description_en": pick(offering.descriptions, "en").text
        if "en" in offering.descriptions
        else "",
        "ends_at": offering.ends_at.isoformat() if offering.ends_at else "",
        "fee_waivers": " ".join(f"{g}:{n}" for g, n in sorted(offering.fee_waivers.items())),
        "accessibility": " ".join(offering.accessibility),
        "url": offering.url,
        "is_government_track": offering.is_government_track,
        "is_published": offering.is_published,
        "is_demo": offering.is_demo,
    }


def editable_offering_rows(*, actor: Actor) -> list[Mapping[str, Any]]:
    """The offerings `actor` may edit, as rows of the catalogue's columns (the import page's
    download: what a node operator may change and import back)."""
    editable = selectors.with_facets(selectors.scope_offerings_editable(actor=actor))
    return [offering_row(offering) for offering in editable.order_by("slug")]


def _choices_of(value: Any, known: list[str]) -> list[str]:
    """Split a cell into values, each of which must be one of `known`."""
    values = words_of(value)
    unknown = [item for item in values if item not in known]
    if unknown:
        raise forms.ValidationError(
            gettext("Unknown values %(unknown)s; use: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)},
            code="invalid_choice",
        )
    return values


class OfferingRow(forms.Form):
    """One row of a catalogue file (the export's columns; `is_demo` is ignored on import)."""

    slug = forms.SlugField(max_length=100, help_text=_("Identifies the offering."))
    title_en = forms.CharField(max_length=300, help_text=_("Title in English."))
    kind = forms.ChoiceField(choices=Offering.Kind.choices, help_text=_("Kind of offering."))
    provider = forms.SlugField(max_length=80, help_text=_("Slug of an existing provider."))
    node = forms.SlugField(
        max_length=80, required=False, help_text=_("Slug of the node responsible for it.")
    )
    languages = forms.CharField(help_text=_("BCP 47 tags separated by spaces."))
    level = forms.ChoiceField(choices=Offering.Level.choices, help_text=_("Level."))
    audiences = forms.CharField(required=False, help_text=_("Audiences separated by spaces."))
    topics = forms.CharField(required=False, help_text=_("Topic slugs separated by spaces."))
    cost = forms.ChoiceField(
        choices=Offering.Cost.choices, required=False, help_text=_("free or fee.")
    )
    fee_amount = forms.DecimalField(
        required=False, min_value=0, max_digits=10, decimal_places=2, help_text=_("Fee.")
    )
    fee_currency = forms.CharField(
        required=False, max_length=3, help_text=_("ISO 4217 currency code.")
    )
    has_certificate = forms.NullBooleanField(
        required=False, help_text=_("true if completion gives a credential.")
    )
    starts_at = forms.CharField(
        required=False, help_text=_("ISO 8601 date and time; without an offset, in time_zone.")
    )
    time_zone = forms.CharField(
        required=False, max_length=64, help_text=_("IANA time zone, e.g. Africa/Nairobi.")
    )
    seats = forms.IntegerField(required=False, min_value=1, help_text=_("Empty for no limit."))
    description_en = forms.CharField(required=False, help_text=_("Description in English."))
    ends_at = forms.CharField(required=False, help_text=_("ISO 8601 date and time."))
    fee_waivers = forms.CharField(
        required=False, help_text=_("Per income group, e.g. L:100 LM:50.")
    )
    accessibility = forms.CharField(
        required=False, help_text=_("Accessibility features separated by spaces.")
    )
    url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text=_("Link.")
    )
    is_government_track = forms.NullBooleanField(
        required=False, help_text=_("true for a government track.")
    )
    is_published = forms.NullBooleanField(
        required=False, help_text=_("false keeps it out of the public catalogue.")
    )

    def clean_languages(self) -> list[str]:
        tags = words_of(self.cleaned_data["languages"])
        if not tags:
            raise forms.ValidationError(gettext("Give at least one language."), code="required")
        return tags

    def clean_audiences(self) -> list[str]:
        return _choices_of(self.cleaned_data.get("audiences"), Audience.values)

    def clean_topics(self) -> list[str]:
        return words_of(self.cleaned_data.get("topics"))

    def clean_accessibility(self) -> list[str]:
        return _choices_of(self.cleaned_data.get("accessibility"), Accessibility.values)

    def clean_time_zone(self) -> str:
        return check_time_zone((self.cleaned_data.get("time_zone") or "").strip() or "UTC")

    def clean_fee_waivers(self) -> dict[str, int]:
        waivers: dict[str, int] = {}
        for part in words_of(self.cleaned_data.get("fee_waivers")):
            group, _sep, share = part.partition(":")
            if group not in IncomeGroup.values or not share.isdigit() or int(share) > 100:
                raise forms.ValidationError(
                    gettext(
                        "Write each waiver as an income group (L, LM, UM, H), a colon and a "
                        "whole percentage up to 100, e.g. L:100 LM:50; %(part)s is not one."
                    )
                    % {"part": part},
                    code="invalid",
                )
            waivers[group] = int(share)
        return waivers

    def clean_fee_currency(self) -> str:
        return (self.cleaned_data.get("fee_currency") or "").upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "UTC")
        for name in ("starts_at", "ends_at"):
            if name in cleaned:
                try:
                    cleaned[name] = _moment(cleaned[name], zone)
                except ValueError:
                    self.add_error(
                        name, gettext("Use an ISO 8601 date and time, e.g. 2031-05-04T09:00.")
                    )
        return cleaned


def _moment(value: str, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    text = str(value or "").strip()
    if not text:
        return None
    moment = datetime.datetime.fromisoformat(text)
    return in_utc(moment if moment.tzinfo is not None else moment.replace(tzinfo=zone))


def _offering_values(values: dict[str, Any]) -> dict[str, Any]:
    """The row's columns as the services' fields (only the columns the file has)."""
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if name == "title_en":
            fields["titles"] = {"en": value}
        elif name == "description_en":
            fields["descriptions"] = {"en": value} if value else {}
        elif name in {"has_certificate", "is_government_track", "is_published"}:
            if value is not None:
                fields[name] = value
        elif name == "cost":
            if value:
                fields[name] = value
        elif name not in {"slug", "provider", "node"}:
            fields[name] = value
    return fields


def _current(offering: Offering) -> dict[str, Any]:
    return {
        "titles": offering.titles,
        "descriptions": offering.descriptions,
        "kind": offering.kind,
        "level": offering.level,
        "languages": offering.language_tag_list(),
        "audiences": offering.audience_list(),
        "topics": offering.topic_slug_list(),
        "cost": offering.cost,
        "fee_amount": offering.fee_amount,
        "fee_currency": offering.fee_currency,
        "fee_waivers": offering.fee_waivers,
        "has_certificate": offering.has_certificate,
        "accessibility": offering.accessibility,
        "starts_at": offering.starts_at,
        "ends_at": offering.ends_at,
        "time_zone": offering.time_zone,
        "seats": offering.seats,
        "url": offering.url,
        "is_government_track": offering.is_government_track,
        "is_published": offering.is_published,
    }


def _same(current: dict[str, Any], fields: dict[str, Any]) -> bool:
    def plain(name: str, value: Any) -> Any:
        if name in {"languages", "audiences", "topics"}:
            return sorted(tag.lower() for tag in value)
        if name == "fee_amount" and value is not None:
            return Decimal(value).quantize(Decimal("0.01"))
        if name == "descriptions":
            return value.get("en", "")
        if name == "titles":
            return value.get("en", "")
        return value

    return all(
        plain(name, current.get(name)) == plain(name, value) for name, value in fields.items()
    )


def offering_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Create the offering of a new slug, or change the given columns of a known one."""
    fields = _offering_values(values)
    provider = selectors.provider_get(slug=values["provider"])  # a required column
    node: Any = False
    if "node" in values:
        node = selectors.node_get(slug=values["node"]) if values["node"] else None
    existing = selectors.offering_by_slug(slug=values["slug"])
    target = node if node is not False else (existing.node if existing else None)
    if not selectors.can_create_offering_in(actor=actor, node=target):
        # Named on the row, so that one row of another node's does not hide the file's others.
        raise InvalidInput(
            errors=[
                field_error(
                    "node",
                    "not_yours",
                    gettext("You may add offerings only to the nodes you operate."),
                )
            ]
        )
    if existing is None:
        languages, topics = fields.pop("languages"), fields.pop("topics", [])
        services.offering_create(
            actor=actor,
            slug=values["slug"],
            provider=provider,
            node=node or None,
            languages=languages,
            topics=topics,
            audiences=fields.pop("audiences", []),
            **fields,
        )
        return Outcome.CREATED
    if not selectors.can_change_offering(actor=actor, offering=existing):
        raise InvalidInput(
            errors=[
                field_error(
                    "slug",
                    "not_yours",
                    gettext("An offering with this slug exists and you may not change it."),
                )
            ]
        )
    same_place = provider.pk == existing.provider_id and (
        node is False or (node.pk if node else None) == existing.node_id
    )
    if same_place and _same(_current(existing), fields):
        return Outcome.UNCHANGED
    services.offering_update(
        actor=actor,
        offering=existing,
        languages=fields.pop("languages", None),
        topics=fields.pop("topics", None),
        audiences=fields.pop("audiences", None),
        provider=provider,
        node=node,
        **fields,
    )
    return Outcome.UPDATED


READINESS_COLUMNS = (
    "id",
    "country",
    "label",
    "instrument",
    "status",
    "submitted_at",
    "is_published",
    *(f"score_{d.code}" for d in readiness.INSTRUMENT.dimensions),
    "overall_score",
    "is_demo",
)


def _assessments(*, actor: Actor) -> Any:
    return selectors.assessment_list(actor=actor).order_by("country_id", "submitted_at", "pk")


def _assessment_row(assessment: ReadinessAssessment) -> Mapping[str, Any]:
    row: dict[str, Any] = {
        "id": assessment.pk,
        "country": assessment.country_id,
        "label": assessment.label,
        "instrument": assessment.instrument,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else "",
        "is_published": assessment.is_published,
        "overall_score": "" if assessment.overall_score is None else assessment.overall_score,
        "is_demo": assessment.is_demo,
    }
    for dimension in readiness.INSTRUMENT.dimensions:
        value = assessment.scores.get(dimension.code)
        row[f"score_{dimension.code}"] = "" if value is None else value
    return row


REPORT_COLUMNS = ("dimension", "group", "label", "people", "completions")


def report_rows(figures: selectors.PeopleTrained) -> list[dict[str, Any]]:
    """The people-trained figures as rows; a suppressed cell (1 to 4 people) is "<5", and
    nobody is 0."""
    hidden = f"<{selectors.SUPPRESS_BELOW}"
    rows: list[dict[str, Any]] = [
        {
            "dimension": "total",
            "group": "",
            "label": "",
            "people": hidden if figures.total_people is None else figures.total_people,
            "completions": hidden
            if figures.total_completions is None
            else figures.total_completions,
        }
    ]
    for cells in figures.cells.values():
        rows += [
            {
                "dimension": cell.dimension,
                "group": cell.value,
                "label": cell.label,
                "people": hidden if cell.people is None else cell.people,
                "completions": hidden if cell.completions is None else cell.completions,
            }
            for cell in cells
        ]
    return rows


# The downloads of the report page add the other modules' sections (compute's, ...) after the
# people-trained rows: one row per figure, in these added columns (`dimension` is the table's
# key, `label` the figure's row); the people-trained rows leave them empty.
SECTION_COLUMNS = ("section", "table", "column", "value")
REPORT_DOWNLOAD_COLUMNS = (*REPORT_COLUMNS, *SECTION_COLUMNS)


def report_download_rows(
    figures: selectors.PeopleTrained, sections: list[selectors.ReportSection]
) -> list[dict[str, Any]]:
    """The people-trained rows, then each section's figures, in REPORT_DOWNLOAD_COLUMNS."""
    rows = [{**row, **dict.fromkeys(SECTION_COLUMNS, "")} for row in report_rows(figures)]
    for section in sections:
        for table in section.tables:
            for cells in table.rows:
                rows += [
                    {
                        "dimension": table.key,
                        "group": "",
                        "label": cells[0],
                        "people": "",
                        "completions": "",
                        "section": section.key,
                        "table": table.title,
                        "column": column,
                        "value": value,
                    }
                    for column, value in zip(table.columns[1:], cells[1:], strict=False)
                ]
    return rows


def _report_records(*, actor: Actor) -> list[dict[str, Any]]:
    return report_rows(selectors.people_trained(actor=actor))


COLLECTION_ITEM_COLUMNS = (
    "position",
    "slug",
    "title",
    "kind",
    "provider",
    "languages",
    "topics",
    "audiences",
    "cost",
    "starts_at",
    "note",
    "url",
    "is_demo",
)


def collection_item_rows(items: list[Any], *, base: str) -> list[dict[str, Any]]:
    """The offerings of a collection as rows, in its order, each with its page's address."""
    return [
        {
            "position": number,
            "slug": item.offering.slug,
            "title": pick(item.offering.titles).text,
            "kind": item.offering.kind,
            "provider": item.offering.provider.slug,
            "languages": " ".join(item.offering.language_tag_list()),
            "topics": " ".join(item.offering.topic_slug_list()),
            "audiences": " ".join(item.offering.audience_list()),
            "cost": item.offering.cost,
            "starts_at": item.offering.starts_at.isoformat() if item.offering.starts_at else "",
            "note": item.note,
            "url": base.rstrip("/") + item.offering.get_absolute_url(),
            "is_demo": item.offering.is_demo,
        }
        for number, item in enumerate(items, start=1)
    ]


COLLECTION_COLUMNS = ("id", "title", "visibility", "items", "updated_at", "is_demo")


def _collections(*, actor: Actor) -> Any:
    return selectors.library_rows(actor=actor)


def _collection_row(collection: Any) -> Mapping[str, Any]:
    return {
        "id": collection.pk,
        "title": pick(collection.titles).text,
        "visibility": collection.visibility,
        "items": collection.item_count,
        "updated_at": collection.updated_at.isoformat(),
        "is_demo": collection.is_demo,
    }


def register() -> None:
    register_dataset(
        Dataset(
            slug="capacity-offerings",
            label=_("Training offerings"),
            exporter=Exporter(columns=COLUMNS, records=_records, row=offering_row),
            importer=Importer(form=OfferingRow, apply=offering_import_row, natural_key=("slug",)),
        )
    )
    register_dataset(
        Dataset(
            slug="capacity-readiness",
            label=_("Readiness assessments"),
            exporter=Exporter(columns=READINESS_COLUMNS, records=_assessments, row=_assessment_row),
        )
    )
    register_dataset(
        Dataset(
            slug="capacity-collections",
            label=_("Library collections"),
            exporter=Exporter(
                columns=COLLECTION_COLUMNS, records=_collections, row=_collection_row
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="capacity-people-trained",
            label=_("People trained (resolution 78/311 report)"),
            exporter=Exporter(columns=REPORT_COLUMNS, records=_report_records, row=dict),
        )
    )
