"""Pages of the fund, under the language prefix (/<lang>/fund/)."""

from django.urls import path

from aigov.fund import views

app_name = "fund"

urlpatterns = [
    path("", views.index, name="index"),
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("calls/", views.call_list, name="call-list"),
    path("statement/", views.statement, name="statement"),
    path("books/", views.books, name="books"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/review/", views.application_review, name="application-review"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
]
