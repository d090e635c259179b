"""Usage totals by country, income group, region and node: public figures (every use is
counted publicly), summed from the charges and refunds on allocations' accounts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext

from aigov.compute.models import Movement
from aigov.core.models import choice_labels
from aigov.taxonomy.models import IncomeGroup, RegionalGroup

DIMENSIONS = {
    "country": "allocation__project__country_id",
    "income_group": "allocation__project__country__income_group",
    "region": "allocation__project__country__regional_group",
    "node": "allocation__resource__node__slug",
    # A project serving several goals counts its usage under each of them.
    "sdg": "allocation__project__sdg_targets__goal_id",
}


@dataclass(frozen=True)
class UsageRow:
    key: str
    label: str
    units: Decimal


def usage_by(
    *, dimension: str, unit: str, since: date | None = None, until: date | None = None
) -> list[UsageRow]:
    """Return the units of `unit` used (charged less refunded), by `dimension`, largest first,
    for charges recorded from `since` to `until` (inclusive; open when None)."""
    field = DIMENSIONS[dimension]
    movements = Movement.objects.filter(
        kind__in=[Movement.Kind.CHARGE, Movement.Kind.REFUND], allocation__resource__unit=unit
    )
    if since:
        movements = movements.filter(recorded_at__date__gte=since)
    if until:
        movements = movements.filter(recorded_at__date__lte=until)
    totals = movements.values_list(field).annotate(total=Sum("units")).order_by()
    rows = []
    for key, total in totals:
        if dimension == "sdg" and key is None:
            continue  # projects that name no SDG target
        label = str(key or "")
        if dimension == "income_group":
            label = choice_labels([key], IncomeGroup)[0] if key else ""
        elif dimension == "region":
            label = choice_labels([key], RegionalGroup)[0] if key else ""
        elif dimension == "sdg":
            label = gettext("SDG %(number)s") % {"number": key}
        rows.append(UsageRow(str(key or ""), label, -Decimal(total or 0)))
    return sorted(rows, key=lambda row: (-row.units, row.key))
