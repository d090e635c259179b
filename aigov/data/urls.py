from django.urls import path

from aigov.data import views

app_name = "data"

urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("datasets/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<int:pk>/files/<int:file_pk>/", views.file_download, name="file-download"),
    path("datasets/<int:pk>/request/", views.request_create, name="request-create"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("entitlements/<int:pk>/revoke/", views.entitlement_revoke, name="entitlement-revoke"),
    path("trusts/", views.trust_list, name="trust-list"),
    path("trusts/<slug:slug>/", views.trust_detail, name="trust-detail"),
    path("gaps/", views.gaps, name="gaps"),
]
