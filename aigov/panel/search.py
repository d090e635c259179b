"""What the panel puts in the one search: surveys and reports.

Neither is public by type: a draft survey or report is found only by those whose permission
scope holds it (the same scope as the pages and the API), so its title never reaches anyone else.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.search.registry import SearchableType, SearchDocument
from aigov.core.search.registry import register as register_searchable
from aigov.panel import reports, selectors
from aigov.panel.models import Report, Survey


def _survey(survey: Survey) -> SearchDocument:
    return SearchDocument(
        titles=survey.titles,
        aliases=[survey.slug],
        path=f"/panel/surveys/{survey.slug}/",
        is_demo=survey.is_demo,
    )


def _surveys_visible_to(actor: Actor) -> QuerySet[Survey]:
    return selectors.survey_list(actor=actor)


def _report(report: Report) -> SearchDocument:
    version = reports.shown_version(report)
    texts = version.texts if version else {}
    return SearchDocument(
        titles={code: text.get("title", "") for code, text in texts.items()},
        bodies={
            code: "\n".join((text.get("summary", ""), text.get("body", "")))
            for code, text in texts.items()
        },
        aliases=[report.slug],
        path=f"/panel/reports/{report.slug}/",
        is_demo=report.is_demo,
    )


def _reports_visible_to(actor: Actor) -> QuerySet[Report]:
    return reports.report_list(actor=actor)


def register() -> None:
    register_searchable(
        SearchableType(
            "panel.survey",
            _("Expert survey"),
            Survey,
            Survey.objects.all,
            _survey,
            visible_to=_surveys_visible_to,
        )
    )
    register_searchable(
        SearchableType(
            "panel.report",
            _("Panel report"),
            Report,
            Report.objects.all,
            _report,
            visible_to=_reports_visible_to,
        )
    )
