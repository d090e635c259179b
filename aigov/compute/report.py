"""Shared compute's section of the report for resolution 78/311 (the capacity module's report):
the federation's capacity, its allocations, usage by income group and UN regional group, and
the time-critical uses (disaster response, epidemics), each counted publicly."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.capacity.selectors import ReportSection, ReportTable, register_report_section
from aigov.compute import charts, selectors
from aigov.compute.models import Unit
from aigov.compute.selectors import ComputeReport
from aigov.core.charts import format_decimal


def _number(value: Decimal) -> str:
    return format_decimal(value, 2)


def _unit(unit: str) -> str:
    return str(Unit(unit).label)


def _usage_tables(key: str, title: str, by_unit: dict) -> list[ReportTable]:
    tables = []
    for unit, rows in by_unit.items():
        heading = _("%(title)s (%(unit)s)") % {"title": title, "unit": _unit(unit)}
        tables.append(
            ReportTable(
                key=f"compute-{key}-{unit}",
                title=heading,
                columns=[_("Group"), _("Units used")],
                rows=[[row.label or _("Not known"), _number(row.units)] for row in rows],
                chart=charts.usage_bars(rows, title=heading),
            )
        )
    return tables or [
        ReportTable(
            key=f"compute-{key}",
            title=title,
            columns=[_("Group"), _("Units used")],
            rows=[],
            empty=_("No usage yet."),
        )
    ]


def section_from(figures: ComputeReport) -> ReportSection:
    critical = figures.time_critical
    tables = [
        ReportTable(
            key="compute-capacity",
            title=_("The federation's capacity"),
            columns=[_("Unit"), _("Resources"), _("Nodes"), _("Countries"), _("Per month")],
            rows=[
                [
                    _unit(row.unit),
                    str(row.resources),
                    str(row.nodes),
                    str(row.countries),
                    _number(row.per_month),
                ]
                for row in figures.capacity
            ],
            empty=_("No node offers compute yet."),
        ),
        ReportTable(
            key="compute-allocations",
            title=_("Allocations"),
            columns=[_("Unit"), _("Allocations"), _("Open today"), _("Granted"), _("Used")],
            rows=[
                [
                    _unit(row.unit),
                    str(row.allocations),
                    str(row.open_today),
                    _number(row.granted),
                    _number(row.used),
                ]
                for row in figures.allocations
            ],
            empty=_("No allocation yet."),
        ),
        *_usage_tables(
            "income", _("Usage by World Bank income group"), figures.usage_by_income_group
        ),
        *_usage_tables("region", _("Usage by UN regional group"), figures.usage_by_region),
        ReportTable(
            key="compute-time-critical",
            title=_("Time-critical uses"),
            columns=[_("Figure"), _("Value")],
            rows=[
                [_("Requests"), str(critical.requested)],
                [_("Approved"), str(critical.approved)],
                [_("Returned for changes"), str(critical.returned)],
                [_("Rejected"), str(critical.rejected)],
                [_("Awaiting a decision"), str(critical.pending)],
                [_("Decided before the review deadline"), str(critical.decided_in_time)],
                [_("Decided after the review deadline"), str(critical.decided_late)],
                *(
                    [_("Used: %(unit)s") % {"unit": _unit(unit)}, _number(units)]
                    for unit, units in critical.used.items()
                ),
            ],
        ),
    ]
    return ReportSection(
        key="compute",
        title=_("Shared compute"),
        intro=_(
            "Compute the capacity development network's nodes share: what they offer, what was "
            "granted and used, by the income group and UN regional group of the projects' "
            "countries, and every time-critical use."
        ),
        tables=tables,
    )


def section(actor: Actor, today: date | None = None) -> ReportSection:
    figures = selectors.compute_report(actor=actor, today=today or timezone.localdate())
    return section_from(figures)


def register() -> None:
    register_report_section("compute", section, order=20)
