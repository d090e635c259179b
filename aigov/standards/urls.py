"""Pages of the standards module, under the language prefix (/<lang>/standards/)."""

from django.urls import URLPattern

app_name = "standards"

urlpatterns: list[URLPattern] = []
