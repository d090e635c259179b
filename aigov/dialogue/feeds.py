"""The Atom feed of incident reports at /dialogue/incidents/feed.atom (outside the language
prefix). It serves only what an anonymous visitor may read, whoever asks: feed readers and
shared caches must never receive a confidential entry."""

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from aigov.dialogue import selectors
from aigov.dialogue.models import IncidentReport

FEED_SIZE = 50


class PublicIncidentFeed(Feed):
    feed_type = Atom1Feed
    title = _("AI incident reports shared through the policy dialogue")
    subtitle = _("Public incident reports and published redacted versions.")
    link = "/en/dialogue/incidents/"

    def items(self) -> list[IncidentReport]:
        return list(selectors.public_incident_report_list()[:FEED_SIZE])

    def item_title(self, item: IncidentReport) -> str:
        return item.title

    def item_description(self, item: IncidentReport) -> str:
        return "" if item.is_redacted("description") else item.description

    def item_link(self, item: IncidentReport) -> str:
        return f"/en/dialogue/incidents/{item.pk}/"

    def item_guid(self, item: IncidentReport) -> str:
        return f"aigov-dialogue-incident-report-{item.pk}"

    def item_updateddate(self, item: IncidentReport) -> datetime.datetime:
        return item.updated_at

    def item_pubdate(self, item: IncidentReport) -> datetime.datetime:
        return item.created_at

    def item_categories(self, item: IncidentReport) -> list[Any]:
        if item.is_redacted("risk_areas"):
            return []
        return [area.slug for area in item.risk_areas.all()]
