"""Writes of the fair-share policy and of each country's decayed usage, and the push of the
shares to each Slurm cluster (`aigov compute push-fairshare`)."""

import getpass
import math
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, require
from aigov.compute.models import CountryUsage, FairSharePolicy, Movement
from aigov.core import audit
from aigov.core.errors import ErrorItem, InvalidInput, field_error

DEFAULT_HALF_LIFE_DAYS = 7.0
# Slurm association fair-share values are integers; shares are written in parts per ten thousand.
SLURM_SHARE_SCALE = 10_000


def policy_current() -> FairSharePolicy:
    """Return the policy in force (the newest), or the defaults when none was ever set."""
    return FairSharePolicy.objects.order_by("-created_at", "-pk").first() or FairSharePolicy()


def decayed(value: float, *, since: datetime, until: datetime, half_life_days: float) -> float:
    """Return `value`, recorded at `since`, decayed to `until` with the half-life given."""
    elapsed_days = max((until - since).total_seconds(), 0.0) / 86400
    return value * math.pow(2.0, -elapsed_days / half_life_days)


def usage_record(*, country_id: str, units: Decimal, at: datetime) -> CountryUsage:
    """Add `units` (already weighted) to the country's decayed usage, decaying what was there to
    `at` first; called inside the charge's transaction, with the country's row locked."""
    half_life = float(policy_current().half_life_days)
    row, _created = CountryUsage.objects.select_for_update().get_or_create(
        country_id=country_id, defaults={"as_of": at}
    )
    if at < row.as_of:
        # A charge reported late (accounting arrives after newer charges): decay it forward.
        row.decayed_usage += decayed(
            float(units), since=at, until=row.as_of, half_life_days=half_life
        )
    else:
        row.decayed_usage = decayed(
            row.decayed_usage, since=row.as_of, until=at, half_life_days=half_life
        ) + float(units)
        row.as_of = at
    row.decayed_usage = max(row.decayed_usage, 0.0)
    row.save(update_fields=["decayed_usage", "as_of"])
    return row


@transaction.atomic
def country_usage_rebuild(*, actor: Actor) -> int:
    """Recompute every country's decayed usage from the charges and refunds on the accounts
    (after `aigov demo clear` removed the demonstration ones); return how many countries have
    usage. Raise NotAllowed."""
    require(actor, "compute.load_demo")
    now = timezone.now()
    half_life = float(policy_current().half_life_days)
    usage: dict[str, float] = defaultdict(float)
    movements = Movement.objects.filter(
        kind__in=[Movement.Kind.CHARGE, Movement.Kind.REFUND]
    ).values_list(
        "allocation__project__country_id",
        "units",
        "allocation__resource__billing_weight",
        "job__finished_at",
        "kind",
        "recorded_at",
    )
    for country, units, weight, finished_at, kind, recorded_at in movements.iterator():
        # A charge counts from when its job ended (as `usage_record` did), a refund from when
        # it was given.
        at = finished_at if kind == Movement.Kind.CHARGE and finished_at else recorded_at
        usage[country] += decayed(
            -float(units) * float(weight), since=at, until=now, half_life_days=half_life
        )
    CountryUsage.objects.select_for_update().exclude(country_id__in=usage).update(
        decayed_usage=0.0, as_of=now
    )
    for country, value in usage.items():
        CountryUsage.objects.update_or_create(
            country_id=country, defaults={"decayed_usage": max(value, 0.0), "as_of": now}
        )
    return sum(1 for value in usage.values() if value > 0)


def _fraction(value: Any, field: str, errors: list[ErrorItem], *, below_one: bool) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number < 0 or number > 1 or (below_one and number == 1):
        errors.append(field_error(field, "invalid", _("Give a fraction from 0 to 1.")))
        return Decimal(0)
    return number


@transaction.atomic
def policy_set(
    *, actor: Actor, floor: Any, time_critical_reserve: Any, half_life_days: Any
) -> FairSharePolicy:
    """Put a new fair-share policy in force; return it. Raise NotAllowed or InvalidInput.

    The decayed usage already recorded keeps the half-life it was decayed with up to its date;
    from then on the new half-life applies.
    """
    require(actor, "compute.set_policy")
    errors: list[ErrorItem] = []
    floor_value = _fraction(floor, "floor", errors, below_one=False)
    reserve = _fraction(time_critical_reserve, "time_critical_reserve", errors, below_one=True)
    try:
        half_life = Decimal(str(half_life_days))
    except (InvalidOperation, ValueError):
        half_life = Decimal(0)
    if not half_life.is_finite() or not Decimal("0.01") <= half_life <= Decimal(3650):
        errors.append(
            field_error("half_life_days", "invalid", _("Give a half-life from 0.01 to 3650 days."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    policy = FairSharePolicy.objects.create(
        floor=floor_value,
        time_critical_reserve=reserve,
        half_life_days=half_life,
        set_by=account_of(actor),
    )
    audit.record(actor=actor, action="compute.policy.set", obj=policy)
    return policy


@dataclass(frozen=True)
class PushResult:
    cluster: str
    account: str
    fairshare: int
    command: list[str]


def push_fairshare(
    *, actor: Actor, shares: dict[str, float], clusters: list[str], dry_run: bool = False
) -> list[PushResult]:
    """Write each country's share to each Slurm cluster as its account's fair-share value
    (`sacctmgr`; the account, named for the country's ISO alpha-3 code in lower case, is added
    where it is missing, with this server's user in it, who submits the jobs with `--account`
    when `AIGOV_COMPUTE_SLURM_ACCOUNTS` is set). Return what was written. Raise NotAllowed, or
    RuntimeError naming the cluster and the command when sacctmgr fails."""
    require(actor, "compute.push_fairshare")
    sacctmgr = shutil.which("sacctmgr") or "sacctmgr"
    submitter = getpass.getuser()
    results: list[PushResult] = []
    for cluster in clusters:
        existing = set() if dry_run else _associations(sacctmgr, cluster)
        for country, share in sorted(shares.items()):
            account = country.lower()
            value = max(1, round(share * SLURM_SHARE_SCALE))
            add = [sacctmgr, "-i", "add", "account", account, f"cluster={cluster}"]
            modify = [
                sacctmgr,
                "-i",
                "modify",
                "account",
                "where",
                f"name={account}",
                f"cluster={cluster}",
                "set",
                f"fairshare={value}",
            ]
            member = [sacctmgr, "-i", "add", "user", submitter, f"account={account}"]
            if not dry_run:
                # sacctmgr says "Nothing new added" (exit 1) when another push added it first.
                if (account, "") not in existing:
                    _sacctmgr(add, cluster, tolerate="nothing new added")
                if (account, submitter) not in existing:
                    _sacctmgr([*member, f"cluster={cluster}"], cluster, tolerate="nothing new")
                _sacctmgr(modify, cluster)
            results.append(PushResult(cluster, account, value, modify))
    return results


def _associations(sacctmgr: str, cluster: str) -> set[tuple[str, str]]:
    """The (account, user) associations on `cluster`; user "" for the account's own."""
    listed = _sacctmgr(
        [
            sacctmgr,
            "-n",
            "-P",
            "show",
            "assoc",
            "where",
            f"cluster={cluster}",
            "format=account,user",
        ],
        cluster,
    )
    pairs = (line.split("|") for line in listed.splitlines() if line.count("|") == 1)
    return {(account, user) for account, user in pairs}


def _sacctmgr(command: list[str], cluster: str, *, tolerate: str = "") -> str:
    done = subprocess.run(  # noqa: S603  (fixed program, arguments from our own records)
        command, capture_output=True, text=True, timeout=60, check=False
    )
    output = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0 and not (tolerate and tolerate in output.lower()):
        raise RuntimeError(
            f"sacctmgr failed on cluster {cluster!r} ({' '.join(command)}): {output.strip()}"
        )
    return done.stdout or ""
