from django.urls import path

from aigov.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/time-zone/", views.time_zone_set, name="time-zone-set"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
