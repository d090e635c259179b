"""Rules of the landscape module.

Initiatives, participation, policies and the UN system are public: everyone reads them. The
secretariat edits all of it. A member state's focal point proposes changes to its own
country's participation and policies; only the secretariat accepts or rejects a proposal.
Proposals are seen by the secretariat and by the focal points of the country concerned.

System jobs hold only what their commands write (`jobs=`): an operator's `aigov import
policies|participations` edits the library, and `aigov demo load` records demonstration UN AI
projects. `aigov load-reference` writes through the reference loader, which needs no rule here.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from aigov.accounts.access import Actor, Purpose, rule
from aigov.accounts.predicates import focal_point_countries, is_administrator, is_secretariat

is_secretariat_or_admin = is_administrator | is_secretariat


def _country_code(obj: Any) -> str | None:
    """The country a proposal (or a country, or an ISO code) is about."""
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj.upper()
    return str(getattr(obj, "country_id", None) or getattr(obj, "iso3", None) or "") or None


@rules.predicate
def is_focal_point_of(user: Actor, obj: Any) -> bool:
    code = _country_code(obj)
    return bool(code) and code in focal_point_countries(user)


@rules.predicate
def is_proposer(user: Actor, proposal: Any) -> bool:
    return bool(
        proposal is not None
        and getattr(user, "is_authenticated", False)
        and user.pk == proposal.proposer_id
    )


def _proposals_visible_to(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if is_secretariat_or_admin(actor):
        return queryset
    countries = focal_point_countries(actor)
    if countries:
        return queryset.filter(country_id__in=countries)
    return queryset.none()


def _public(actor: Actor, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Return every record: the library of policies is public."""
    return queryset


def register() -> None:
    rule("landscape.edit", is_secretariat_or_admin, jobs=(Purpose.OPERATOR,))
    rule("landscape.add_un_project", is_secretariat_or_admin, jobs=(Purpose.DEMO_DATA,))
    rule("landscape.propose_change", is_focal_point_of)
    rule("landscape.review_proposal", is_secretariat_or_admin)
    rule("landscape.withdraw_proposal", is_proposer)
    rule(
        "landscape.view_proposal",
        is_secretariat_or_admin | is_focal_point_of,
        scope=_proposals_visible_to,
    )
    # Public, but through the one mechanism, as the standards register is: a deactivated
    # account reads nothing, and the standards and dialogue modules read policies through it.
    rule("landscape.view_policy", rules.always_allow, scope=_public)
