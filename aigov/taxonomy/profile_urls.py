"""/<lang>/countries/: each country's profile, the page an official opens first."""

from django.urls import path
from django.views.generic import RedirectView

from aigov.taxonomy import views

app_name = "countries"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="taxonomy:country-list"), name="list"),
    path("<str:iso3>/", views.country_profile, name="profile"),
]
