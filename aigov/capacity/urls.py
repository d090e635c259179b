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
]
