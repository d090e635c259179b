"""Demonstration incident reports, a session and a practice (see aigov.core.demo for the rules).

Reports are placed in real countries and tagged with real risk areas, but every title says it is
a demonstration and nothing describes a real event, system or organisation.
"""

import datetime
import random

from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core.demo import DemoGenerator, register_generator
from aigov.core.errors import InvalidState
from aigov.core.reference import LoadReport
from aigov.dialogue import services
from aigov.dialogue.models import (
    Confidentiality,
    Incident,
    IncidentReport,
    Practice,
    Registration,
    Session,
    Severity,
    Statement,
)
from aigov.taxonomy.models import Country, RiskArea

INCIDENT_REPORTS = 12
SESSION_SLUG = "demo-session-risks"
TODAY = datetime.date(2026, 1, 15)  # fixed, so that a second run makes the same records


def _reference() -> tuple[list[Country], list[RiskArea]]:
    countries = list(Country.objects.filter(is_un_member=True).order_by("iso3"))
    areas = list(RiskArea.objects.order_by("slug"))
    if not countries or not areas:
        raise InvalidState(
            _(
                "Load the reference data first (aigov load-reference): demonstration records "
                "are placed in real countries."
            )
        )
    return countries, areas


def _load_reports(*, actor: Actor, rng: random.Random, report: LoadReport) -> list[Incident]:
    counts = report.for_kind("incident reports")
    countries, areas = _reference()
    levels = list(Confidentiality.values)
    incidents = []
    for number in range(1, INCIDENT_REPORTS + 1):
        title = f"Demo incident report {number}"
        existing = IncidentReport.objects.filter(title=title, is_demo=True).first()
        if existing is not None:
            counts.unchanged += 1
            incidents.append(existing.incident)
            continue
        chosen = rng.sample(countries, k=rng.randint(1, 2))
        filed = services.incident_report_file(
            actor=actor,
            title=title,
            description=f"Generated demonstration report {number}; it describes no real event.",
            confidentiality=levels[number % len(levels)],
            countries=[country.iso3 for country in chosen],
            risk_areas=[area.slug for area in rng.sample(areas, k=rng.randint(1, 3))],
            occurred_on=TODAY - datetime.timedelta(days=rng.randint(1, 400)),
            severity=rng.choice(list(Severity.values)),
            exceeded_national_capacity=rng.choice([True, False, None]),
            ai_system=f"Demo AI system {rng.randint(1, 5)}",
            reporting_state=chosen[0].iso3,
            is_demo=True,
        )
        counts.created += 1
        incidents.append(filed.incident)
    return incidents


def _load_session(*, actor: Actor, report: LoadReport, incidents: list[Incident]) -> None:
    counts = report.for_kind("dialogue sessions")
    if Session.objects.filter(slug=SESSION_SLUG).exists():
        counts.unchanged += 1
        return
    session = services.session_create(
        actor=actor,
        slug=SESSION_SLUG,
        titles={"en": "Demo policy dialogue session on AI risks"},
        starts_on=datetime.date(2026, 7, 6),
        ends_on=datetime.date(2026, 7, 7),
        place="Geneva",
        country="CHE",
        focus=Session.Focus.RISKS,
        is_demo=True,
    )
    states = services.segment_add(
        actor=actor,
        session=session,
        kind="member_states",
        titles={"en": "Demo segment led by member states"},
        position=1,
    )
    stakeholders = services.segment_add(
        actor=actor,
        session=session,
        kind="stakeholders",
        titles={"en": "Demo multistakeholder segment"},
        position=2,
    )
    start = datetime.datetime(2026, 7, 6, 8, 0, tzinfo=datetime.UTC)
    for number, segment in enumerate([states, states, stakeholders], start=1):
        item = services.agenda_item_add(
            actor=actor,
            session=session,
            segment=segment,
            position=number,
            titles={"en": f"Demo agenda item {number}"},
            starts_at=start + datetime.timedelta(hours=2 * number),
            ends_at=start + datetime.timedelta(hours=2 * number + 1),
            incidents=incidents[number - 1 : number],
        )
        services.statement_submit(
            actor=actor,
            session=session,
            agenda_item=item,
            kind="statement",
            speaker=f"Demo delegation {number}",
            titles={"en": f"Demo statement {number}"},
            texts={
                "en": "Generated demonstration statement.",
                "fr": "Déclaration de démonstration générée.",
            },
            is_demo=True,
        )
    practice = services.practice_submit(
        actor=actor,
        titles={"en": "Demo governance practice"},
        descriptions={"en": "Generated demonstration practice."},
        sessions=[session],
        is_demo=True,
    )
    services.practice_accept(actor=actor, practice=practice)
    counts.created += 1


def load_dialogue_demo(*, actor: Actor, rng: random.Random, report: LoadReport) -> None:
    """Create the demonstration reports, session and practice that do not exist yet."""
    incidents = _load_reports(actor=actor, rng=rng, report=report)
    _load_session(actor=actor, report=report, incidents=incidents)


def register() -> None:
    register_generator(
        DemoGenerator(
            name="dialogue",
            load=load_dialogue_demo,
            models=(Incident, IncidentReport, Session, Statement, Registration, Practice),
        )
    )
