"""Pages of the capacity module, under the language prefix (/<lang>/capacity/)."""

from django.urls import path

from aigov.capacity import views

app_name = "capacity"

urlpatterns = [
    path("", views.catalogue, name="index"),
    path("nodes/", views.node_list, name="node-list"),
    path("offerings/<slug:slug>/", views.offering_detail, name="offering-detail"),
    path("offerings/<slug:slug>/enrol/", views.enrol, name="offering-enrol"),
    path("offerings/<slug:slug>/register/", views.register, name="offering-register"),
    path("offerings/<slug:slug>/lessons/<int:pk>/", views.lesson, name="lesson-detail"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("my-learning/", views.my_learning, name="my-learning"),
    path("credentials/<uuid:pk>/download/", views.credential_download, name="credential-download"),
    path("verify/", views.verify, name="credential-verify"),
    path("report/", views.report, name="report"),
    path("my-learning/profile/", views.learner_profile, name="learner-profile"),
    path("readiness/", views.readiness_list, name="readiness-list"),
    path("readiness/<int:pk>/", views.readiness_detail, name="readiness-detail"),
    path("readiness/<int:pk>/consent/", views.readiness_consent, name="readiness-consent"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    path("offers/", views.offer_list, name="offer-list"),
    path("introductions/<int:pk>/status/", views.introduction_status, name="introduction-status"),
]
