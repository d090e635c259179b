"""Pages of the panel module, under the language prefix (/<lang>/panel/)."""

from django.urls import path

from aigov.panel import views

app_name = "panel"

urlpatterns = [
    path("", views.index, name="index"),
    path("surveys/<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("surveys/<slug:slug>/responses/", views.survey_responses, name="survey-responses"),
    path("respond/<str:token>/", views.respond, name="respond"),
    path("roster/", views.roster_page, name="roster"),
]
