"""Small request helpers shared by views."""

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from aigov.core.errors import DomainError, NotFound
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
    return attachment(
        stream.getvalue(), content_type=DOWNLOAD_TYPES[chosen], filename=f"{name}.{chosen}"
    )


def get_or_404(getter: Callable[..., Any], **lookup: Any) -> Any:
    """Call a selector that raises NotFound for a missing or hidden record; answer 404."""
    try:
        return getter(**lookup)
    except NotFound as missing:
        raise Http404 from missing


def error_text(error: DomainError | ValidationError) -> str:
    """A service's refusal as one line for a message: the reason, then each field's problem."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    details = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in error.errors)
    return f"{error.message} {details}".strip()


def run_with_message(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service; say `success`, or the reason it refused, on the next page."""
    try:
        action()
    except (DomainError, ValidationError) as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True


def stored_download(stored_name: str, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file from storage as a download: never shown inline (a text or PDF file
    must not run in this site's pages), never sniffed, never kept by a shared cache."""
    response = FileResponse(
        default_storage.open(stored_name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(body: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A download named `filename`."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_attachment(
    data: Any, *, filename: str, content_type: str = "application/json; charset=utf-8"
) -> HttpResponse:
    """`data` as an indented UTF-8 JSON download."""
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return attachment(body, content_type=content_type, filename=filename)
