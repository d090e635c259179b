"""Pages of the standards module, under the language prefix (/<lang>/standards/)."""

from django.urls import path

from aigov.standards import views
from aigov.standards.feeds import StatusChangeFeed

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="index"),
    path("<int:pk>/", views.standard_detail, name="standard-detail"),
    path("<int:pk>/edit/", views.standard_edit, name="standard-edit"),
    path("<int:pk>/reviews/", views.review_create, name="review-create"),
    path("<int:pk>/reviews/<int:review_pk>/reply/", views.review_reply, name="review-reply"),
    path("reviews/<int:review_pk>/reply/", views.review_reply, name="any-review-reply"),
    path("reviews/<int:review_pk>/moderate/", views.review_moderate, name="any-review-moderate"),
    path(
        "<int:pk>/reviews/<int:review_pk>/moderate/",
        views.review_moderate,
        name="review-moderate",
    ),
    path("<int:pk>/follow/", views.standard_follow, name="standard-follow"),
    path("following/", views.following, name="following"),
    path("following/<int:follow_pk>/delete/", views.follow_delete, name="follow-delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/", StatusChangeFeed(), name="feed"),
    path("trends/", views.trends, name="trends"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/proposals/", views.gap_proposals, name="gap-proposals"),
    path("gaps/proposals/<int:pk>/endorse/", views.gap_endorse, name="gap-endorse"),
    path("gaps/proposals/<int:pk>/moderate/", views.gap_moderate, name="gap-moderate"),
    path("tools/", views.tool_list, name="tool-list"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool-detail"),
    path("concepts/", views.concept_list, name="concept-list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept-detail"),
    path(
        "concepts/<slug:slug>/reviews/",
        views.concept_review_create,
        name="concept-review-create",
    ),
]
