"""Pages of the dialogue module, under the language prefix (/<lang>/dialogue/)."""

from django.urls import path

from aigov.dialogue import session_views, views

app_name = "dialogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/new/", views.incident_file, name="incident-file"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path("incidents/<int:pk>/link/", views.incident_link, name="incident-link"),
    path("incidents/<int:pk>/publish/", views.incident_publish, name="incident-publish"),
    path("incidents/<int:pk>/withdraw/", views.incident_withdraw, name="incident-withdraw"),
    path("incidents/<int:pk>/status/", views.incident_status, name="incident-status"),
    path("sessions/new/", session_views.session_create, name="session-create"),
    path("sessions/<slug:slug>/", views.session_detail, name="session-detail"),
    path("sessions/<slug:slug>/manage/", session_views.session_manage, name="session-manage"),
    path("sessions/<slug:slug>/segments/add/", session_views.segment_add, name="segment-add"),
    path(
        "sessions/<slug:slug>/segments/<int:pk>/remove/",
        session_views.segment_remove,
        name="segment-remove",
    ),
    path("sessions/<slug:slug>/agenda/new/", session_views.agenda_item_edit, name="agenda-create"),
    path(
        "sessions/<slug:slug>/agenda/<int:pk>/",
        session_views.agenda_item_edit,
        name="agenda-edit",
    ),
    path(
        "sessions/<slug:slug>/agenda/<int:pk>/remove/",
        session_views.agenda_item_remove,
        name="agenda-remove",
    ),
    path(
        "sessions/<slug:slug>/statements/new/",
        session_views.statement_create,
        name="statement-create",
    ),
    path(
        "sessions/<slug:slug>/calendar.ics",
        views.session_calendar_file,
        name="session-calendar",
    ),
    path("sessions/<slug:slug>/register/", views.session_register, name="session-register"),
    path("statements/<int:pk>/publish/", session_views.statement_publish, name="statement-publish"),
    path("statements/<int:pk>/remove/", session_views.statement_remove, name="statement-remove"),
    path("statements/<int:pk>/documents/", session_views.document_add, name="document-add"),
    path("documents/<int:pk>/", session_views.document_download, name="document-download"),
    path("documents/<int:pk>/remove/", session_views.document_remove, name="document-remove"),
    path("practices/<int:pk>/", views.practice_detail, name="practice-detail"),
    path("practices/<int:pk>/review/", views.practice_review, name="practice-review"),
    path("practices/<int:pk>/links/", views.practice_links, name="practice-links"),
]
