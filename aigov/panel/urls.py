"""Pages of the panel module, under the language prefix (/<lang>/panel/)."""

from django.urls import path

from aigov.panel import report_views, roster_views, views

app_name = "panel"

urlpatterns = [
    path("", views.index, name="index"),
    path("surveys/build/", views.survey_build, name="survey-build"),
    path("surveys/<slug:slug>/", views.survey_detail, name="survey-detail"),
    path("surveys/<slug:slug>/responses/", views.survey_responses, name="survey-responses"),
    path("surveys/<slug:slug>/referrals/", views.survey_referrals, name="survey-referrals"),
    path("respond/<str:token>/", views.respond, name="respond"),
    path("respond/<str:token>/refer/", views.respond_refer, name="respond-refer"),
    path("roster/", views.roster_page, name="roster"),
    path("roster/targets/", views.target_set, name="target-set"),
    path("roster/targets/<int:target_id>/remove/", views.target_remove, name="target-remove"),
    path("roster/nominate/", roster_views.nominate, name="nominate"),
    path("roster/nominations/", roster_views.nomination_list, name="nomination-list"),
    path(
        "roster/nominations/<int:nomination_id>/review/",
        roster_views.nomination_review,
        name="nomination-review",
    ),
    path("roster/nominations/<int:nomination_id>/appoint/", roster_views.appoint, name="appoint"),
    path("roster/groups/", roster_views.working_groups, name="working-groups"),
    path(
        "roster/groups/<slug:slug>/members/",
        roster_views.working_group_members,
        name="working-group-members",
    ),
    path("reports/", report_views.report_list, name="report-list"),
    path("reports/new/", report_views.report_new, name="report-new"),
    path("reports/<slug:slug>/", report_views.report_detail, name="report-detail"),
    path("reports/<slug:slug>/edit/", report_views.report_edit, name="report-edit"),
    path("reports/<slug:slug>/diff/", report_views.report_diff, name="report-diff"),
    path("reports/<slug:slug>/comment/", report_views.report_comment, name="report-comment"),
    path("reports/<slug:slug>/approve/", report_views.report_approve, name="report-approve"),
    path("reports/<slug:slug>/publish/", report_views.report_publish, name="report-publish"),
    path("reports/<slug:slug>/pdf/", report_views.report_pdf, name="report-pdf"),
]
