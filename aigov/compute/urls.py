from django.urls import path

from aigov.compute import views

app_name = "compute"

urlpatterns = [
    path("", views.catalogue, name="index"),
    path("resources/import/", views.resource_import, name="resource-import"),
    path("usage/", views.usage, name="usage"),
    path("usage/policy/", views.policy_set, name="policy-set"),
    path("landscape/", views.landscape, name="landscape"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/request/", views.request_create, name="request-create"),
    path("requests/review/", views.review_queue, name="review-queue"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation-detail"),
    path("allocations/<int:pk>/extend/", views.allocation_extend, name="allocation-extend"),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job-cancel"),
]
