"""What the dialogue puts in the one search.

Incident reports are never public entries: search finds one only for actors whose
`incident_report_list` holds it (the permission scope compiled into the search SQL), so neither a
title nor a snippet of a report reaches anyone else. A published redacted version is a report of
its own holding only the kept fields, so its entry cannot match a redacted word. Sessions are
public.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.dialogue import selectors
from aigov.dialogue.models import IncidentReport, Practice, Session

# A report is written in one language we do not record: BCP 47 "und" (undetermined).
UNDETERMINED = "und"


def _reports() -> QuerySet[IncidentReport]:
    return IncidentReport.objects.all()


def _report(report: IncidentReport) -> SearchDocument:
    body = " · ".join(
        text
        for text in (
            report.description,
            report.ai_system,
            report.developer,
            report.deployer,
            report.affected_groups,
        )
        if text
    )
    return SearchDocument(
        titles={UNDETERMINED: report.title},
        bodies={UNDETERMINED: body} if body else {},
        path=f"/dialogue/incidents/{report.pk}/",
        is_demo=report.is_demo,
    )


def _reports_visible_to(actor: Actor) -> QuerySet[IncidentReport]:
    return selectors.incident_report_list(actor=actor)


def _session(session: Session) -> SearchDocument:
    return SearchDocument(
        titles=session.titles,
        bodies=session.outcome_summary,
        aliases=[session.place, session.slug],
        path=f"/dialogue/sessions/{session.slug}/",
        is_demo=session.is_demo,
    )


def _practice(practice: Practice) -> SearchDocument:
    return SearchDocument(
        titles=practice.titles,
        bodies=practice.descriptions,
        path=f"/dialogue/practices/{practice.pk}/",
        is_demo=practice.is_demo,
    )


def _practices_visible_to(actor: Actor) -> QuerySet[Practice]:
    return selectors.practice_list(actor=actor)


def register() -> None:
    register_searchable(
        SearchableType(
            "dialogue.incident_report",
            _("Incident report"),
            IncidentReport,
            _reports,
            _report,
            visible_to=_reports_visible_to,
        )
    )
    register_searchable(
        SearchableType(
            "dialogue.session", _("Dialogue session"), Session, Session.objects.all, _session
        )
    )
    register_searchable(
        SearchableType(
            "dialogue.practice",
            _("Governance practice"),
            Practice,
            Practice.objects.all,
            _practice,
            visible_to=_practices_visible_to,
        )
    )
