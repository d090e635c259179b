"""Values every page needs: the module navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# Modules appear here as they are built; each entry is (URL name, label).
NAVIGATION = [
    ("taxonomy:index", _("Taxonomy")),
    ("core:search", _("Search")),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    items = []
    for url_name, label in NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {"navigation": items}
