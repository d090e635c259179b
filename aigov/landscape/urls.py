from django.urls import path

from aigov.landscape import views

app_name = "landscape"
urlpatterns = [
    path("", views.initiative_list, name="initiative-list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("representation/", views.representation, name="representation"),
]
