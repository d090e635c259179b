"""Reads of the records agenda items and practices link to: policies, standards, reports.

The other modules' records are read through their selectors only (landscape's `policy_list`,
standards' `standard_list`, panel's `report_link_list`), each narrowed to what the actor may
read; their models are those modules' own, so they are typed `Any` here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from aigov.accounts.access import Actor, scope
from aigov.core.errors import ErrorItem, InvalidInput, NotFound, field_error
from aigov.dialogue.models import Incident, Session
from aigov.dialogue.selectors.incidents import incident_get
from aigov.landscape.selectors import policy_list
from aigov.panel.selectors import report_link_list
from aigov.standards.selectors import standard_list


def _policies(actor: Actor) -> QuerySet[Any]:
    # Linked records are listed by name only: no need for their own tags.
    return policy_list(actor=actor).prefetch_related(None).order_by("slug")


def _standards(actor: Actor) -> QuerySet[Any]:
    return standard_list(actor=actor).prefetch_related(None).order_by("reference")


def _reports(actor: Actor) -> QuerySet[Any]:
    # Only the panel reports `actor` may read: a draft is absent for everyone else.
    return report_link_list(actor=actor)


@dataclass(frozen=True)
class LinkTargets:
    incidents: list[Incident]
    policies: list[Any]
    standards: list[Any]
    reports: list[Any]
    sessions: list[Session]


def _resolve(
    wanted: Iterable[str],
    records: QuerySet[Any],
    *,
    key: str,
    field: str,
    unknown: str,
    errors: list[ErrorItem],
) -> list[Any]:
    """Return the records of `records` whose `key` is among `wanted`, in the order asked and
    without repeats; add an error item naming each key none has (`unknown` % {key: ...})."""
    keys = list(dict.fromkeys(str(value).strip() for value in wanted if str(value).strip()))
    found = {getattr(record, key): record for record in records.filter(**{f"{key}__in": keys})}
    errors.extend(
        field_error(field, "unknown", unknown % {key: value})
        for value in keys
        if value not in found
    )
    return [found[value] for value in keys if value in found]


def link_targets(
    *,
    actor: Actor,
    incidents: Iterable[int] = (),
    policies: Iterable[str] = (),
    standards: Iterable[str] = (),
    reports: Iterable[str] = (),
    sessions: Iterable[str] = (),
) -> LinkTargets:
    """Resolve incident numbers, policy slugs, standard references, panel report slugs and
    session slugs to link; raise InvalidInput naming each unknown one. An incident or a panel
    report the actor may not read is unknown too, with the same message, so the error tells
    nothing about it."""
    errors: list[ErrorItem] = []
    found_incidents = []
    for number in dict.fromkeys(incidents):
        try:
            found_incidents.append(incident_get(actor=actor, pk=int(number)))
        except (NotFound, ValueError, OverflowError):
            errors.append(
                field_error(
                    "incidents",
                    "unknown",
                    gettext("There is no incident %(number)s.") % {"number": number},
                )
            )
    # field: (what was asked, where to look, the key it names, the message for an unknown key)
    lookups: dict[str, tuple[Iterable[str], QuerySet[Any], str, str]] = {
        "policies": (
            policies,
            policy_list(actor=actor),
            "slug",
            gettext("There is no policy %(slug)s in the landscape library."),
        ),
        "standards": (
            standards,
            standard_list(actor=actor),
            "reference",
            gettext("There is no standard %(reference)s in the register."),
        ),
        "reports": (
            reports,
            _reports(actor),
            "slug",
            gettext("There is no panel report %(slug)s."),
        ),
        "sessions": (
            sessions,
            scope(actor, "dialogue.view_session", Session.objects.all()),
            "slug",
            gettext("There is no session %(slug)s."),
        ),
    }
    found = {
        field: _resolve(wanted, records, key=key, field=field, unknown=unknown, errors=errors)
        for field, (wanted, records, key, unknown) in lookups.items()
    }
    if errors:
        raise InvalidInput(errors=errors)
    return LinkTargets(incidents=found_incidents, **found)
