"""The 500 answer: the site's page in the reader's language, or a problem document for the API.

Django's own handler renders 500.html without the language of the address and, with a
RequestContext, would run the context processors (the user, the session, permissions) that may
be what failed. This one reads the language from the URL prefix and renders from a plain
context holding only what the layout needs without the database: the public navigation.
"""

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from aigov.core.context_processors import NAVIGATION

logger = logging.getLogger(__name__)

# What is left when even the layout cannot be rendered (Django's own words).
BARE_PAGE = "<!DOCTYPE html><title>Server Error (500)</title><h1>Server Error (500)</h1>"


def _public_navigation(path: str) -> list[dict[str, Any]]:
    """The navigation anyone sees: entries needing a permission would need the database."""
    items = []
    for url_name, label, permission in NAVIGATION:
        if permission:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return items


def server_error(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            # The API's problem-document shape (aigov.core.api), built here without ninja.
            body = {
                "type": "about:blank",
                "title": _("Server error"),
                "status": 500,
                "code": "server_error",
                "detail": "",
                "errors": [],
            }
            return JsonResponse(body, status=500, content_type="application/problem+json")
        try:
            context = {
                "request": request,
                "navigation": _public_navigation(request.path),
            }
            return HttpResponseServerError(loader.get_template("500.html").render(context))
        except Exception:  # a broken layout must not hide the original error
            logger.exception("the 500 page could not be rendered")
            return HttpResponseServerError(BARE_PAGE)
