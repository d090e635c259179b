"""The roster: experts, nominations, review, appointments and the balance of the panel.

Writes here follow services.py's rules (one transaction, audited, permission first); the
balance figures are a read, computed the same way for the page, the check before an
appointment, and the tests.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, account_required, has, require, scope
from aigov.core import audit
from aigov.core.errors import (
    Conflict,
    InvalidInput,
    InvalidState,
    NotAllowed,
    NotFound,
    field_error,
)
from aigov.panel.models import (
    Appointment,
    BalanceTarget,
    Discipline,
    Expert,
    Gender,
    Nomination,
)
from aigov.taxonomy.models import Country, RegionalGroup


def _check_expert(
    *, nationalities: list[str], residence: str, disciplines: list[str], gender: str
) -> dict[str, Any]:
    errors = []
    known = dict(
        Country.objects.filter(iso3__in=[*nationalities, residence]).values_list("iso3", "pk")
    )
    if not nationalities:
        errors.append(
            field_error(
                "nationalities",
                "required",
                _("Give at least one nationality."),
            )
        )
    unknown = [code for code in [*nationalities, residence] if code not in known]
    if unknown:
        errors.append(
            field_error(
                "nationalities",
                "invalid",
                _("Not ISO alpha-3 codes: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        )
    bad = [d for d in disciplines if d not in Discipline.values]
    if not disciplines or bad:
        errors.append(
            field_error(
                "disciplines",
                "invalid_choice",
                _("Choose disciplines from the list."),
            )
        )
    if gender not in Gender.values:
        errors.append(
            field_error(
                "gender",
                "invalid_choice",
                _("Choose a gender from the list."),
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    return known


@transaction.atomic
def expert_nominate(
    *,
    actor: Actor,
    name: str,
    gender: str,
    nationalities: list[str],
    residence: str,
    disciplines: list[str],
    affiliation_type: str,
    languages: list[str] | None = None,
    country: str | None = None,
    statement: str = "",
    is_demo: bool = False,
) -> Nomination:
    """Record an expert and their nomination.

    With `country`, a member state's focal point nominates one of its nationals; without it,
    a signed-in user nominates themself (the expert record is linked to their account).
    """
    if country:
        require(actor, "panel.nominate_for_country", country)
        if country not in nationalities:
            raise InvalidInput(
                errors=[
                    field_error(
                        "country",
                        "foreign_national",
                        _("A member state nominates one of its own nationals."),
                    )
                ]
            )
    else:
        require(actor, "panel.self_nominate")
    _check_expert(
        nationalities=nationalities, residence=residence, disciplines=disciplines, gender=gender
    )
    expert = Expert(
        user=None if country else account_required(actor),
        name=name,
        gender=gender,
        nationalities=nationalities,
        residence_id=residence,
        disciplines=disciplines,
        affiliation_type=affiliation_type,
        languages=languages or [],
        is_demo=is_demo,
    )
    if not country and Expert.objects.filter(user=account_of(actor)).exists():
        raise Conflict(_("You have already nominated yourself."))
    expert.full_clean(exclude=["user"])
    expert.save()
    nomination = Nomination.objects.create(
        expert=expert,
        kind=Nomination.Kind.FOCAL_POINT if country else Nomination.Kind.SELF,
        country_id=country,
        nominated_by=account_of(actor),
        statement=statement,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="panel.expert.create", obj=expert)
    audit.record(actor=actor, action="panel.nomination.create", obj=nomination)
    return nomination


@transaction.atomic
def nomination_review(
    *, actor: Actor, nomination: Nomination, accept: bool, note: str = ""
) -> Nomination:
    require(actor, "panel.manage_roster")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise InvalidState(_("This nomination has already been reviewed."))
    before = audit.snapshot(nomination)
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.review_note = note
    nomination.save(update_fields=["status", "review_note", "updated_at"])
    audit.record(actor=actor, action="panel.nomination.review", obj=nomination, before=before)
    return nomination


def target_values(dimension: str) -> list[tuple[str, str]]:
    """The values a target may name in `dimension` (code, label)."""
    choices: dict[str, list[tuple[str, Any]]] = {
        BalanceTarget.Dimension.REGIONAL_GROUP: RegionalGroup.choices,
        BalanceTarget.Dimension.GENDER: Gender.choices,
        BalanceTarget.Dimension.DISCIPLINE: Discipline.choices,
    }
    return [(str(code), str(label)) for code, label in choices.get(dimension, [])]


def _target_check(dimension: str, value: str, share: Any) -> Decimal:
    errors = []
    if dimension not in BalanceTarget.Dimension.values:
        errors.append(
            field_error(
                "dimension",
                "invalid_choice",
                _("Choose a dimension from the list."),
            )
        )
    elif value not in dict(target_values(dimension)):
        errors.append(
            field_error(
                "value",
                "invalid_choice",
                _("Choose a value of this dimension."),
            )
        )
    try:
        number = Decimal(str(share))
    except (ArithmeticError, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or not 0 <= number <= 1:
        errors.append(
            field_error(
                "share",
                "invalid",
                _("The target share is a number from 0 to 1."),
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    return number.quantize(Decimal("0.001"))


@transaction.atomic
def target_set(*, actor: Actor, dimension: str, value: str, share: Any) -> BalanceTarget:
    require(actor, "panel.manage_roster")
    share = _target_check(dimension, value, share)
    target = BalanceTarget.objects.filter(dimension=dimension, value=value).first()
    before = audit.snapshot(target) if target else None
    target = target or BalanceTarget(dimension=dimension, value=value)
    target.share = share
    target.full_clean()
    target.save()
    audit.record(actor=actor, action="panel.target.set", obj=target, before=before)
    return target


def target_list() -> list[BalanceTarget]:
    return list(BalanceTarget.objects.all())


@transaction.atomic
def target_remove(*, actor: Actor, target_id: int) -> None:
    require(actor, "panel.manage_roster")
    target = BalanceTarget.objects.select_for_update().filter(pk=target_id).first()
    if target is None:
        raise NotFound()
    before = audit.snapshot(target)
    audit.record(actor=actor, action="panel.target.delete", obj=target, before=before)
    target.delete()


# --- Balance ------------------------------------------------------------------------------


def regional_group_of(expert: Expert, groups: dict[str, str]) -> str:
    """The group an expert counts under: residence if among their nationalities, else the
    primary (first) nationality's."""
    codes = list(expert.nationalities)
    country = expert.residence_id if expert.residence_id in codes else codes[0]
    return groups.get(str(country), "")


def _values(expert: Expert, groups: dict[str, str]) -> dict[str, str]:
    return {
        BalanceTarget.Dimension.REGIONAL_GROUP: regional_group_of(expert, groups),
        BalanceTarget.Dimension.GENDER: expert.gender,
        BalanceTarget.Dimension.DISCIPLINE: expert.disciplines[0] if expert.disciplines else "",
    }


@dataclass
class DimensionBalance:
    dimension: str
    rows: list[dict[str, Any]]  # value, count, share, target
    distance: float  # sum of |share - target| over the targeted values


@dataclass
class Balance:
    as_of: datetime.date
    members: int
    dimensions: list[DimensionBalance] = field(default_factory=list)

    def distance(self, dimension: str) -> float:
        return next(d.distance for d in self.dimensions if d.dimension == dimension)


def active_appointments(as_of: datetime.date) -> QuerySet[Appointment]:
    return Appointment.objects.filter(starts_on__lte=as_of, ends_on__gt=as_of).select_related(
        "expert"
    )


def balance(*, as_of: datetime.date, extra: Expert | None = None) -> Balance:
    """The panel's composition on `as_of` against the targets (with `extra` added, to compare)."""
    groups = dict(Country.objects.exclude(regional_group="").values_list("iso3", "regional_group"))
    experts = [a.expert for a in active_appointments(as_of)]
    if extra is not None and all(e.pk != extra.pk for e in experts):
        experts.append(extra)
    targets: dict[str, dict[str, float]] = {}
    for row in BalanceTarget.objects.all():
        targets.setdefault(row.dimension, {})[row.value] = float(row.share)
    result = Balance(as_of=as_of, members=len(experts))
    for dimension in BalanceTarget.Dimension.values:
        counts: dict[str, int] = {}
        for expert in experts:
            value = _values(expert, groups)[dimension]
            counts[value] = counts.get(value, 0) + 1
        wanted = targets.get(dimension, {})
        rows = []
        distance = 0.0
        for value in sorted(set(counts) | set(wanted)):
            share = counts.get(value, 0) / len(experts) if experts else 0.0
            target = wanted.get(value)
            if target is not None:
                distance += abs(share - target)
            rows.append(
                {"value": value, "count": counts.get(value, 0), "share": share, "target": target}
            )
        result.dimensions.append(DimensionBalance(dimension, rows, distance))
    return result


def appointment_effect(*, expert: Expert, as_of: datetime.date) -> list[str]:
    """The dimensions in which the appointment would make the balance worse.

    It does when the expert's group (regional group, gender, main discipline) has a target and
    would hold more seats than that target share of the enlarged panel, rounded up, allows.
    (Rounding up lets a small panel start: its first member never exceeds a target.) Values
    without a target never warn.
    """
    now = balance(as_of=as_of)
    size = now.members + 1
    groups = dict(Country.objects.exclude(regional_group="").values_list("iso3", "regional_group"))
    values = _values(expert, groups)
    worse = []
    for dimension in now.dimensions:
        row = next((r for r in dimension.rows if r["value"] == values[dimension.dimension]), None)
        if row is None or row["target"] is None:
            continue
        if row["count"] + 1 > math.ceil(row["target"] * size - 1e-9):
            worse.append(dimension.dimension)
    return worse


@transaction.atomic
def appointment_create(
    *,
    actor: Actor,
    nomination: Nomination,
    starts_on: datetime.date,
    ends_on: datetime.date,
    accept_imbalance: bool = False,
    is_demo: bool = False,
) -> Appointment:
    """Appoint an accepted nominee for a term.

    Raise Conflict, appointing nobody, when the appointment would take the panel further from
    the secretariat's targets in some dimension, unless `accept_imbalance` (the warning was
    seen and the appointment confirmed).
    """
    require(actor, "panel.manage_roster")
    nomination = (
        Nomination.objects.select_for_update().select_related("expert").get(pk=nomination.pk)
    )
    if nomination.status != Nomination.Status.ACCEPTED:
        raise InvalidState(_("Only an accepted nomination leads to an appointment."))
    if ends_on <= starts_on:
        raise InvalidInput(
            errors=[
                field_error("ends_on", "ends_before_start", _("The term must end after it starts."))
            ]
        )
    expert = nomination.expert
    overlapping = Appointment.objects.filter(
        expert=expert, starts_on__lt=ends_on, ends_on__gt=starts_on
    )
    if overlapping.exists():
        raise Conflict(_("This expert already has a term in these dates."))
    worse = appointment_effect(expert=expert, as_of=starts_on)
    if worse and not accept_imbalance:
        labels = ", ".join(str(BalanceTarget.Dimension(d).label) for d in worse)
        raise Conflict(
            _("This appointment would move the panel further from its targets for: %(dims)s.")
            % {"dims": labels},
            errors=[field_error(d, "balance_worse", _("Balance gets worse.")) for d in worse],
        )
    appointment = Appointment(
        expert=expert, nomination=nomination, starts_on=starts_on, ends_on=ends_on, is_demo=is_demo
    )
    appointment.full_clean()
    appointment.save()
    audit.record(
        actor=actor,
        action="panel.appointment.create",
        obj=appointment,
        extra={"balance_worse": worse},
    )
    return appointment


def nomination_list(*, actor: Actor) -> QuerySet[Nomination]:
    """Nominations the actor may see: all for the secretariat, their country's for a focal
    point, their own for a self-nominee."""
    return scope(
        actor, "panel.view_nomination", Nomination.objects.select_related("expert", "country")
    )


def nominations_awaiting_review(*, actor: Actor) -> QuerySet[Nomination]:
    """Return the submitted nominations `actor` may review (the secretariat's), oldest first;
    none for anyone else, the nominating focal point included (it waits on the secretariat)."""
    if not has(actor, "panel.manage_roster"):
        return Nomination.objects.none()
    submitted = nomination_list(actor=actor).filter(status=Nomination.Status.SUBMITTED)
    return submitted.order_by("created_at", "pk")


def members(*, as_of: datetime.date | None = None) -> QuerySet[Appointment]:
    """The panel's members on a date (public)."""
    return active_appointments(as_of or timezone.localdate()).order_by("expert__name")


def rotation(*, as_of: datetime.date, within_days: int = 180) -> QuerySet[Appointment]:
    """The members whose term ends within `within_days` of `as_of` and who have no next term:
    the list of who rotates off (public, like the members)."""
    horizon = as_of + datetime.timedelta(days=within_days)
    following = Appointment.objects.filter(
        expert=OuterRef("expert"), starts_on__gte=OuterRef("ends_on")
    )
    return (
        active_appointments(as_of)
        .filter(ends_on__lte=horizon)
        .annotate(has_next_term=Exists(following))
        .order_by("ends_on", "expert__name")
    )


@dataclass(frozen=True)
class DirectoryEntry:
    """An expert as the roster API shows them (gender and non-members: the secretariat's)."""

    id: int
    name: str
    nationalities: list[str]
    residence: str
    disciplines: list[str]
    affiliation_type: str
    languages: list[str]
    is_member: bool
    term_starts_on: datetime.date | None
    term_ends_on: datetime.date | None
    gender: str | None
    working_groups: list[str]


def expert_directory(*, actor: Actor, as_of: datetime.date | None = None) -> list[DirectoryEntry]:
    """The panel's members today with their public fields; every expert for the secretariat."""
    as_of = as_of or timezone.localdate()
    full = has(actor, "panel.manage_roster")
    terms = {a.expert_id: a for a in active_appointments(as_of)}
    experts = Expert.objects.prefetch_related("working_groups").order_by("name", "pk")
    if not full:
        experts = experts.filter(pk__in=list(terms))
    return [
        DirectoryEntry(
            id=expert.pk,
            name=expert.name,
            nationalities=list(expert.nationalities),
            residence=str(expert.residence_id),
            disciplines=list(expert.disciplines),
            affiliation_type=expert.affiliation_type,
            languages=list(expert.languages),
            is_member=expert.pk in terms,
            term_starts_on=terms[expert.pk].starts_on if expert.pk in terms else None,
            term_ends_on=terms[expert.pk].ends_on if expert.pk in terms else None,
            gender=expert.gender if full else None,
            working_groups=[group.slug for group in expert.working_groups.all()],
        )
        for expert in experts
    ]


def experts_for_groups(*, actor: Actor) -> QuerySet[Expert]:
    """Every expert, to choose working-group members from: the secretariat's only."""
    require(actor, "panel.manage_working_groups")
    return Expert.objects.order_by("name", "pk")


def nomination_get(*, actor: Actor, nomination_id: int) -> Nomination:
    """Return one nomination the actor may see; NotFound otherwise."""
    nomination = nomination_list(actor=actor).filter(pk=nomination_id).first()
    if nomination is None:
        raise NotFound()
    return nomination


__all__ = ["NotAllowed"]
