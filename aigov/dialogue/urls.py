"""Pages of the dialogue module, under the language prefix (/<lang>/dialogue/)."""

from django.urls import URLPattern

app_name = "dialogue"

urlpatterns: list[URLPattern] = []
