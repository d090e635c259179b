"""Compute figures for the report resolution 78/311 asks for (the capacity report's compute
section): the federation's capacity, its allocations, usage by income group and region, and the
time-critical uses. Aggregates over every record, for readers of that report only."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from aigov.accounts.access import Actor, require
from aigov.compute.models import (
    PERIOD_MONTHS,
    Allocation,
    AllocationRequest,
    Movement,
    Period,
    Priority,
    Resource,
    Unit,
)
from aigov.compute.selectors.usage import UsageRow, usage_by


@dataclass(frozen=True)
class CapacityRow:
    unit: str
    resources: int
    nodes: int
    countries: int
    per_month: Decimal  # capacity per month, whatever period each resource is counted in


@dataclass(frozen=True)
class AllocationRow:
    unit: str
    allocations: int
    open_today: int
    granted: Decimal
    used: Decimal


@dataclass(frozen=True)
class TimeCriticalFigures:
    requested: int
    approved: int
    returned: int
    rejected: int
    pending: int
    decided_in_time: int  # decided before the review deadline the node set
    decided_late: int
    used: dict[str, Decimal] = field(default_factory=dict)  # units used, by unit


@dataclass(frozen=True)
class ComputeReport:
    capacity: list[CapacityRow]
    allocations: list[AllocationRow]
    usage_by_income_group: dict[str, list[UsageRow]]  # by unit, units with usage only
    usage_by_region: dict[str, list[UsageRow]]
    time_critical: TimeCriticalFigures


def _capacity() -> list[CapacityRow]:
    resources = Resource.objects.filter(is_active=True)
    per_month: dict[str, Decimal] = defaultdict(Decimal)
    for unit, capacity, period in resources.values_list("unit", "capacity", "period"):
        per_month[unit] += capacity / PERIOD_MONTHS[Period(period)]
    counts = (
        resources.values("unit")
        .annotate(
            resources=Count("pk"),
            nodes=Count("node", distinct=True),
            countries=Count("node__country", distinct=True),
        )
        .order_by()
    )
    rows = {
        row["unit"]: CapacityRow(
            row["unit"], row["resources"], row["nodes"], row["countries"], per_month[row["unit"]]
        )
        for row in counts
    }
    return [rows[unit] for unit in Unit.values if unit in rows]


def _allocations(today: date) -> list[AllocationRow]:
    counts = {
        row["resource__unit"]: row
        for row in Allocation.objects.values("resource__unit")
        .annotate(
            allocations=Count("pk"),
            open_today=Count("pk", filter=Q(starts_on__lte=today, ends_on__gte=today)),
        )
        .order_by()
    }
    totals = {
        row["unit"]: row
        for row in Movement.objects.annotate(unit=F("allocation__resource__unit"))
        .values("unit")
        .annotate(
            granted=Sum("units", filter=Q(kind=Movement.Kind.GRANT)),
            used=Sum("units", filter=Q(kind__in=[Movement.Kind.CHARGE, Movement.Kind.REFUND])),
        )
        .order_by()
    }
    rows = []
    for unit in Unit.values:
        if unit not in counts:
            continue
        total = totals.get(unit, {})
        rows.append(
            AllocationRow(
                unit,
                counts[unit]["allocations"],
                counts[unit]["open_today"],
                Decimal(total.get("granted") or 0),
                -Decimal(total.get("used") or 0),
            )
        )
    return rows


def _usage(dimension: str) -> dict[str, list[UsageRow]]:
    by_unit = {unit: usage_by(dimension=dimension, unit=unit) for unit in Unit.values}
    return {unit: rows for unit, rows in by_unit.items() if rows}


def _time_critical() -> TimeCriticalFigures:
    status = AllocationRequest.Status
    requests = AllocationRequest.objects.filter(priority=Priority.TIME_CRITICAL)
    figures = requests.aggregate(
        requested=Count("pk"),
        approved=Count("pk", filter=Q(status=status.APPROVED)),
        returned=Count("pk", filter=Q(status=status.RETURNED)),
        rejected=Count("pk", filter=Q(status=status.REJECTED)),
        pending=Count("pk", filter=Q(status=status.SUBMITTED)),
        decided_in_time=Count(
            "pk", filter=Q(decided_at__isnull=False, decided_at__lte=F("review_due_at"))
        ),
        decided_late=Count(
            "pk", filter=Q(decided_at__isnull=False, decided_at__gt=F("review_due_at"))
        ),
    )
    used = (
        Movement.objects.filter(
            allocation__priority=Priority.TIME_CRITICAL,
            kind__in=[Movement.Kind.CHARGE, Movement.Kind.REFUND],
        )
        .values_list("allocation__resource__unit")
        .annotate(total=Sum("units"))
        .order_by()
    )
    return TimeCriticalFigures(
        **figures, used={unit: -Decimal(total or 0) for unit, total in used if total}
    )


def compute_report(*, actor: Actor, today: date) -> ComputeReport:
    """The compute figures of the 78/311 report, as of `today`, for a reader of that report
    (the capacity module's `capacity.view_report`); raise NotAllowed for anyone else."""
    require(actor, "capacity.view_report")
    return ComputeReport(
        capacity=_capacity(),
        allocations=_allocations(today),
        usage_by_income_group=_usage("income_group"),
        usage_by_region=_usage("region"),
        time_critical=_time_critical(),
    )
