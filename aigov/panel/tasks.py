"""Background tasks of the panel: rendering a published report's PDFs.

Queued after the publication commits; with REDIS_URL a worker renders them, in the embedded
default the task runs eagerly in-process. A language not rendered here is rendered on first
request (`report_pdfs.pdf_get`).
"""

from celery import shared_task


@shared_task
def render_report_pdfs(*, publication_id: int, languages: list[str]) -> int:
    """Render and store the PDF of a publication in each language; return how many exist."""
    from aigov.panel import report_pdfs
    from aigov.panel.models import ReportPublication

    publication = ReportPublication.objects.filter(pk=publication_id).first()
    if publication is None:
        return 0
    for language in languages:
        report_pdfs.report_pdf_render(publication=publication, language=language)
    return publication.pdfs.count()
