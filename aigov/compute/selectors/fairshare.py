"""Fair share across the federation (issue 20, item 5).

Each country's share S comes from the secretariat's policy: a floor for every country holding
an allocation, the rest in proportion to the capacity its nodes contribute (LUMI-style);
the reserve for time-critical work is set aside before countries are shared (shares sum to 1
over what is left). Usage U is summed over every node, weighted per resource (Slurm's
TRESBillingWeights) and decayed with the policy's half-life (Slurm's PriorityDecayHalfLife).
Both are normalised over the federation, and the factor is Slurm's classic F = 2^(-U/S).

The decayed usage is read from one row per country (`CountryUsage`, updated on each charge),
so the read does not grow with the number of jobs; `fairshare_baseline` recomputes it from
every job, for the benchmark and as the test's reference.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from aigov.compute.models import PERIOD_MONTHS, Allocation, CountryUsage, Job, Period, Resource
from aigov.compute.services.fairshare import decayed, policy_current


@dataclass(frozen=True)
class FairShareRow:
    country: str
    share: float
    usage: float  # normalised over the federation
    factor: float
    decayed_usage: float  # in weighted units


def _holders(now: datetime) -> set[str]:
    today = now.date()
    return set(
        Allocation.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .values_list("project__country_id", flat=True)
        .distinct()
    )


def _contributions() -> dict[str, float]:
    contributed: dict[str, float] = defaultdict(float)
    rows = Resource.objects.filter(is_active=True, node__country__isnull=False).values_list(
        "node__country_id", "capacity", "period", "billing_weight"
    )
    for country, capacity, period, weight in rows:
        contributed[country] += float(capacity) / PERIOD_MONTHS[Period(period)] * float(weight)
    return contributed


def shares_from(
    *,
    holders: Iterable[str],
    contributions: dict[str, float],
    usage: dict[str, float],
    floor: float,
) -> list[FairShareRow]:
    """Return the fair-share rows for the given holders, contributions and decayed usage."""
    holding = set(holders)
    countries = (
        holding
        | {c for c, v in contributions.items() if v > 0}
        | {c for c, v in usage.items() if v > 0}
    )
    if not countries:
        return []
    floor_each = min(floor, 1.0 / len(holding)) if holding else 0.0
    remainder = max(1.0 - floor_each * len(holding), 0.0)
    total_contribution = sum(contributions.get(c, 0.0) for c in countries)
    shares = {c: floor_each if c in holding else 0.0 for c in countries}
    if total_contribution > 0:
        for country in countries:
            shares[country] += remainder * contributions.get(country, 0.0) / total_contribution
    else:
        equal = holding or countries
        for country in equal:
            shares[country] += remainder / len(equal)
    total_share = sum(shares.values()) or 1.0
    total_usage = sum(max(usage.get(c, 0.0), 0.0) for c in countries)
    rows = []
    for country in countries:
        share = shares[country] / total_share
        used = max(usage.get(country, 0.0), 0.0)
        normalised = used / total_usage if total_usage > 0 else 0.0
        # A country with no share but some usage goes last; one with neither is untouched.
        factor = math.pow(2.0, -normalised / share) if share > 0 else float(normalised == 0)
        rows.append(FairShareRow(country, share, normalised, factor, used))
    return sorted(rows, key=lambda row: (-row.factor, row.country))


def fairshare(*, as_of: datetime | None = None) -> list[FairShareRow]:
    """Return every country's share, normalised usage and factor as of `as_of` (now), highest
    factor first: the order in which countries' jobs go first on every node."""
    now = as_of or timezone.now()
    policy = policy_current()
    half_life = float(policy.half_life_days)
    usage = {
        country: decayed(value, since=since, until=now, half_life_days=half_life)
        for country, value, since in CountryUsage.objects.values_list(
            "country_id", "decayed_usage", "as_of"
        )
    }
    return shares_from(
        holders=_holders(now),
        contributions=_contributions(),
        usage=usage,
        floor=float(policy.floor),
    )


def fairshare_baseline(*, as_of: datetime | None = None) -> list[FairShareRow]:
    """Return the same as `fairshare`, recomputing each country's decayed usage from every job
    (the benchmark's baseline; it reads every job record)."""
    now = as_of or timezone.now()
    policy = policy_current()
    half_life = float(policy.half_life_days)
    usage: dict[str, float] = defaultdict(float)
    jobs = Job.objects.filter(usage__gt=0).values_list(
        "allocation__project__country_id",
        "usage",
        "allocation__resource__billing_weight",
        "finished_at",
    )
    for country, used, weight, finished_at in jobs.iterator(chunk_size=10_000):
        if used is None or finished_at is None:
            continue
        usage[country] += decayed(
            float(used) * float(weight), since=finished_at, until=now, half_life_days=half_life
        )
    return shares_from(
        holders=_holders(now),
        contributions=_contributions(),
        usage=usage,
        floor=float(policy.floor),
    )
