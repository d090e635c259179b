"""Reads of the records agenda items and practices link to: policies, standards, reports."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from aigov.core.errors import InvalidInput, NotFound
from aigov.dialogue.models import Incident
from aigov.dialogue.selectors.incidents import incident_get
from aigov.landscape.models import Policy
from aigov.landscape.selectors import policy_list
from aigov.panel.models import Report
from aigov.panel.reports import report_list
from aigov.standards.models import Standard
from aigov.standards.selectors import standard_list


def _policies(actor: Any) -> QuerySet[Policy]:
    # Linked records are listed by name only: no need for their own tags.
    return policy_list(actor=actor).prefetch_related(None).order_by("slug")


def _standards(actor: Any) -> QuerySet[Standard]:
    return standard_list(actor=actor).prefetch_related(None).order_by("reference")


def _reports(actor: Any) -> QuerySet[Report]:
    # Only the panel reports `actor` may read: a draft is absent for everyone else.
    return report_list(actor=actor).select_related(None).order_by("slug")


@dataclass(frozen=True)
class LinkTargets:
    incidents: list[Incident]
    policies: list[Policy]
    standards: list[Standard]
    reports: list[Report]


def link_targets(
    *,
    actor: Any,
    incidents: Iterable[int] = (),
    policies: Iterable[str] = (),
    standards: Iterable[str] = (),
    reports: Iterable[str] = (),
) -> LinkTargets:
    """Resolve incident numbers, policy slugs, standard references and panel report slugs to
    link; raise InvalidInput naming each unknown one. An incident or a panel report the actor
    may not read is unknown too, with the same message, so the error tells nothing about it."""
    errors: list[dict[str, Any]] = []
    found_incidents = []
    for number in dict.fromkeys(incidents):
        try:
            found_incidents.append(incident_get(actor=actor, pk=int(number)))
        except (NotFound, ValueError, OverflowError):
            errors.append(
                {
                    "field": "incidents",
                    "code": "unknown",
                    "message": gettext("There is no incident %(number)s.") % {"number": number},
                }
            )
    slugs = [str(slug).strip() for slug in policies if str(slug).strip()]
    by_slug = {policy.slug: policy for policy in policy_list(actor=actor).filter(slug__in=slugs)}
    errors.extend(
        {
            "field": "policies",
            "code": "unknown",
            "message": gettext("There is no policy %(slug)s in the landscape library.")
            % {"slug": slug},
        }
        for slug in slugs
        if slug not in by_slug
    )
    references = [str(ref).strip() for ref in standards if str(ref).strip()]
    by_reference = {
        standard.reference: standard
        for standard in standard_list(actor=actor).filter(reference__in=references)
    }
    errors.extend(
        {
            "field": "standards",
            "code": "unknown",
            "message": gettext("There is no standard %(reference)s in the register.")
            % {"reference": reference},
        }
        for reference in references
        if reference not in by_reference
    )
    report_slugs = [str(slug).strip() for slug in reports if str(slug).strip()]
    by_report_slug = {
        report.slug: report for report in _reports(actor).filter(slug__in=report_slugs)
    }
    errors.extend(
        {
            "field": "reports",
            "code": "unknown",
            "message": gettext("There is no panel report %(slug)s.") % {"slug": slug},
        }
        for slug in report_slugs
        if slug not in by_report_slug
    )
    if errors:
        raise InvalidInput(errors=errors)
    return LinkTargets(
        incidents=found_incidents,
        policies=[by_slug[slug] for slug in dict.fromkeys(slugs)],
        standards=[by_reference[ref] for ref in dict.fromkeys(references)],
        reports=[by_report_slug[slug] for slug in dict.fromkeys(report_slugs)],
    )
