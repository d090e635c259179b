"""Pages of the panel module, under the language prefix (/<lang>/panel/)."""

from django.urls import URLPattern

app_name = "panel"

urlpatterns: list[URLPattern] = []
