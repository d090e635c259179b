from django.urls import path

from aigov.landscape import views

app_name = "landscape"
urlpatterns = [
    path("", views.initiative_list, name="initiative-list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("representation/", views.representation, name="representation"),
    path("over-time/", views.over_time, name="over-time"),
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/new/", views.policy_edit, name="policy-new"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy-detail"),
    path("policies/<slug:slug>/edit/", views.policy_edit, name="policy-edit"),
    path("un/", views.un_system, name="un-system"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/new/", views.proposal_new, name="proposal-new"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:proposal_id>/review/", views.proposal_review, name="proposal-review"),
]
