"""Pages of reporting: people trained."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.capacity import charts, exchange, selectors
from aigov.core.errors import DomainError
from aigov.core.exchange.files import FileFormat
from aigov.core.http import table_download

REPORT_TITLES = {
    "country": gettext_lazy("By country"),
    "gender": gettext_lazy("By gender"),
    "regional_group": gettext_lazy("By UN regional group"),
    "income_group": gettext_lazy("By World Bank income group"),
    "ldc": gettext_lazy("By least developed country status"),
}


@login_required
def report(request: HttpRequest) -> HttpResponse:
    try:
        figures = selectors.people_trained(actor=request.user)
    except DomainError as refused:
        raise Http404 from refused
    # Other modules' sections (compute's capacity, allocations and usage, ...), for the same
    # readers as the people-trained figures.
    contributed = selectors.report_sections(actor=request.user)
    file_format = request.GET.get("format")
    if file_format:
        return table_download(
            file_format=file_format,
            columns=exchange.REPORT_DOWNLOAD_COLUMNS,
            rows=exchange.report_download_rows(figures, contributed),
            name="people-trained",
        )
    sections = []
    for dimension, cells in figures.cells.items():
        shown = [cell for cell in cells if cell.people is not None]
        chart = (
            charts.grouped_bars(
                categories=[(cell.value, cell.label) for cell in shown],
                series=[(str(_("People trained")), {c.value: c.people for c in shown})],
                maximum=max(cell.people or 0 for cell in shown),
            )
            if shown
            else None
        )
        sections.append((dimension, REPORT_TITLES[dimension], cells, chart))
    context = {
        "figures": figures,
        "sections": sections,
        "contributed": contributed,
        "threshold": selectors.SUPPRESS_BELOW,
        "formats": [f.value for f in FileFormat],
    }
    return render(request, "capacity/report.html", context)
