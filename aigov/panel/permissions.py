"""Rules of the panel module: published results are public, raw responses are the secretariat's."""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from aigov.accounts import access
from aigov.accounts.access import rule
from aigov.accounts.predicates import (
    focal_point_countries,
    is_administrator,
    is_secretariat,
    is_signed_in,
)
from aigov.core.errors import NotAllowed

is_secretariat_or_admin = is_administrator | is_secretariat


@rules.predicate
def is_system(user: Any) -> bool:
    return bool(getattr(user, "is_system", False))


@rules.predicate
def is_published(user: Any, survey: Any) -> bool:
    return bool(survey is not None and getattr(survey, "is_published", False))


manages_panel = is_secretariat_or_admin | is_system


def _surveys_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if manages_panel(actor):
        return queryset
    return queryset.filter(status="published")


def _responses_visible_to(actor: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if manages_panel(actor) else queryset.none()


@rules.predicate
def is_focal_point_for(user: Any, country: Any) -> bool:
    code = getattr(country, "pk", country)
    return bool(code) and code in focal_point_countries(user)


def focal_point_for(user: Any) -> frozenset[str]:
    """The countries `user` nominates for as focal point."""
    return focal_point_countries(user)


def published_filter() -> Q:
    return Q(status="published")


def register() -> None:
    # A survey and its analysed results: public once published; before that, the secretariat's.
    rule("panel.view_survey", manages_panel | is_published, scope=_surveys_visible_to)
    rule("panel.view_results", manages_panel | is_published)
    # Raw responses (who answered what): the secretariat only, published or not.
    rule("panel.view_responses", manages_panel, scope=_responses_visible_to)
    rule("panel.manage_survey", manages_panel)
    # The roster: focal points nominate nationals of their country, anyone signed in may
    # nominate themself, the secretariat reviews, appoints and sets the balance targets.
    rule("panel.nominate_for_country", is_focal_point_for)
    rule("panel.self_nominate", is_signed_in)
    rule("panel.manage_roster", manages_panel)


# The system actor (commands, tasks, demo data) cannot sign in, so `access` treats it as
# inactive; for the panel's operator commands it acts with the secretariat's rights.
# Visitors who are not signed in (AnonymousUser, whose is_active is False) read what is public:
# `access` refuses inactive actors outright, so for them the same rules are asked directly.
def _is_visitor(actor: Any) -> bool:
    return not getattr(actor, "is_authenticated", False)


def can(actor: Any, perm: str, obj: Any = None) -> bool:
    if is_system(actor):
        return True
    if _is_visitor(actor):
        return bool(rules.has_perm(perm, actor, obj))
    return access.has(actor, perm, obj)


def require(actor: Any, perm: str, obj: Any = None) -> None:
    if not can(actor, perm, obj):
        raise NotAllowed()


def narrow(actor: Any, perm: str, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_system(actor):
        return queryset
    if _is_visitor(actor):
        return _VISITOR_SCOPES[perm](actor, queryset)
    return access.scope(actor, perm, queryset)


_VISITOR_SCOPES = {
    "panel.view_survey": _surveys_visible_to,
    "panel.view_responses": _responses_visible_to,
}
