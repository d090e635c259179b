"""Pages of the dialogue module, under the language prefix (/<lang>/dialogue/)."""

from django.urls import path

from aigov.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/new/", views.incident_file, name="incident-file"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/link/", views.incident_link, name="incident-link"),
    path("incidents/<int:pk>/publish/", views.incident_publish, name="incident-publish"),
    path("incidents/<int:pk>/status/", views.incident_status, name="incident-status"),
    path("sessions/<slug:slug>/", views.session_detail, name="session-detail"),
    path(
        "sessions/<slug:slug>/calendar.ics",
        views.session_calendar_file,
        name="session-calendar",
    ),
    path("sessions/<slug:slug>/register/", views.session_register, name="session-register"),
    path("practices/<int:pk>/", views.practice_detail, name="practice-detail"),
]
