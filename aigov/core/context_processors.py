"""Values every page needs: the module navigation."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from aigov.accounts import access

# Modules appear here as they are built: (URL name, label, permission needed or None).
NAVIGATION = [
    ("taxonomy:index", _("Taxonomy"), None),
    ("landscape:initiative-list", _("Landscape"), None),
    ("standards:index", _("Standards"), None),
    ("panel:index", _("Scientific panel"), None),
    ("dialogue:index", _("Policy dialogue"), None),
    ("capacity:index", _("Capacity"), None),
    ("core:search", _("Search"), None),
    ("core:audit-log", _("Audit log"), "core.view_audit"),
]


def shell(request: HttpRequest) -> dict[str, Any]:
    items = []
    for url_name, label, permission in NAVIGATION:
        if permission and not access.has(request.user, permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {"navigation": items}
