"""Factories for the dialogue: reports are filed through the service, so rules and audit apply."""

import datetime
from typing import Any

from aigov.accounts.services import system_actor
from aigov.dialogue import services
from aigov.dialogue.models import IncidentReport, Session, Statement


def file_report(*, actor: Any = None, **fields: Any) -> IncidentReport:
    """File a report as `actor` (default: the system actor) with valid defaults."""
    values: dict[str, Any] = {
        "title": "Recruitment screening model rejected applicants by postcode",
        "description": "A hiring model filtered out applicants from two districts.",
        "confidentiality": "public",
        "countries": ["KEN"],
        "risk_areas": ["life-opportunities"],
        "occurred_on": datetime.date(2025, 3, 14),
    }
    values.update(fields)
    return services.incident_report_file(actor=actor or system_actor(), **values)


def make_session(**fields: Any) -> Session:
    values: dict[str, Any] = {
        "slug": "geneva-2026-risks",
        "titles": {"en": "Policy dialogue on AI risks", "fr": "Dialogue politique sur les risques"},
        "starts_on": datetime.date(2026, 7, 6),
        "ends_on": datetime.date(2026, 7, 7),
        "place": "Geneva",
        "country": "CHE",
        "focus": "risks",
    }
    values.update(fields)
    return services.session_create(actor=system_actor(), **values)


def make_statement(*, actor: Any, session: Session, **fields: Any) -> Statement:
    """Submit a statement to `session` as `actor` with valid defaults."""
    values: dict[str, Any] = {
        "kind": "statement",
        "speaker": "Kenya",
        "titles": {"en": "Kenya speaks"},
        "texts": {"en": "Text"},
    }
    values.update(fields)
    return services.statement_submit(actor=actor, session=session, **values)
