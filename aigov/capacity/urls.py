"""Pages of the capacity module, under the language prefix (/<lang>/capacity/)."""

from django.urls import URLPattern

app_name = "capacity"

urlpatterns: list[URLPattern] = []
