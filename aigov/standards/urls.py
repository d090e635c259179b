"""Pages of the standards module, under the language prefix (/<lang>/standards/)."""

from django.urls import path

from aigov.standards import views
from aigov.standards.feeds import StatusChangeFeed

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="index"),
    path("<int:pk>/", views.standard_detail, name="standard-detail"),
    path("<int:pk>/reviews/", views.review_create, name="review-create"),
    path("<int:pk>/reviews/<int:review_pk>/reply/", views.review_reply, name="review-reply"),
    path(
        "<int:pk>/reviews/<int:review_pk>/moderate/",
        views.review_moderate,
        name="review-moderate",
    ),
    path("feed/", StatusChangeFeed(), name="feed"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/proposals/", views.gap_proposals, name="gap-proposals"),
    path("gaps/proposals/<int:pk>/endorse/", views.gap_endorse, name="gap-endorse"),
    path("concepts/", views.concept_list, name="concept-list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept-detail"),
]
