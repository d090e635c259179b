"""The compute landscape (public): the newest imported TOP500 list by country, UN regional group
and World Bank income group, beside the capacity the federation's nodes offer in each."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from aigov.compute.models import PERIOD_MONTHS, Period, Resource, Top500Edition, Top500System
from aigov.core.models import choice_labels
from aigov.taxonomy.models import IncomeGroup, RegionalGroup
from aigov.taxonomy.selectors import country_list

# The country's field that groups it, per dimension.
FIELDS = {"country": "iso3", "region": "regional_group", "income_group": "income_group"}
TOP = 100  # HLAB para. 134 speaks of the top 100


@dataclass(frozen=True)
class LandscapeRow:
    key: str
    label: str
    systems: int
    top: int  # systems in the list's first hundred
    rmax_tflops: Decimal
    gpu_hours: Decimal  # the federation's capacity a month
    core_hours: Decimal

    @property
    def rmax_pflops(self) -> Decimal:
        return self.rmax_tflops / 1000


@dataclass(frozen=True)
class Landscape:
    edition: Top500Edition | None
    dimensions: dict[str, list[LandscapeRow]]


def _labels(dimension: str, keys: set[str]) -> dict[str, str]:
    if dimension == "country":
        return {c.iso3: c.name for c in country_list().filter(iso3__in=keys)}
    choices = IncomeGroup if dimension == "income_group" else RegionalGroup
    known = [key for key in keys if key]
    return dict(zip(known, choice_labels(known, choices), strict=True))


def _federation(dimension: str) -> dict[str, dict[str, Decimal]]:
    capacity: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = Resource.objects.filter(is_active=True, node__country__isnull=False).values_list(
        f"node__country__{FIELDS[dimension]}", "unit", "capacity", "period"
    )
    for key, unit, amount, period in rows:
        capacity[key or ""][unit] += amount / PERIOD_MONTHS[Period(period)]
    return capacity


def compute_landscape(*, edition: str = "") -> Landscape:
    """Return the landscape of list `edition` (by default the newest imported), or of none."""
    editions = Top500Edition.objects.all()
    listed = (editions.filter(edition=edition) if edition else editions).first()
    dimensions: dict[str, list[LandscapeRow]] = {}
    for dimension, field in FIELDS.items():
        systems: dict[str, dict[str, Any]] = {}
        if listed is not None:
            totals = (
                Top500System.objects.filter(edition=listed)
                .values(key=F(f"country__{field}"))
                .annotate(
                    systems=Count("pk"),
                    top=Count("pk", filter=Q(rank__lte=TOP)),
                    rmax=Sum("rmax_tflops"),
                )
                .order_by()
            )
            systems = {str(row["key"] or ""): row for row in totals}
        federation = _federation(dimension)
        keys = set(systems) | set(federation)
        labels = _labels(dimension, keys)
        rows = [
            LandscapeRow(
                key=key,
                label=labels.get(key, key),
                systems=int(systems.get(key, {}).get("systems") or 0),
                top=int(systems.get(key, {}).get("top") or 0),
                rmax_tflops=Decimal(systems.get(key, {}).get("rmax") or 0),
                gpu_hours=federation.get(key, {}).get("gpu_hour", Decimal(0)),
                core_hours=federation.get(key, {}).get("core_hour", Decimal(0)),
            )
            for key in keys
        ]
        dimensions[dimension] = sorted(
            rows, key=lambda row: (-row.rmax_tflops, -row.gpu_hours, row.label)
        )
    return Landscape(edition=listed, dimensions=dimensions)
