"""Reads for reporting: people trained, with small counts suppressed."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, require, scope
from aigov.capacity.models import Enrolment, LearnerProfile
from aigov.core.translation import pick
from aigov.taxonomy.models import Country, IncomeGroup, RegionalGroup

SUPPRESS_BELOW = 5  # an aggregate cell of 1 to 4 people is shown as "<5"; none is shown as none
REPORT_DIMENSIONS = ("country", "gender", "regional_group", "income_group", "ldc")


@dataclass(frozen=True)
class ReportCell:
    dimension: str
    value: str  # the group's code ("" for not stated)
    label: str
    people: int | None  # None: suppressed (1 to SUPPRESS_BELOW - 1)
    completions: int | None


@dataclass(frozen=True)
class PeopleTrained:
    total_people: int | None
    total_completions: int | None
    cells: dict[str, list[ReportCell]]


def _suppressed(value: int) -> int | None:
    # Zero names nobody, so it is shown (as "none"); 1 to 4 people could be recognised.
    return value if value == 0 or value >= SUPPRESS_BELOW else None


def people_trained(
    *,
    actor: Actor,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> PeopleTrained:
    """People trained (learners with a completed course) and completions, by the country and
    gender learners state, UN regional group, World Bank income group and LDC status of that
    country. Cells of 1 to SUPPRESS_BELOW - 1 people are suppressed (None), totals too; a
    total of nobody is 0.
    Raise NotAllowed for anyone but the secretariat."""
    require(actor, "capacity.view_report")
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    completed = scope(actor, "capacity.view_report", completed)
    if since:
        completed = completed.filter(completed_at__gte=since)
    if until:
        completed = completed.filter(completed_at__lt=until)
    rows = list(
        completed.values_list(
            "learner_id",
            "learner__capacity_profile__gender",
            "learner__capacity_profile__country_id",
            "learner__capacity_profile__country__regional_group",
            "learner__capacity_profile__country__income_group",
            "learner__capacity_profile__country__is_ldc",
        )
    )
    names = dict(
        Country.objects.filter(iso3__in={row[2] for row in rows if row[2]}).values_list(
            "iso3", "names"
        )
    )
    genders = dict(LearnerProfile.Gender.choices)
    regions = dict(RegionalGroup.choices)
    incomes = dict(IncomeGroup.choices)
    not_stated = _("Not stated")
    people: dict[tuple[str, str], set[int]] = {}
    completions: dict[tuple[str, str], int] = {}
    labels: dict[tuple[str, str], str] = {}
    for learner, gender, iso3, group, income, ldc in rows:
        values = {
            "country": (iso3 or "", pick(names.get(iso3) or {}).text or iso3 or not_stated),
            "gender": (
                gender or LearnerProfile.Gender.NOT_STATED,
                str(genders.get(gender or "not_stated")),
            ),
            "regional_group": (group or "", str(regions.get(group, not_stated))),
            "income_group": (income or "", str(incomes.get(income, not_stated))),
            "ldc": (
                "" if iso3 is None else ("yes" if ldc else "no"),
                not_stated if iso3 is None else (_("LDC") if ldc else _("Not an LDC")),
            ),
        }
        for dimension, (code, label) in values.items():
            key = (dimension, code)
            people.setdefault(key, set()).add(learner)
            completions[key] = completions.get(key, 0) + 1
            labels[key] = str(label)
    cells: dict[str, list[ReportCell]] = {dimension: [] for dimension in REPORT_DIMENSIONS}
    for (dimension, code), members in sorted(
        people.items(), key=lambda item: (-len(item[1]), item[0][1])
    ):
        shown = _suppressed(len(members))
        cells[dimension].append(
            ReportCell(
                dimension=dimension,
                value=code,
                label=labels[(dimension, code)],
                people=shown,
                completions=completions[(dimension, code)] if shown is not None else None,
            )
        )
    everyone = {row[0] for row in rows}
    total = _suppressed(len(everyone))
    return PeopleTrained(
        total_people=total,
        total_completions=len(rows) if total is not None else None,
        cells=cells,
    )
