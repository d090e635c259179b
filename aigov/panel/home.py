"""What the scientific panel puts on the home page: the reports it published last."""

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor
from aigov.core import findings
from aigov.core.translation import Translation, normalise_language
from aigov.panel.report_selectors import report_list, shown_version, text_of


def recent(*, actor: Actor, limit: int) -> list[findings.RecentChange]:
    """Return the reports published last (drafts never, whoever may read them)."""
    wanted = normalise_language(get_language())
    changes = []
    for report in report_list(actor=actor, with_latest_version=True)[:limit]:
        version = shown_version(report)
        if not report.is_published or report.published_at is None or version is None:
            continue
        texts, language = text_of(version.texts, wanted, report.original_language)
        title = texts.get("title") or report.slug
        changes.append(
            findings.RecentChange(
                on=timezone.localdate(report.published_at),
                what=_("Panel report published"),
                title=Translation(text=title, language=language, is_fallback=language != wanted),
                url=report.get_absolute_url(),
                is_demo=report.is_demo,
            )
        )
    return changes


def register() -> None:
    findings.register_recent("panel", recent)
    findings.register_entry_links(
        findings.Audience.EXPERT,
        {
            "panel:report-list": gettext_lazy("Reports of the scientific panel"),
            "panel:nominate": gettext_lazy("Put yourself or a colleague forward for the panel"),
        },
        order=10,
    )
