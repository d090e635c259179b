"""Policies, the UN system's instruments and projects, and change proposals (read through
their permission scope)."""

import datetime
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
)
from django.forms import DateField
from django.utils.formats import date_format

from aigov.accounts import access
from aigov.accounts.access import Actor
from aigov.core.collation import join_list
from aigov.core.errors import NotFound
from aigov.core.translation import pick
from aigov.landscape.models import (
    ChangeProposal,
    Initiative,
    Participation,
    Policy,
    UnInstrument,
    UnProject,
)
from aigov.taxonomy.models import RiskArea
from aigov.taxonomy.selectors import country_list


def policy_list(
    *,
    actor: Actor,
    jurisdiction: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    risk_area: str | None = None,
    sdg: int | None = None,
) -> QuerySet[Policy]:
    """Return the policies and institutions of the library `actor` may see (all of them: the
    library is public), filtered, by jurisdiction."""
    policies = access.scope(actor, "landscape.view_policy", Policy.objects.all())
    if jurisdiction:
        policies = policies.filter(jurisdiction_id=jurisdiction.upper())
    if kind:
        policies = policies.filter(kind=kind)
    if status:
        policies = policies.filter(status=status)
    if risk_area:
        policies = policies.filter(risk_areas__slug=risk_area)
    if sdg:
        policies = policies.filter(sdgs__number=sdg)
    return (
        policies.select_related("jurisdiction")
        .prefetch_related("risk_areas", "sdgs")
        .order_by("jurisdiction_id", "slug")
        .distinct()
    )


def policy_get(*, actor: Actor, slug: str) -> Policy:
    """Return one policy or institution; raise NotFound."""
    policy = policy_list(actor=actor).filter(slug=slug).first()
    if policy is None:
        raise NotFound()
    return policy


def policy_counts_by_status(*, actor: Actor) -> dict[str, int]:
    """Return how many policies of the library `actor` may see are in each status."""
    policies = access.scope(actor, "landscape.view_policy", Policy.objects.all())
    counts = dict(policies.values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in Policy.Status.values}


def un_instrument_list() -> QuerySet[UnInstrument]:
    """Return the UN instruments relevant to AI, oldest first, with their domains."""
    return UnInstrument.objects.prefetch_related("topics").order_by("adopted_on", "slug")


def un_project_list(
    *,
    agency: str | None = None,
    sdg: int | None = None,
    country: str | None = None,
    year: int | None = None,
) -> QuerySet[UnProject]:
    """Return UN AI projects, filtered, newest first."""
    projects = UnProject.objects.all()
    if agency:
        projects = projects.filter(agency=agency)
    if sdg:
        projects = projects.filter(sdgs__number=sdg)
    if country:
        projects = projects.filter(countries__iso3=country.upper())
    if year:
        projects = projects.filter(year=year)
    return (
        projects.prefetch_related("sdgs", "countries").order_by("-year", "agency", "id").distinct()
    )


def un_projects_by_agency() -> list[tuple[str, int]]:
    """Return (UN entity, number of projects), most projects first."""
    rows = UnProject.objects.values_list("agency").annotate(n=Count("id")).order_by("-n", "agency")
    return [(agency, n) for agency, n in rows]


def un_projects_by_sdg() -> dict[int, int]:
    """Return the number of UN AI projects per SDG."""
    rows = UnProject.sdgs.through.objects.values_list("sustainabledevelopmentgoal_id").annotate(
        n=Count("unproject_id")
    )
    return {int(goal): n for goal, n in rows.order_by()}


def proposal_list(*, actor: Actor, status: str | None = None) -> QuerySet[ChangeProposal]:
    """Return the change proposals the actor may see (secretariat: all; focal point: own)."""
    proposals = access.scope(actor, "landscape.view_proposal", ChangeProposal.objects.all())
    if status:
        proposals = proposals.filter(status=status)
    return proposals.select_related("country", "proposer", "reviewer").order_by(
        "-created_at", "-id"
    )


def proposals_awaiting_review(*, actor: Actor) -> QuerySet[ChangeProposal]:
    """Return the pending proposals `actor` may accept or reject (the secretariat's), oldest
    first; none for anyone else, a focal point included (it waits on the secretariat)."""
    if not access.has(actor, "landscape.review_proposal"):
        return ChangeProposal.objects.none()
    pending = proposal_list(actor=actor, status=ChangeProposal.Status.PENDING)
    return pending.order_by("created_at", "id")


def proposal_get(*, actor: Actor, proposal_id: int) -> ChangeProposal:
    """Return one proposal the actor may see; raise NotFound otherwise (existence never leaks)."""
    proposal = proposal_list(actor=actor).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound()
    return proposal


def proposal_target(*, proposal: ChangeProposal) -> Participation | Policy | None:
    """Return the record a proposal changes (None for an addition or a vanished record)."""
    if not proposal.target_id:
        return None
    if proposal.subject == ChangeProposal.Subject.PARTICIPATION:
        return Participation.objects.filter(pk=proposal.target_id).first()
    return Policy.objects.filter(pk=proposal.target_id).first()


def proposal_values(*, proposal: ChangeProposal) -> list[tuple[str, str]]:
    """Return a proposal's values as a reader reads them: (field label, value), in the form's
    order; choices by their labels, countries, initiatives and risk areas by their names in
    the reader's language, dates in the reader's format. A value that names nothing known is
    shown as it was given."""
    from aigov.landscape.forms import ParticipationValues, PolicyValues

    form = (
        ParticipationValues
        if proposal.subject == ChangeProposal.Subject.PARTICIPATION
        else PolicyValues
    )
    changes = proposal.changes or {}
    named = {
        "initiative": dict(Initiative.objects.values_list("slug", "names")),
        "participant": dict(country_list().values_list("iso3", "names")),
        "risk_areas": dict(RiskArea.objects.values_list("slug", "names")),
    }
    named["jurisdiction"] = named["participant"]
    rows = []
    for name, field in form.base_fields.items():
        if name not in changes:
            continue
        rows.append((str(field.label), _value_as_read(changes[name], field, named.get(name))))
    return rows


def _value_as_read(value: Any, field: Any, names: dict[str, Any] | None) -> str:
    if value in (None, "", []):
        return ""
    if names is not None:
        words = value if isinstance(value, list) else str(value).replace(",", ";").split(";")
        codes = [str(word).strip() for word in words if str(word).strip()]
        return join_list(pick(names[code]).text if code in names else code for code in codes)
    if getattr(field, "choices", None):
        return str({str(k): label for k, label in field.choices}.get(str(value), value))
    if isinstance(field, DateField):
        try:
            return date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)
