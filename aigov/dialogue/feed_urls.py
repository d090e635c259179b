"""URLs of the dialogue outside the language prefix (included at /dialogue/ by aigov/urls.py)."""

from django.urls import URLPattern, path

from aigov.dialogue.feeds import PublicIncidentFeed

urlpatterns: list[URLPattern] = [
    path("incidents/feed.atom", PublicIncidentFeed(), name="dialogue-incident-feed"),
]
