"""Writes of incident reports: filing, linking, publishing, editing, withdrawing, follow-up."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, account_of, has, require
from aigov.core import audit
from aigov.core.errors import Conflict, ErrorItem, InvalidInput, InvalidState, field_error
from aigov.dialogue.models import Confidentiality, FollowUp, Incident, IncidentReport, Severity
from aigov.dialogue.permissions import reporting_states
from aigov.dialogue.services.shared import (
    _clean,
    _countries,
    _refresh_later,
    _refuse_nulls,
)
from aigov.taxonomy.models import Country, RiskArea


def _risk_areas(slugs: Iterable[str], errors: list[ErrorItem]) -> list[RiskArea]:
    wanted = [str(slug).strip() for slug in slugs if str(slug).strip()]
    found = {area.slug: area for area in RiskArea.objects.filter(slug__in=wanted)}
    errors.extend(
        field_error(
            "risk_areas",
            "unknown_risk_area",
            _("%(slug)s is not a risk area of the shared taxonomy.") % {"slug": slug},
        )
        for slug in wanted
        if slug not in found
    )
    return [found[slug] for slug in dict.fromkeys(wanted) if slug in found]


def _reporting_state(actor: Actor, code: str | None, errors: list[ErrorItem]) -> Country | None:
    """Return the reporting state: a focal point reports for their own country; the
    secretariat (and the jobs that file reports) may name any state, or none."""
    own = reporting_states(actor)
    manager = has(actor, "dialogue.name_reporting_state")
    wanted = (code or "").strip().upper()
    if not wanted:
        if manager or not own:
            return None
        if len(own) > 1:
            errors.append(
                field_error(
                    "reporting_state",
                    "required",
                    _("You are focal point for several countries; name the reporting state."),
                )
            )
            return None
        wanted = next(iter(own))
    if not manager and wanted not in own:
        errors.append(
            field_error(
                "reporting_state",
                "not_your_country",
                _("You can report only for a country you are focal point for."),
            )
        )
        return None
    country = Country.objects.filter(iso3=wanted).first()
    if country is None:
        errors.append(
            field_error(
                "reporting_state",
                "unknown_country",
                _("%(code)s is not a known ISO 3166-1 alpha-3 country code.") % {"code": wanted},
            )
        )
    return country


def _check_report_choices(
    confidentiality: str,
    severity: str,
    occurred_on: datetime.date | None,
    errors: list[ErrorItem],
) -> None:
    if confidentiality not in Confidentiality.values:
        errors.append(
            field_error(
                "confidentiality",
                "invalid_choice",
                _("Choose the confidentiality among: %(choices)s.")
                % {"choices": ", ".join(Confidentiality.values)},
            )
        )
    if severity and severity not in Severity.values:
        errors.append(
            field_error(
                "severity",
                "invalid_choice",
                _("Choose the severity among: %(choices)s.")
                % {"choices": ", ".join(Severity.values)},
            )
        )
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors.append(
            field_error(
                "occurred_on", "future", _("An incident cannot have occurred in the future.")
            )
        )


@transaction.atomic
def incident_report_file(
    *,
    actor: Actor,
    title: str,
    confidentiality: str,
    description: str = "",
    countries: Iterable[str] = (),
    risk_areas: Iterable[str] = (),
    occurred_on: datetime.date | None = None,
    ai_system: str = "",
    developer: str = "",
    deployer: str = "",
    affected_groups: str = "",
    severity: str = "",
    exceeded_national_capacity: bool | None = None,
    response: str = "",
    sources: str = "",
    reporting_state: str | None = None,
    is_demo: bool = False,
) -> IncidentReport:
    """File a report of a new incident; return it. Raise NotAllowed or InvalidInput.

    A focal point reports for their country (the reporting state); the secretariat may name one.
    The `reporting_state` level needs a reporting state. Nothing is written on any error.
    """
    require(actor, "dialogue.file_incidentreport")
    errors: list[ErrorItem] = []
    _check_report_choices(confidentiality, severity, occurred_on, errors)
    chosen_countries = _countries(countries, "countries", errors)
    chosen_areas = _risk_areas(risk_areas, errors)
    state = _reporting_state(actor, reporting_state, errors)
    if (
        confidentiality == Confidentiality.REPORTING_STATE
        and state is None
        and not any(e["field"] == "reporting_state" for e in errors)
    ):
        errors.append(
            field_error(
                "reporting_state",
                "required",
                _("Name the reporting state to share with the reporting state only."),
            )
        )
    report = IncidentReport(
        title=(title or "").strip(),
        description=description or "",
        occurred_on=occurred_on,
        ai_system=ai_system or "",
        developer=developer or "",
        deployer=deployer or "",
        affected_groups=affected_groups or "",
        severity=severity or "",
        exceeded_national_capacity=exceeded_national_capacity,
        response=response or "",
        sources=sources or "",
        reporter=account_of(actor),
        reporting_state=state,
        confidentiality=confidentiality,
        is_demo=is_demo,
    )
    _clean(report, errors, exclude=["incident", "confidentiality", "severity", "reporting_state"])
    if errors:
        raise InvalidInput(errors=errors)
    incident = Incident.objects.create(is_demo=is_demo)
    report.incident = incident
    report.save()
    report.countries.set(chosen_countries)
    report.risk_areas.set(chosen_areas)
    audit.record(actor=actor, action="dialogue.incident.create", obj=incident)
    audit.record(
        actor=actor,
        action="dialogue.incidentreport.file",
        obj=report,
        extra={
            "countries": [c.iso3 for c in chosen_countries],
            "risk_areas": [a.slug for a in chosen_areas],
        },
    )
    _refresh_later(report)
    return report


@transaction.atomic
def incident_report_link(
    *, actor: Actor, report: IncidentReport, incident: Incident
) -> IncidentReport:
    """Link `report` to `incident` (another report of the same event); return the report.

    The incident the report leaves, if no report remains in it, is marked merged into
    `incident` so that its number still leads somewhere. Raise NotAllowed or Conflict.
    """
    require(actor, "dialogue.manage_incidents")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if report.incident_id == incident.pk:
        raise Conflict(_("This report is already linked to that incident."))
    if incident.merged_into_id is not None:
        raise InvalidState(_("That incident was merged into another; link to that one."))
    before = audit.snapshot(report)
    previous = report.incident
    report.incident = incident
    report.save(update_fields=["incident", "updated_at"])
    audit.record(actor=actor, action="dialogue.incidentreport.link", obj=report, before=before)
    if not previous.reports.exists():
        merged_before = audit.snapshot(previous)
        previous.merged_into = incident
        previous.save(update_fields=["merged_into", "updated_at"])
        Incident.objects.filter(merged_into=previous).update(merged_into=incident)
        audit.record(
            actor=actor, action="dialogue.incident.merge", obj=previous, before=merged_before
        )
    _refresh_later(report)
    return report


@transaction.atomic
def incident_report_publish(
    *,
    actor: Actor,
    report: IncidentReport,
    redact: Iterable[str] = (),
    title: str | None = None,
) -> IncidentReport:
    """Publish a redacted version of `report`: a public report of the same incident without the
    fields named in `redact`; return it. Raise NotAllowed or InvalidInput.

    The original keeps its confidentiality; only the copy, and only its kept fields, is public.
    """
    require(actor, "dialogue.manage_incidents")
    # Publish what the report says now, not what the caller's copy said when it was read.
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    redacted = list(dict.fromkeys(str(field) for field in redact))
    errors = [
        field_error(
            "redact",
            "unknown_field",
            _("%(field)s cannot be redacted; choose among: %(fields)s.")
            % {"field": field, "fields": ", ".join(IncidentReport.REDACTABLE_FIELDS)},
        )
        for field in redacted
        if field not in IncidentReport.REDACTABLE_FIELDS
    ]
    if report.is_published_version:
        errors.append(
            field_error(None, "already_published", _("This report is itself a published version."))
        )
    published_title = (title if title is not None else report.title).strip()
    if not published_title:
        errors.append(field_error("title", "required", _("A published version needs a title.")))
    if errors:
        raise InvalidInput(errors=errors)

    def kept(field: str, empty: Any) -> Any:
        return empty if field in redacted else getattr(report, field)

    version = IncidentReport.objects.create(
        incident=report.incident,
        title=published_title,
        description=kept("description", ""),
        occurred_on=kept("occurred_on", None),
        ai_system=kept("ai_system", ""),
        developer=kept("developer", ""),
        deployer=kept("deployer", ""),
        affected_groups=kept("affected_groups", ""),
        severity=kept("severity", ""),
        exceeded_national_capacity=kept("exceeded_national_capacity", None),
        response=kept("response", ""),
        sources=kept("sources", ""),
        reporting_state=kept("reporting_state", None),
        reporter=account_of(actor),
        confidentiality=Confidentiality.PUBLIC,
        status=report.status,
        published_from=report,
        redacted_fields=sorted(redacted),
        is_demo=report.is_demo,
    )
    if "countries" not in redacted:
        version.countries.set(report.countries.all())
    if "risk_areas" not in redacted:
        version.risk_areas.set(report.risk_areas.all())
    # Republishing replaces the version published before: one public version per report.
    earlier = list(
        IncidentReport.objects.select_for_update()
        .filter(published_from=report, withdrawn_at__isnull=True)
        .exclude(pk=version.pk)
    )
    for old in earlier:
        _withdraw(actor, old, _("Replaced by a newer published version."))
    audit.record(
        actor=actor,
        action="dialogue.incidentreport.publish",
        obj=version,
        extra={
            "published_from": report.pk,
            "redacted_fields": sorted(redacted),
            "replaces": [old.pk for old in earlier],
        },
    )
    _refresh_later(version, *earlier)
    return version


def _withdraw(actor: Actor, version: IncidentReport, reason: str) -> None:
    before = audit.snapshot(version)
    version.withdrawn_at, version.withdrawal_reason = timezone.now(), reason
    version.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit.record(actor=actor, action="dialogue.incidentreport.withdraw", obj=version, before=before)


@transaction.atomic
def incident_report_withdraw(
    *, actor: Actor, report: IncidentReport, reason: str
) -> IncidentReport:
    """Withdraw a published version; return it. Raise NotAllowed, InvalidInput or InvalidState.

    A withdrawn version is gone from public pages, the API, search, the feed, exports and
    counts; the secretariat still reads it, marked withdrawn. The original is untouched.
    """
    require(actor, "dialogue.withdraw_incidentreport")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published_version:
        raise InvalidState(_("Only a published version can be withdrawn."))
    if report.withdrawn_at is not None:
        raise InvalidState(_("This published version is already withdrawn."))
    if not reason.strip():
        raise InvalidInput(
            errors=[field_error("reason", "required", _("Say why the version is withdrawn."))]
        )
    _withdraw(actor, report, reason.strip())
    _refresh_later(report)
    return report


EDITABLE_REPORT_FIELDS = (
    "title",
    "description",
    "occurred_on",
    "countries",
    "risk_areas",
    "ai_system",
    "developer",
    "deployer",
    "affected_groups",
    "severity",
    "exceeded_national_capacity",
    "response",
    "sources",
    "confidentiality",
)


@transaction.atomic
def incident_report_edit(
    *, actor: Actor, report: IncidentReport, changes: dict[str, Any]
) -> IncidentReport:
    """Change fields of a filed report (those in EDITABLE_REPORT_FIELDS); return it.

    Raise NotAllowed (not its reporter, a focal point of its reporting state, or the
    secretariat; or a published version) or InvalidInput; nothing is written on any error.
    Published versions are copies: they keep their text until the secretariat publishes again.
    """
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published_version:
        raise InvalidState(_("A published version cannot be edited; edit the original report."))
    require(actor, "dialogue.edit_incidentreport", report)
    errors = [
        field_error(
            field,
            "not_editable",
            _("%(field)s cannot be changed; change only: %(fields)s.")
            % {"field": field, "fields": ", ".join(EDITABLE_REPORT_FIELDS)},
        )
        for field in changes
        if field not in EDITABLE_REPORT_FIELDS
    ]
    values = {field: changes[field] for field in EDITABLE_REPORT_FIELDS if field in changes}
    _refuse_nulls(values, ("title", "countries", "risk_areas", "confidentiality"), errors)
    for field in ("title", "description", "ai_system", "developer", "deployer"):
        if field in values:
            values[field] = (values[field] or "").strip()
    for field in ("affected_groups", "severity", "response", "sources"):
        if field in values:
            values[field] = values[field] or ""
    _check_report_choices(
        values.get("confidentiality", report.confidentiality),
        values.get("severity", report.severity),
        values.get("occurred_on", report.occurred_on),
        errors,
    )
    new_countries = (
        _countries(values.pop("countries"), "countries", errors) if "countries" in values else None
    )
    new_areas = _risk_areas(values.pop("risk_areas"), errors) if "risk_areas" in values else None
    if (
        values.get("confidentiality") == Confidentiality.REPORTING_STATE
        and report.reporting_state_id is None
    ):
        errors.append(
            field_error(
                "confidentiality",
                "no_reporting_state",
                _("This report has no reporting state; choose another confidentiality."),
            )
        )
    before = audit.snapshot(report)
    before_links = {
        "countries": sorted(report.countries.values_list("iso3", flat=True)),
        "risk_areas": sorted(report.risk_areas.values_list("slug", flat=True)),
    }
    for field, value in values.items():
        setattr(report, field, value)
    _clean(report, errors, exclude=["incident", "confidentiality", "severity", "reporting_state"])
    if errors:
        raise InvalidInput(errors=errors)
    report.save(update_fields=[*values, "updated_at"])
    extra: dict[str, Any] = {}
    if new_countries is not None:
        report.countries.set(new_countries)
        after = sorted(country.iso3 for country in new_countries)
        if after != before_links["countries"]:
            extra["countries"] = [before_links["countries"], after]
    if new_areas is not None:
        report.risk_areas.set(new_areas)
        after = sorted(area.slug for area in new_areas)
        if after != before_links["risk_areas"]:
            extra["risk_areas"] = [before_links["risk_areas"], after]
    audit.record(
        actor=actor, action="dialogue.incidentreport.edit", obj=report, before=before, extra=extra
    )
    _refresh_later(report)
    return report


@transaction.atomic
def incident_report_set_status(
    *, actor: Actor, report: IncidentReport, status: str, note: str = ""
) -> IncidentReport:
    """Change the status of `report`, with an optional follow-up note; return the report.

    Raise NotAllowed or InvalidInput.
    """
    require(actor, "dialogue.manage_incidents")
    if status not in IncidentReport.Status.values:
        raise InvalidInput(
            errors=[
                field_error(
                    "status",
                    "invalid_choice",
                    _("Choose the status among: %(choices)s.")
                    % {"choices": ", ".join(IncidentReport.Status.values)},
                )
            ]
        )
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    before = audit.snapshot(report)
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="dialogue.incidentreport.status", obj=report, before=before)
    if note.strip():
        follow_up_add(actor=actor, report=report, note=note)
    return report


@transaction.atomic
def follow_up_add(*, actor: Actor, report: IncidentReport, note: str) -> FollowUp:
    """Add a follow-up note to `report`; return it. Raise NotAllowed or InvalidInput."""
    require(actor, "dialogue.manage_incidents")
    if not note.strip():
        raise InvalidInput(errors=[field_error("note", "required", _("Write the follow-up note."))])
    follow_up = FollowUp.objects.create(
        report=report,
        author=account_of(actor),
        note=note.strip(),
    )
    audit.record(actor=actor, action="dialogue.followup.create", obj=follow_up)
    return follow_up
