"""Small request helpers shared by views."""

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from aigov.core.exchange.files import FileFormat, write_file

DOWNLOAD_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.JSON: "application/json",
}


def is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx made the request (so the view answers with a partial)."""
    return bool(getattr(request, "htmx", False))


def table_download(
    *, file_format: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]], name: str
) -> HttpResponse:
    """Answer with `rows` as a CSV, XLSX or JSON attachment `name.<format>`; 404 for another
    format (the page offers only these three)."""
    try:
        chosen = FileFormat(file_format)
    except ValueError as unknown:
        raise Http404 from unknown
    stream = io.BytesIO()
    write_file(columns=columns, rows=rows, file_format=chosen, stream=stream, title=name)
    response = HttpResponse(stream.getvalue(), content_type=DOWNLOAD_TYPES[chosen])
    response["Content-Disposition"] = f'attachment; filename="{name}.{chosen}"'
    return response
