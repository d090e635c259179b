from django.urls import path

from aigov.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.index, name="index"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("sdgs/", views.sdg_list, name="sdg-list"),
    path("sdgs/<int:number>/", views.sdg_detail, name="sdg-detail"),
    path("risks/", views.risk_list, name="risk-list"),
    path("lifecycle/", views.lifecycle_list, name="lifecycle-list"),
    path("languages/", views.language_list, name="language-list"),
    path("topics/", views.topic_list, name="topic-list"),
]
