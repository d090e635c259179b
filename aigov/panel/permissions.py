"""Rules of the panel module: published results are public, raw responses are the secretariat's."""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts.access import Actor, Purpose, account_of, rule
from aigov.accounts.predicates import (
    focal_point_countries,
    is_administrator,
    is_secretariat,
    is_signed_in,
)

is_secretariat_or_admin = is_administrator | is_secretariat


@rules.predicate
def is_published(user: Actor, survey: Any) -> bool:
    return bool(survey is not None and getattr(survey, "is_published", False))


manages_panel = is_secretariat_or_admin


def _surveys_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if manages_panel(actor):
        return queryset
    return queryset.filter(status="published")


def _responses_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if manages_panel(actor) else queryset.none()


@rules.predicate
def is_focal_point_for(user: Actor, country: Any) -> bool:
    code = getattr(country, "pk", country)
    return bool(code) and code in focal_point_countries(user)


def focal_point_for(user: Actor) -> frozenset[str]:
    """The countries `user` nominates for as focal point."""
    return focal_point_countries(user)


def published_filter() -> Q:
    return Q(status="published")


@rules.predicate
def is_published_report(user: Actor, report: Any) -> bool:
    return bool(report is not None and getattr(report, "is_published", False))


@rules.predicate
def is_report_author(user: Actor, report: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and report is not None
        and report.author_id == user.pk
    )


def expert_group_ids(user: Actor) -> frozenset[int]:
    """The working groups `user` belongs to as an expert (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    account = account_of(user)
    if account is None:
        return frozenset()
    cached: frozenset[int] | None = getattr(account, "_aigov_panel_groups", None)
    if cached is None:
        from aigov.panel.models import WorkingGroup

        cached = frozenset(
            WorkingGroup.objects.filter(members__user=account).values_list("pk", flat=True)
        )
        account._aigov_panel_groups = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


@rules.predicate
def is_report_group_member(user: Actor, report: Any) -> bool:
    return bool(
        report is not None
        and report.working_group_id is not None
        and report.working_group_id in expert_group_ids(user)
    )


@rules.predicate
def is_panel_member(user: Actor) -> bool:
    """An appointed expert whose term runs today."""
    if not getattr(user, "is_authenticated", False):
        return False
    from django.utils import timezone

    from aigov.panel.models import Appointment

    today = timezone.localdate()
    return Appointment.objects.filter(
        expert__user=account_of(user), starts_on__lte=today, ends_on__gt=today
    ).exists()


def _reports_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if manages_panel(actor):
        return queryset
    visible = Q(status="published")
    if getattr(actor, "is_authenticated", False):
        visible |= Q(author=account_of(actor)) | Q(working_group_id__in=expert_group_ids(actor))
    return queryset.filter(visible)


def _comments_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if manages_panel(actor):
        return queryset
    if not getattr(actor, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(
        Q(report__author=account_of(actor))
        | Q(report__working_group_id__in=expert_group_ids(actor))
    )


@rules.predicate
def is_nomination_of_own_country(user: Actor, nomination: Any) -> bool:
    return bool(nomination is not None and nomination.country_id in focal_point_for(user))


@rules.predicate
def is_own_nomination(user: Actor, nomination: Any) -> bool:
    account = account_of(user)
    return bool(
        account is not None and nomination is not None and nomination.expert.user_id == account.pk
    )


def _nominations_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if manages_panel(actor):
        return queryset
    account = account_of(actor)
    if account is None:
        return queryset.none()
    return queryset.filter(Q(country__in=focal_point_for(actor)) | Q(expert__user=account))


def register() -> None:
    # Operators run the survey commands (`aigov panel …`: import responses, open and close
    # surveys, analyses); demonstration data creates a published survey with answers; report
    # rendering reads the survey figures a report embeds.
    surveys = (Purpose.OPERATOR, Purpose.DEMO_DATA)
    # A survey and its analysed results: public once published; before that, the secretariat's.
    rule(
        "panel.view_survey",
        manages_panel | is_published,
        scope=_surveys_visible_to,
        jobs=(*surveys, Purpose.REPORT_RENDERING),
    )
    rule(
        "panel.view_results",
        manages_panel | is_published,
        jobs=(*surveys, Purpose.REPORT_RENDERING),
    )
    # Raw responses (who answered what): the secretariat only, published or not.
    rule("panel.view_responses", manages_panel, scope=_responses_visible_to, jobs=surveys)
    rule("panel.manage_survey", manages_panel, jobs=surveys)
    # The roster: focal points nominate nationals of their country, anyone signed in may
    # nominate themself, the secretariat reviews, appoints and sets the balance targets.
    rule("panel.nominate_for_country", is_focal_point_for)
    rule("panel.self_nominate", is_signed_in)
    rule("panel.manage_roster", manages_panel)
    # A nomination is seen by the secretariat, the focal points of its country and the nominee.
    rule(
        "panel.view_nomination",
        manages_panel | is_nomination_of_own_country | is_own_nomination,
        scope=_nominations_visible_to,
    )
    # Reports: a draft is seen by its author, the members of its working group and the
    # secretariat (absent for everyone else); a published report is public. Panel members
    # (appointed experts) write reports and comment on the drafts they see; the secretariat
    # approves and publishes.
    rule(
        "panel.view_report",
        manages_panel | is_published_report | is_report_author | is_report_group_member,
        scope=_reports_visible_to,
        jobs=(Purpose.REPORT_RENDERING,),
    )
    rule("panel.create_report", manages_panel | is_panel_member)
    rule("panel.edit_report", manages_panel | is_report_author | is_report_group_member)
    rule(
        "panel.comment_report",
        manages_panel | (is_panel_member & (is_report_author | is_report_group_member)),
    )
    rule(
        "panel.view_report_comments",
        manages_panel | is_report_author | is_report_group_member,
        scope=_comments_visible_to,
    )
    rule("panel.approve_report", manages_panel)
    rule("panel.publish_report", manages_panel)
    rule("panel.manage_working_groups", manages_panel)
