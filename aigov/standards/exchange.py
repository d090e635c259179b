"""The standards dataset for `aigov import` and `aigov export` (CSV, XLSX, JSON).

Its columns are those of data/reference/standards.csv (plus `risk_areas`, `sdgs` and, on
export, `is_demo`), so that file itself imports, and an export re-imports unchanged. Rows are
matched by `reference`; writes go through aigov.standards.services as the importing actor.
"""

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts import services as account_services
from aigov.accounts.access import Actor
from aigov.accounts.models import Organisation
from aigov.accounts.selectors import organisation_list
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.standards import selectors, services
from aigov.standards.models import (
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    AssessmentTool,
    GapProposal,
    Standard,
)
from aigov.standards.reference import CSV_STATUSES, split_tags, vocabulary
from aigov.taxonomy.models import Confidence

COLUMNS = (
    "sdo",
    "reference",
    "title",
    "status",
    "year",
    "doc_type",
    "topics",
    "lifecycle_stages",
    "risk_areas",
    "sdgs",
    "measures_or_evaluates",
    "summary_en",
    "url",
    "confidence",
    "source_note",
)
STATUS_NAMES: dict[str, str] = {str(value): name for name, value in CSV_STATUSES.items()}


class StandardRow(forms.Form):
    """One row of a standards file (the columns of standards.csv)."""

    sdo = forms.CharField(max_length=300, help_text=gettext_lazy("Name of the standards body."))
    reference = forms.CharField(
        max_length=200, help_text=gettext_lazy("Reference, such as ISO/IEC 42001:2023.")
    )
    title = forms.CharField(max_length=TITLE_LENGTH, help_text=gettext_lazy("Title in English."))
    status = forms.CharField(
        help_text=gettext_lazy("proposal, under development, published, revised or withdrawn.")
    )
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=gettext_lazy("Year of publication."),
    )
    doc_type = forms.CharField(
        required=False, max_length=120, help_text=gettext_lazy("Document type.")
    )
    topics = forms.CharField(
        required=False, help_text=gettext_lazy("Topics, separated by semicolons.")
    )
    lifecycle_stages = forms.CharField(
        required=False,
        help_text=gettext_lazy("ISO/IEC 22989 lifecycle stages, separated by semicolons."),
    )
    risk_areas = forms.CharField(
        required=False, help_text=gettext_lazy("Risk areas (slugs), separated by semicolons.")
    )
    sdgs = forms.CharField(
        required=False, help_text=gettext_lazy("SDG numbers, separated by semicolons.")
    )
    measures_or_evaluates = forms.CharField(
        required=False,
        help_text=gettext_lazy("yes if it defines measurement or evaluation methods."),
    )
    summary_en = forms.CharField(
        required=False, max_length=SUMMARY_LENGTH, help_text=gettext_lazy("Summary in English.")
    )
    url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text=gettext_lazy("Link.")
    )
    confidence = forms.CharField(required=False, help_text=gettext_lazy("high, medium or unknown."))
    source_note = forms.CharField(
        required=False, help_text=gettext_lazy("Where the row comes from.")
    )

    def clean_status(self) -> str:
        value = str(self.cleaned_data["status"]).strip().lower()
        status = CSV_STATUSES.get(value) or CSV_STATUSES.get(value.replace("_", " "))
        if status is None:
            raise ValidationError(
                _("%(value)s is not a status; use one of: %(statuses)s."),
                code="invalid_choice",
                params={"value": value, "statuses": ", ".join(CSV_STATUSES)},
            )
        return str(status)

    def clean_measures_or_evaluates(self) -> bool:
        value = str(self.cleaned_data.get("measures_or_evaluates") or "no").strip().lower()
        if value not in {"yes", "no"}:
            raise ValidationError(_("Write yes or no."), code="invalid")
        return value == "yes"

    def clean_confidence(self) -> str:
        value = str(self.cleaned_data.get("confidence") or "high").strip().lower()
        if value not in Confidence.values:
            raise ValidationError(
                _("%(value)s is not a confidence level; use one of: %(levels)s."),
                code="invalid_choice",
                params={"value": value, "levels": ", ".join(Confidence.values)},
            )
        return value

    def _tags(self, column: str, known: dict[str, Any], what: str) -> list[Any]:
        found, unknown = [], []
        for tag in split_tags(str(self.cleaned_data.get(column) or "")):
            if tag in known:
                found.append(known[tag])
            else:
                unknown.append(tag)
        if unknown:
            raise ValidationError(
                _("Unknown %(what)s: %(tags)s."),
                code="unknown_tag",
                params={"what": what, "tags": ", ".join(unknown)},
            )
        return found

    def clean_topics(self) -> list[Any]:
        return self._tags("topics", vocabulary().topics, _("topic"))

    def clean_lifecycle_stages(self) -> list[Any]:
        return self._tags("lifecycle_stages", vocabulary().stages, _("lifecycle stage"))

    def clean_risk_areas(self) -> list[Any]:
        return self._tags("risk_areas", vocabulary().risk_areas, _("risk area"))

    def clean_sdgs(self) -> list[Any]:
        return self._tags("sdgs", vocabulary().sdgs, _("SDG"))


_FIELD_OF_COLUMN = {
    "title": "titles",
    "year": "year",
    "doc_type": "doc_type",
    "measures_or_evaluates": "has_measurement_methods",
    "summary_en": "summaries",
    "url": "url",
    "confidence": "confidence",
    "source_note": "source",
}


def _body(actor: Actor, name: str) -> Organisation:
    existing = organisation_list(actor=actor).filter(name=name, country__isnull=True).first()
    if existing is not None:
        return existing
    return account_services.organisation_create(actor=actor, name=name, kind=Organisation.Kind.SDO)


def standard_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Create or update the standard of one row, its tags and (if changed) status; say which."""
    body = _body(actor, values["sdo"])
    fields: dict[str, Any] = {"body": body}
    for column, field in _FIELD_OF_COLUMN.items():
        if column not in values:
            continue
        value = values[column]
        if column == "title":
            value = {"en": value}
        elif column == "summary_en":
            value = {"en": value} if value else {}
        elif value is None and column != "year":
            value = ""
        fields[field] = value
    tags = {name: values[name] for name in services.TAG_FIELDS if name in values}
    existing = selectors.standard_list(actor=actor).filter(reference=values["reference"]).first()
    if existing is None:
        services.standard_register(
            actor=actor,
            reference=values["reference"],
            status=values["status"],
            tags=tags,
            **fields,
        )
        return Outcome.CREATED
    if "titles" in fields:
        fields["titles"] = {**existing.titles, **fields["titles"]}
    if "summaries" in fields:
        fields["summaries"] = {**existing.summaries, **fields["summaries"]}
    changed = services.standard_update(actor=actor, standard=existing, tags=tags, **fields)
    if existing.status != values["status"]:
        services.standard_change_status(
            actor=actor, standard=existing, status=values["status"], note=_("Imported.")
        )
        changed = True
    return Outcome.UPDATED if changed else Outcome.UNCHANGED


def standard_export_row(standard: Standard) -> dict[str, Any]:
    """Return the columns of one standard, tags written as in standards.csv."""
    return {
        "sdo": standard.body.name,
        "reference": standard.reference,
        "title": standard.titles.get("en", ""),
        "status": STATUS_NAMES[standard.status],
        "year": standard.year if standard.year is not None else "",
        "doc_type": standard.doc_type,
        "topics": ";".join(t.names.get("en", t.slug) for t in standard.topics.all()),
        "lifecycle_stages": ";".join(
            s.names.get("en", s.slug) for s in standard.lifecycle_stages.all()
        ),
        "risk_areas": ";".join(a.slug for a in standard.risk_areas.all()),
        "sdgs": ";".join(str(g.number) for g in standard.sdgs.all()),
        "measures_or_evaluates": "yes" if standard.has_measurement_methods else "no",
        "summary_en": standard.summaries.get("en", ""),
        "url": standard.url,
        "confidence": standard.confidence,
        "source_note": standard.source,
        "is_demo": standard.is_demo,
    }


def standards_visible_to(*, actor: Actor) -> Any:
    return selectors.standard_list(actor=actor)


GAP_COLUMNS = (
    "id",
    "title",
    "rationale",
    "evidence",
    "topic",
    "risk_area",
    "lifecycle_stage",
    "proposed_by",
    "proposed_at",
    "endorsements",
)


def gap_export_row(gap: GapProposal) -> dict[str, Any]:
    """Return the columns of one gap proposal; tags by slug, its endorsement count."""
    return {
        "id": gap.pk,
        "title": gap.title,
        "rationale": gap.rationale,
        "evidence": gap.evidence,
        "topic": gap.topic_id or "",
        "risk_area": gap.risk_area_id or "",
        "lifecycle_stage": gap.lifecycle_stage.slug if gap.lifecycle_stage else "",
        "proposed_by": str(gap.author),
        "proposed_at": gap.created_at.isoformat(),
        "endorsements": getattr(gap, "endorsement_count", 0),
    }


TOOL_COLUMNS = (
    "slug",
    "name",
    "provider",
    "kind",
    "url",
    "languages",
    "licence",
    "summary_en",
    "standards",
)


class AssessmentToolRow(forms.Form):
    """One row of a self-assessment tools file."""

    slug = forms.SlugField(max_length=100, help_text=gettext_lazy("Identifier, such as my-tool."))
    name = forms.CharField(max_length=300, help_text=gettext_lazy("Name of the tool."))
    provider = forms.CharField(max_length=300, help_text=gettext_lazy("Who provides it."))
    kind = forms.ChoiceField(
        choices=AssessmentTool.Kind.choices,
        help_text=gettext_lazy("checklist, test_suite, questionnaire or software."),
    )
    url = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text=gettext_lazy("Link.")
    )
    languages = forms.CharField(
        required=False,
        help_text=gettext_lazy("BCP 47 tags of its languages, separated by semicolons."),
    )
    licence = forms.CharField(required=False, max_length=200, help_text=gettext_lazy("Licence."))
    summary_en = forms.CharField(
        required=False, max_length=SUMMARY_LENGTH, help_text=gettext_lazy("Summary in English.")
    )
    standards = forms.CharField(
        required=False,
        help_text=gettext_lazy("References of the standards it covers, separated by semicolons."),
    )

    def clean_languages(self) -> list[str]:
        tags, unknown = services.language_tags(
            split_tags(str(self.cleaned_data.get("languages") or ""))
        )
        if unknown:
            raise ValidationError(
                _("Unknown language tags: %(tags)s."),
                code="unknown_language",
                params={"tags": ", ".join(unknown)},
            )
        return tags

    def clean_standards(self) -> list[Standard]:
        references = split_tags(str(self.cleaned_data.get("standards") or ""))
        found = {
            standard.reference: standard
            for standard in selectors.standard_list(actor=AnonymousUser()).filter(
                reference__in=references
            )
        }
        missing = [reference for reference in references if reference not in found]
        if missing:
            raise ValidationError(
                _("Unknown standards: %(references)s."),
                code="unknown_standard",
                params={"references": ", ".join(missing)},
            )
        return [found[reference] for reference in references]


def tool_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Create or update the tool of one row by its slug; say which."""
    fields = {
        name: values[name]
        for name in ("name", "provider", "kind", "url", "languages", "licence")
        if name in values
    }
    if "url" in fields and fields["url"] is None:
        fields["url"] = ""
    standards = values.get("standards")
    existing = selectors.assessment_tool_list(actor=actor).filter(slug=values["slug"]).first()
    if "summary_en" in values:
        summary = values["summary_en"]
        base = existing.summaries if existing is not None else {}
        fields["summaries"] = (
            {**base, "en": summary} if summary else {k: v for k, v in base.items() if k != "en"}
        )
    if existing is None:
        services.assessment_tool_register(
            actor=actor, slug=values["slug"], standards=standards or [], **fields
        )
        return Outcome.CREATED
    changed = services.assessment_tool_update(
        actor=actor, tool=existing, standards=standards, **fields
    )
    return Outcome.UPDATED if changed else Outcome.UNCHANGED


def tool_export_row(tool: AssessmentTool) -> dict[str, Any]:
    """Return the columns of one tool; its standards by reference."""
    return {
        "slug": tool.slug,
        "name": tool.name,
        "provider": tool.provider,
        "kind": tool.kind,
        "url": tool.url,
        "languages": ";".join(tool.languages),
        "licence": tool.licence,
        "summary_en": tool.summaries.get("en", ""),
        "standards": ";".join(standard.reference for standard in tool.standards.all()),
        "is_demo": tool.is_demo,
    }


def tools_visible_to(*, actor: Actor) -> Any:
    return selectors.assessment_tool_list(actor=actor)


def register() -> None:
    register_dataset(
        Dataset(
            slug="standard-tools",
            label=gettext_lazy("Self-assessment tools for AI standards"),
            importer=Importer(form=AssessmentToolRow, apply=tool_import_row, natural_key=("slug",)),
            exporter=Exporter(
                columns=(*TOOL_COLUMNS, "is_demo"), records=tools_visible_to, row=tool_export_row
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="standard-gaps",
            label=gettext_lazy("Proposed gaps in AI standards"),
            exporter=Exporter(
                columns=GAP_COLUMNS, records=selectors.gap_proposal_list, row=gap_export_row
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="standards",
            label=gettext_lazy("AI standards"),
            importer=Importer(
                form=StandardRow, apply=standard_import_row, natural_key=("reference",)
            ),
            exporter=Exporter(
                columns=(*COLUMNS, "is_demo"), records=standards_visible_to, row=standard_export_row
            ),
        )
    )
