"""The capacity module's dataset for `aigov export`: the catalogue (what the actor may see)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from aigov.capacity import readiness, selectors
from aigov.capacity.models import Offering, ReadinessAssessment
from aigov.core.exchange import Dataset, Exporter, register_dataset
from aigov.core.translation import pick

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
    "is_demo",
)


def _records(*, actor: Any) -> Any:
    return selectors.with_facets(selectors.offering_list(actor=actor))


def _row(offering: Offering) -> Mapping[str, Any]:
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
        "is_demo": offering.is_demo,
    }


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


def _assessments(*, actor: Any) -> Any:
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
    """The people-trained figures as rows; a suppressed cell (fewer than 5 people) is "<5"."""
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


def _report_records(*, actor: Any) -> list[dict[str, Any]]:
    return report_rows(selectors.people_trained(actor=actor))


def register() -> None:
    register_dataset(
        Dataset(
            slug="capacity-offerings",
            label=_("Training offerings"),
            exporter=Exporter(columns=COLUMNS, records=_records, row=_row),
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
            slug="capacity-people-trained",
            label=_("People trained (resolution 78/311 report)"),
            exporter=Exporter(columns=REPORT_COLUMNS, records=_report_records, row=dict),
        )
    )
