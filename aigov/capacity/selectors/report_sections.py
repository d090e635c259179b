"""Sections other modules add to the report for resolution 78/311 (the people-trained report at
/capacity/report/): each registers a provider, asked with the reader once the capacity module
has checked that the reader may see the report (`capacity.view_report`)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aigov.accounts.access import Actor, require


@dataclass(frozen=True)
class ReportTable:
    key: str  # unique in the report: the HTML ids are made from it
    title: str
    columns: Sequence[str]  # the first heads the rows' labels
    rows: Sequence[Sequence[str]]  # formatted cells, the label first
    chart: Any = None  # the same figures drawn (str() gives the HTML), or None
    empty: str = ""  # what the table says when it has no rows


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    intro: str
    tables: Sequence[ReportTable]


Provider = Callable[[Actor], ReportSection]
_providers: dict[str, tuple[int, Provider]] = {}


def register_report_section(key: str, provider: Provider, *, order: int) -> None:
    """Add a module's section to the 78/311 report; sections come in `order`."""
    _providers[key] = (order, provider)


def report_sections(*, actor: Actor) -> list[ReportSection]:
    """Every module's section of the report, for a reader allowed to see it."""
    require(actor, "capacity.view_report")
    return [provider(actor) for _, provider in sorted(_providers.values(), key=lambda p: p[0])]
