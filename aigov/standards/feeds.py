"""The Atom feed of what changed in the register: every status a standard enters."""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from aigov.standards import selectors
from aigov.standards.models import StatusChange


class StatusChangeFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("AI standards: status changes")

    def subtitle(self) -> str:
        return _("New standards and changes of status in the AI Standards Exchange.")

    def link(self) -> str:
        return reverse("standards:index")

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        return None

    def items(self) -> list[StatusChange]:
        return selectors.status_change_recent(limit=50)

    def item_title(self, item: StatusChange) -> str:
        return _("%(reference)s: %(status)s") % {
            "reference": item.standard.reference,
            "status": item.get_status_display(),
        }

    def item_description(self, item: StatusChange) -> str:
        parts = [item.standard.title, item.standard.body.name, item.get_origin_display(), item.note]
        return " — ".join(part for part in parts if part)

    def item_link(self, item: StatusChange) -> str:
        return item.standard.get_absolute_url()

    def item_guid(self, item: StatusChange) -> str:
        return f"urn:aigov:standards:status-change:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: StatusChange) -> datetime.datetime:
        return item.recorded_at

    def item_updateddate(self, item: StatusChange) -> datetime.datetime:
        return item.recorded_at
