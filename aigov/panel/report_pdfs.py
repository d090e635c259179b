"""A published report's PDFs: rendered once per language and stored."""

from django.db import transaction

from aigov.accounts.access import Actor, require
from aigov.core import audit
from aigov.core.errors import NotFound
from aigov.core.translation import normalise_language
from aigov.panel.models import Report, ReportPdf, ReportPublication
from aigov.panel.report_selectors import LANGUAGES


def pdf_get(*, actor: Actor, report: Report, language: str) -> bytes:
    """The stored PDF of a published report in `language`, rendered first if it is missing."""
    require(actor, "panel.view_report", report)
    publication = getattr(report, "publication", None) if report.is_published else None
    if publication is None:
        raise NotFound()
    language = normalise_language(language)
    if language not in LANGUAGES:
        raise NotFound()
    stored = publication.pdfs.filter(language=language).first()
    if stored is None:
        stored = report_pdf_render(publication=publication, language=language)
    return bytes(stored.content)


@transaction.atomic
def report_pdf_render(*, publication: ReportPublication, language: str) -> ReportPdf:
    """Render and store the PDF of a publication in one language (done once per language).

    Published reports are public, so rendering is not a privileged act; it is audited as the
    system actor.
    """
    from aigov.accounts.access import Purpose
    from aigov.accounts.services import system_actor
    from aigov.panel import pdf

    language = normalise_language(language)
    existing = publication.pdfs.filter(language=language).first()
    if existing is not None:
        return existing
    content = pdf.render(publication=publication, language=language)
    stored, _created = ReportPdf.objects.get_or_create(
        publication=publication, language=language, defaults={"content": content}
    )
    audit.record(
        actor=system_actor(Purpose.REPORT_RENDERING),
        action="panel.report.render_pdf",
        obj=publication.report,
        extra={"language": language, "bytes": len(content)},
    )
    return stored
