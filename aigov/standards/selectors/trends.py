"""Reads for trends: standards by body and year, and the status pipeline."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidInput, field_error
from aigov.standards.models import Status
from aigov.standards.selectors.register import _standards_visible_to


@dataclass(frozen=True)
class BodyYearCounts:
    """Standards per body and year: the question of the HLAB report's Figure 13."""

    status: str
    years: list[int]
    bodies: list[tuple[int, str, int]]  # (body id, name, total), largest first
    counts: dict[int, dict[int, int]]  # body id -> year -> standards
    undated: int  # standards of this status without a year (not in the chart)

    def total_for_year(self, year: int) -> int:
        """Return the standards of all bodies in `year`."""
        return sum(by_year.get(year, 0) for by_year in self.counts.values())

    def table(self) -> dict[str, Any]:
        """Return the table beside the chart: rows (body, counts per year, total) and totals."""
        totals = [self.total_for_year(year) for year in self.years]
        return {
            "rows": [
                ((body_id, name), [self.counts[body_id].get(year, 0) for year in self.years], total)
                for body_id, name, total in self.bodies
            ],
            "totals": totals,
            "grand_total": sum(totals),
        }

    def as_json(self) -> dict[str, Any]:
        """Return the shape of /api/standards/trends/by-body-year."""
        return {
            "status": self.status,
            "years": self.years,
            "bodies": [
                {
                    "id": body_id,
                    "name": name,
                    "total": total,
                    "counts": {str(year): self.counts[body_id].get(year, 0) for year in self.years},
                }
                for body_id, name, total in self.bodies
            ],
            "totals": {str(year): self.total_for_year(year) for year in self.years},
            "undated": self.undated,
        }


def counts_by_body_and_year(*, actor: Actor, status: str = Status.PUBLISHED) -> BodyYearCounts:
    """Count the standards `actor` may see, in `status`, per body and year (HLAB Figure 13).

    Years run without gaps from the first to the last year counted; bodies are ordered by their
    total, largest first. Raise InvalidInput for an unknown status.
    """
    if status not in Status.values:
        raise InvalidInput(
            errors=[
                field_error(
                    "status",
                    "invalid_choice",
                    _("%(value)s is not a status; use one of: %(statuses)s.")
                    % {"value": status, "statuses": ", ".join(Status.values)},
                )
            ]
        )
    readable = _standards_visible_to(actor).filter(status=status)
    rows = list(
        readable.filter(year__isnull=False)
        .values_list("body_id", "body__name", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    names: dict[int, str] = {}
    for body_id, name, year, n in rows:
        counts.setdefault(body_id, {})[year] = n
        names[body_id] = name
    years_seen = [year for _b, _n, year, _c in rows]
    years = list(range(min(years_seen), max(years_seen) + 1)) if years_seen else []
    bodies = sorted(
        ((body_id, names[body_id], sum(by_year.values())) for body_id, by_year in counts.items()),
        key=lambda body: (-body[2], body[1]),
    )
    return BodyYearCounts(
        status=str(status),
        years=years,
        bodies=bodies,
        counts=counts,
        undated=readable.filter(year__isnull=True).count(),
    )


def status_pipeline(*, actor: Actor) -> list[tuple[str, str, int]]:
    """Return (status, label, number of standards) for every status, in lifecycle order."""
    readable = _standards_visible_to(actor)
    counts = dict(readable.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, str(label), counts.get(value, 0)) for value, label in Status.choices]
