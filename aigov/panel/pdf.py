"""The PDF of a published report, rendered with WeasyPrint from the same view as its page.

Arabic and Chinese need fonts that cover them: the style sheet names Debian's Noto fonts
(`fonts-noto-core`, `fonts-noto-cjk`, installed by `make pdf-deps`) before DejaVu; WeasyPrint
shapes the text through Pango, so Arabic is joined and set right to left. Charts are the
pages' own HTML (aigov.core.charts) with the same style sheet, because WeasyPrint does not
shape SVG text.
"""

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from aigov.panel.models import ReportPublication


def render(*, publication: ReportPublication, language: str) -> bytes:
    """Return the PDF of `publication` in `language` (its text falls back to the original)."""
    import weasyprint

    from aigov.accounts.access import Purpose
    from aigov.accounts.services import system_actor
    from aigov.panel import report_selectors

    with translation.override(language):
        view = report_selectors.report_view(
            actor=system_actor(Purpose.REPORT_RENDERING),
            report=publication.report,
            language=language,
        )
        context: dict[str, Any] = {
            "view": view,
            "publication": publication,
            "bidi": translation.get_language_bidi(),
            "language": language,
        }
        html = render_to_string("panel/report_pdf.html", context)
    document = weasyprint.HTML(string=html)
    charts = weasyprint.CSS(filename=finders.find("aigov/charts.css"))
    return bytes(document.write_pdf(stylesheets=[charts]))
