"""Pages of the fund, under the language prefix (/<lang>/fund/)."""

from django.urls import path

from aigov.fund import edit_views, views

app_name = "fund"

urlpatterns = [
    path("", views.index, name="index"),
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/new/", edit_views.grant_create, name="grant-create"),
    path("grants/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("grants/<int:pk>/disburse/", edit_views.disbursement_create, name="disbursement-create"),
    path("grants/<int:pk>/report/", edit_views.report_create, name="report-create"),
    path("calls/", views.call_list, name="call-list"),
    path("calls/new/", edit_views.call_create, name="call-create"),
    path("calls/<int:pk>/apply/", edit_views.application_create, name="application-create"),
    path("contributions/new/", edit_views.contribution_create, name="contribution-create"),
    path("pledges/new/", edit_views.pledge_create, name="pledge-create"),
    path("statement/", views.statement, name="statement"),
    path("books/", views.books, name="books"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/review/", views.application_review, name="application-review"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
]
