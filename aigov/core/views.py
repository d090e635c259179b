"""The home page, the one search page, the inbox and the audit log."""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from aigov.accounts import access
from aigov.core import audit_labels, findings, inbox, selectors
from aigov.core.forms import AuditFilterForm
from aigov.core.http import is_htmx
from aigov.core.moments import ReaderZone, reader_zone
from aigov.core.search import query as search_query

AUDIT_PAGE_SIZE = 50
INBOX_PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """The public home page: headline findings, entry points by audience, recent changes.

    Everything on it is what the public may see (aigov.core.findings asks as a visitor).
    """
    today = timezone.localdate()
    return render(
        request,
        "core/home.html",
        {
            "findings": findings.headlines(today=today),
            "entry_points": findings.entry_points(),
            "recent_changes": findings.recent_changes(today=today),
        },
    )


def _audit_query(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[Any], ReaderZone]:
    """Return the filter form, the entries it selects and the reader's time zone; raise
    PermissionDenied for those who may not read the audit log."""
    if not access.has(request.user, "core.view_audit"):
        raise PermissionDenied
    codes = selectors.audit_action_codes(actor=request.user)
    form = AuditFilterForm(
        request.GET,
        people=audit_labels.people_choices(selectors.audit_people(actor=request.user)),
        modules=audit_labels.module_choices(codes),
        actions=audit_labels.action_choices(codes),
    )
    zone = reader_zone(request.user)
    form.is_valid()  # a field in error is left out of cleaned_data; the others still filter
    filters = form.cleaned_data
    entries = selectors.audit_entry_list(
        actor=request.user,
        exact_action=filters.get("action") or None,
        module=filters.get("module") or None,
        person=filters.get("person"),
        since=filters.get("since"),
        until=filters.get("until"),
        zone=zone.zone,
    )
    return form, entries, zone


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries, zone = _audit_query(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [audit_labels.readable(entry, zone.zone) for entry in page],
        "zone": zone,
        "query": query.urlencode(),
    }
    return render(request, "core/audit_log.html", context)


class _Echo:
    """A file whose write() returns the line, so csv.writer can feed a streaming response."""

    def write(self, line: str) -> str:
        return line


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, entries, zone = _audit_query(request)
    writer = csv.writer(_Echo())
    rows: Iterator[list[str]] = audit_labels.csv_rows(entries, zone.zone)
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.now().astimezone(zone.zone).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="aigov-audit-{stamp}.csv"'
    return response


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue") or None
    if queue not in inbox.queue_keys():
        queue = None
    asked = request.GET.get("page", "1")
    number = int(asked) if asked.isdigit() and 0 < int(asked) < 10_000 else 1
    waiting = inbox.inbox_page(
        actor=request.user,
        queue=queue,
        offset=(number - 1) * INBOX_PAGE_SIZE,
        limit=INBOX_PAGE_SIZE,
    )
    context = {
        "waiting": waiting,
        "queue": queue,
        "number": number,
        "has_next": waiting.count > number * INBOX_PAGE_SIZE,
        "zone": reader_zone(request.user),
    }
    return render(request, "core/inbox.html", context)


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    record_type = request.GET.get("type") or None
    results = (
        search_query.search(
            actor=request.user, text=text, record_type=record_type, limit=20, offset=0
        )
        if text
        else None
    )
    template = "core/_search_results.html" if is_htmx(request) else "core/search.html"
    return render(
        request,
        template,
        {
            "q": text,
            "results": results,
            "record_type": record_type,
            "types": search_query.type_choices(),
        },
    )


FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


def favicon(request: HttpRequest) -> FileResponse:
    """Serve the site icon at /favicon.ico, where browsers ask for it unprompted."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def switch_language(request: HttpRequest) -> HttpResponseRedirect:
    """The language menu of anonymous visitors: the page at `next` in `language`.

    A GET without side effects (no cookie): the address carries the language, so the pages
    stay free of CSRF tokens and can be cached for every visitor. An unknown language keeps
    the page as it is; a `next` pointing to another site goes home instead.
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if check_for_language(language):
        next_url = translate_url(next_url, language)
    return HttpResponseRedirect(next_url)
