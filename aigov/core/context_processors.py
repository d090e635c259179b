"""Values every page needs: the module navigation."""

from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from aigov.accounts import access
from aigov.core import inbox

# Modules appear here as they are built: (URL name, label, permission needed or None).
NAVIGATION = [
    ("taxonomy:index", _("Taxonomy"), None),
    ("landscape:initiative-list", _("Landscape"), None),
    ("standards:index", _("Standards"), None),
    ("panel:index", _("Scientific panel"), None),
    ("dialogue:index", _("Policy dialogue"), None),
    ("capacity:index", _("Capacity"), None),
    ("compute:index", _("Compute"), None),
    ("core:search", _("Search"), None),
    ("core:inbox", _("Inbox"), "signed-in"),
    ("core:audit-log", _("Audit log"), "core.view_audit"),
]


class Waiting:
    """The number of records waiting for the reader, counted only if a page shows it (the
    navigation of a full page does; an htmx fragment does not)."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor

    @cached_property
    def count(self) -> int:
        return inbox.waiting_count(actor=self.actor)


def _shown(request: HttpRequest, permission: str | None) -> bool:
    if permission == "signed-in":
        return bool(getattr(request.user, "is_authenticated", False))
    return not permission or access.has(request.user, permission)


def shell(request: HttpRequest) -> dict[str, Any]:
    items = []
    waiting = Waiting(request.user)
    for url_name, label, permission in NAVIGATION:
        if not _shown(request, permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        item = {"url": url, "label": label, "current": request.path.startswith(url)}
        if url_name == "core:inbox":
            item["waiting"] = waiting
        items.append(item)
    return {"navigation": items, "inbox_waiting": waiting}
