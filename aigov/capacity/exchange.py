"""The capacity module's dataset for `aigov export`: the catalogue (what the actor may see)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from aigov.capacity import selectors
from aigov.capacity.models import Offering
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


def register() -> None:
    register_dataset(
        Dataset(
            slug="capacity-offerings",
            label=_("Training offerings"),
            exporter=Exporter(columns=COLUMNS, records=_records, row=_row),
        )
    )
