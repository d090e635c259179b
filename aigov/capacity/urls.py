"""Pages of the capacity module, under the language prefix (/<lang>/capacity/)."""

from django.urls import path

from aigov.capacity import edit_views, library_views, views

app_name = "capacity"

urlpatterns = [
    path("", views.catalogue, name="index"),
    path("nodes/", views.node_list, name="node-list"),
    path("nodes/new/", edit_views.node_create, name="node-create"),
    path("nodes/<slug:slug>/", edit_views.node_detail, name="node-detail"),
    path("nodes/<slug:slug>/edit/", edit_views.node_edit, name="node-edit"),
    path("providers/new/", edit_views.provider_create, name="provider-create"),
    path("providers/<slug:slug>/edit/", edit_views.provider_edit, name="provider-edit"),
    path("offerings/new/", edit_views.offering_create, name="offering-create"),
    path("offerings/import/", edit_views.offering_import, name="offering-import"),
    path("offerings/<slug:slug>/edit/", edit_views.offering_edit, name="offering-edit"),
    path("offerings/<slug:slug>/content/", edit_views.course_content, name="course-content"),
    path(
        "offerings/<slug:slug>/content/upload/",
        edit_views.content_upload,
        name="content-upload",
    ),
    path("offerings/<slug:slug>/content/modules/", edit_views.module_add, name="module-add"),
    path(
        "offerings/<slug:slug>/content/modules/<int:pk>/",
        edit_views.module_edit,
        name="module-edit",
    ),
    path(
        "offerings/<slug:slug>/content/modules/<int:pk>/lessons/",
        edit_views.lesson_add,
        name="lesson-add",
    ),
    path(
        "offerings/<slug:slug>/content/lessons/<int:pk>/",
        edit_views.lesson_edit,
        name="lesson-edit",
    ),
    path(
        "offerings/<slug:slug>/content/lessons/<int:pk>/questions/",
        edit_views.question_add,
        name="question-add",
    ),
    path(
        "offerings/<slug:slug>/content/lessons/<int:pk>/questions/<int:question>/delete/",
        edit_views.question_delete,
        name="question-delete",
    ),
    path("offerings/<slug:slug>/", views.offering_detail, name="offering-detail"),
    path("offerings/<slug:slug>/enrol/", views.enrol, name="offering-enrol"),
    path("offerings/<slug:slug>/register/", views.register, name="offering-register"),
    path("offerings/<slug:slug>/lessons/<int:pk>/", views.lesson, name="lesson-detail"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("my-learning/", views.my_learning, name="my-learning"),
    path("my-learning/events.ics", views.my_events_ical, name="my-events-ical"),
    path("offerings/<slug:slug>/event.ics", views.offering_ical, name="offering-ical"),
    path("credentials/<uuid:pk>/download/", views.credential_download, name="credential-download"),
    path("verify/", views.verify, name="credential-verify"),
    path("report/", views.report, name="report"),
    path("my-learning/profile/", views.learner_profile, name="learner-profile"),
    path("readiness/", views.readiness_list, name="readiness-list"),
    path("readiness/<int:pk>/", views.readiness_detail, name="readiness-detail"),
    path("readiness/<int:pk>/consent/", views.readiness_consent, name="readiness-consent"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("needs/<int:pk>/close/", views.need_close, name="need-close"),
    path("offers/", views.offer_list, name="offer-list"),
    path("offers/<int:pk>/status/", views.offer_status, name="offer-status"),
    path("introductions/<int:pk>/status/", views.introduction_status, name="introduction-status"),
    path("library/", library_views.library, name="library"),
    path("library/<int:pk>/", library_views.collection_detail, name="collection-detail"),
    path("library/<int:pk>/edit/", library_views.collection_edit, name="collection-edit"),
    path("library/<int:pk>/share/", library_views.share, name="collection-share"),
    path(
        "library/<int:pk>/members/<int:member>/remove/",
        library_views.unshare,
        name="collection-unshare",
    ),
    path(
        "library/<int:pk>/items/<int:item>/remove/",
        library_views.item_remove,
        name="collection-item-remove",
    ),
    path(
        "library/<int:pk>/items/<int:item>/move/",
        library_views.item_move,
        name="collection-item-move",
    ),
    path("offerings/<slug:slug>/save/", library_views.save_offering, name="offering-save"),
]
