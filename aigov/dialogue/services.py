"""Writes of the policy dialogue: every one checks permission, validates, writes in one
transaction and is audited; search is refreshed once the transaction commits."""

import datetime
import os
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import has, require
from aigov.accounts.predicates import focal_point_countries
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState
from aigov.core.search import index as search_index
from aigov.core.translation import normalise_language
from aigov.dialogue.documents import DocumentRefused, document_check
from aigov.dialogue.models import (
    AgendaItem,
    Confidentiality,
    FollowUp,
    Incident,
    IncidentReport,
    Practice,
    Registration,
    Segment,
    Session,
    Severity,
    Statement,
    StatementDocument,
    document_storage_name,
)
from aigov.taxonomy.models import Country, RiskArea


def _error(field: str, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": code, "message": message}


def _person(actor: Any) -> Any:
    """Return the actor as a user to store (None for the system actor)."""
    return actor if getattr(actor, "pk", None) and not actor.is_system else None


def _set_links(
    record: Any,
    *,
    incidents: Iterable[Any] | None = None,
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    reports: Iterable[Any] | None = None,
) -> dict[str, list[Any]]:
    """Set the links of an agenda item or practice; return them for the audit entry."""
    chosen_policies, chosen_standards = list(policies), list(standards)
    record.policies.set(chosen_policies)
    record.standards.set(chosen_standards)
    links: dict[str, list[Any]] = {
        "policies": [policy.slug for policy in chosen_policies],
        "standards": [standard.reference for standard in chosen_standards],
    }
    if incidents is not None:
        chosen_incidents = list(incidents)
        record.incidents.set(chosen_incidents)
        links["incidents"] = [incident.pk for incident in chosen_incidents]
    if reports is not None:
        chosen_reports = list(reports)
        record.reports.set(chosen_reports)
        links["reports"] = [report.slug for report in chosen_reports]
    return links


def _refresh_later(*records: Any) -> None:
    def refresh() -> None:
        for record in records:
            search_index.refresh(record)

    transaction.on_commit(refresh)


def _require_unless_system(actor: Any, perm: str, obj: Any = None) -> None:
    # Commands, imports and the demo generator act as the system actor, which signs in nowhere.
    if not getattr(actor, "is_system", False):
        require(actor, perm, obj)


def _countries(codes: Iterable[str], field: str, errors: list[dict[str, Any]]) -> list[Country]:
    wanted = [str(code).strip().upper() for code in codes if str(code).strip()]
    found = {country.iso3: country for country in Country.objects.filter(iso3__in=wanted)}
    errors.extend(
        _error(
            field,
            "unknown_country",
            _("%(code)s is not a known ISO 3166-1 alpha-3 country code.") % {"code": code},
        )
        for code in wanted
        if code not in found
    )
    return [found[code] for code in dict.fromkeys(wanted) if code in found]


def _risk_areas(slugs: Iterable[str], errors: list[dict[str, Any]]) -> list[RiskArea]:
    wanted = [str(slug).strip() for slug in slugs if str(slug).strip()]
    found = {area.slug: area for area in RiskArea.objects.filter(slug__in=wanted)}
    errors.extend(
        _error(
            "risk_areas",
            "unknown_risk_area",
            _("%(slug)s is not a risk area of the shared taxonomy.") % {"slug": slug},
        )
        for slug in wanted
        if slug not in found
    )
    return [found[slug] for slug in dict.fromkeys(wanted) if slug in found]


def _reporting_state(actor: Any, code: str | None, errors: list[dict[str, Any]]) -> Country | None:
    """Return the reporting state: a focal point reports for their own country."""
    own = focal_point_countries(actor)
    manager = getattr(actor, "is_system", False) or has(actor, "dialogue.manage_incidents")
    wanted = (code or "").strip().upper()
    if not wanted:
        if manager or not own:
            return None
        if len(own) > 1:
            errors.append(
                _error(
                    "reporting_state",
                    "required",
                    _("You are focal point for several countries; name the reporting state."),
                )
            )
            return None
        wanted = next(iter(own))
    if not manager and wanted not in own:
        errors.append(
            _error(
                "reporting_state",
                "not_your_country",
                _("You can report only for a country you are focal point for."),
            )
        )
        return None
    country = Country.objects.filter(iso3=wanted).first()
    if country is None:
        errors.append(
            _error(
                "reporting_state",
                "unknown_country",
                _("%(code)s is not a known ISO 3166-1 alpha-3 country code.") % {"code": wanted},
            )
        )
    return country


def _clean(record: Any, errors: list[dict[str, Any]], exclude: list[str] | None = None) -> None:
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as invalid:
        errors.extend(
            _error(field, e.code or "invalid", " ".join(e.messages))
            for field, field_errors in invalid.error_dict.items()
            for e in field_errors
        )


def _check_report_choices(
    confidentiality: str,
    severity: str,
    occurred_on: datetime.date | None,
    errors: list[dict[str, Any]],
) -> None:
    if confidentiality not in Confidentiality.values:
        errors.append(
            _error(
                "confidentiality",
                "invalid_choice",
                _("Choose the confidentiality among: %(choices)s.")
                % {"choices": ", ".join(Confidentiality.values)},
            )
        )
    if severity and severity not in Severity.values:
        errors.append(
            _error(
                "severity",
                "invalid_choice",
                _("Choose the severity among: %(choices)s.")
                % {"choices": ", ".join(Severity.values)},
            )
        )
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors.append(
            _error("occurred_on", "future", _("An incident cannot have occurred in the future."))
        )


@transaction.atomic
def incident_report_file(
    *,
    actor: Any,
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
    _require_unless_system(actor, "dialogue.file_incidentreport")
    errors: list[dict[str, Any]] = []
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
            _error(
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
        reporter=_person(actor),
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
    *, actor: Any, report: IncidentReport, incident: Incident
) -> IncidentReport:
    """Link `report` to `incident` (another report of the same event); return the report.

    The incident the report leaves, if no report remains in it, is marked merged into
    `incident` so that its number still leads somewhere. Raise NotAllowed or Conflict.
    """
    _require_unless_system(actor, "dialogue.manage_incidents")
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
    actor: Any,
    report: IncidentReport,
    redact: Iterable[str] = (),
    title: str | None = None,
) -> IncidentReport:
    """Publish a redacted version of `report`: a public report of the same incident without the
    fields named in `redact`; return it. Raise NotAllowed or InvalidInput.

    The original keeps its confidentiality; only the copy, and only its kept fields, is public.
    """
    _require_unless_system(actor, "dialogue.manage_incidents")
    # Publish what the report says now, not what the caller's copy said when it was read.
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    redacted = list(dict.fromkeys(str(field) for field in redact))
    errors = [
        _error(
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
            _error(None, "already_published", _("This report is itself a published version."))  # type: ignore[arg-type]
        )
    published_title = (title if title is not None else report.title).strip()
    if not published_title:
        errors.append(_error("title", "required", _("A published version needs a title.")))
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
        reporter=_person(actor),
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


def _withdraw(actor: Any, version: IncidentReport, reason: str) -> None:
    before = audit.snapshot(version)
    version.withdrawn_at, version.withdrawal_reason = timezone.now(), reason
    version.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit.record(actor=actor, action="dialogue.incidentreport.withdraw", obj=version, before=before)


@transaction.atomic
def incident_report_withdraw(*, actor: Any, report: IncidentReport, reason: str) -> IncidentReport:
    """Withdraw a published version; return it. Raise NotAllowed, InvalidInput or InvalidState.

    A withdrawn version is gone from public pages, the API, search, the feed, exports and
    counts; the secretariat still reads it, marked withdrawn. The original is untouched.
    """
    _require_unless_system(actor, "dialogue.withdraw_incidentreport")
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published_version:
        raise InvalidState(_("Only a published version can be withdrawn."))
    if report.withdrawn_at is not None:
        raise InvalidState(_("This published version is already withdrawn."))
    if not reason.strip():
        raise InvalidInput(
            errors=[_error("reason", "required", _("Say why the version is withdrawn."))]
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
    *, actor: Any, report: IncidentReport, changes: dict[str, Any]
) -> IncidentReport:
    """Change fields of a filed report (those in EDITABLE_REPORT_FIELDS); return it.

    Raise NotAllowed (not its reporter, a focal point of its reporting state, or the
    secretariat; or a published version) or InvalidInput; nothing is written on any error.
    Published versions are copies: they keep their text until the secretariat publishes again.
    """
    report = IncidentReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published_version:
        raise InvalidState(_("A published version cannot be edited; edit the original report."))
    _require_unless_system(actor, "dialogue.edit_incidentreport", report)
    errors = [
        _error(
            field,
            "not_editable",
            _("%(field)s cannot be changed; change only: %(fields)s.")
            % {"field": field, "fields": ", ".join(EDITABLE_REPORT_FIELDS)},
        )
        for field in changes
        if field not in EDITABLE_REPORT_FIELDS
    ]
    values = {field: changes[field] for field in EDITABLE_REPORT_FIELDS if field in changes}
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
            _error(
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
    *, actor: Any, report: IncidentReport, status: str, note: str = ""
) -> IncidentReport:
    """Change the status of `report`, with an optional follow-up note; return the report.

    Raise NotAllowed or InvalidInput.
    """
    _require_unless_system(actor, "dialogue.manage_incidents")
    if status not in IncidentReport.Status.values:
        raise InvalidInput(
            errors=[
                _error(
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
def follow_up_add(*, actor: Any, report: IncidentReport, note: str) -> FollowUp:
    """Add a follow-up note to `report`; return it. Raise NotAllowed or InvalidInput."""
    _require_unless_system(actor, "dialogue.manage_incidents")
    if not note.strip():
        raise InvalidInput(errors=[_error("note", "required", _("Write the follow-up note."))])
    follow_up = FollowUp.objects.create(
        report=report,
        author=_person(actor),
        note=note.strip(),
    )
    audit.record(actor=actor, action="dialogue.followup.create", obj=follow_up)
    return follow_up


# Sessions ------------------------------------------------------------------------------------


def _translated(
    values: dict[str, str] | None, field: str, errors: list[dict[str, Any]]
) -> dict[str, str]:
    cleaned = {str(k): str(v).strip() for k, v in (values or {}).items() if str(v).strip()}
    if not cleaned:
        errors.append(_error(field, "required", _("Give the text in at least one language.")))
    return cleaned


@transaction.atomic
def session_create(
    *,
    actor: Any,
    slug: str,
    titles: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    focus: str,
    country: str | None = None,
    outcome_summary: dict[str, str] | None = None,
    is_demo: bool = False,
) -> Session:
    """Create a dialogue session; return it. Raise NotAllowed, Conflict or InvalidInput."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    errors: list[dict[str, Any]] = []
    cleaned_titles = _translated(titles, "titles", errors)
    chosen = _countries([country], "country", errors)[0:1] if country else []
    if Session.objects.filter(slug=slug).exists():
        raise Conflict(_("A session with the slug %(slug)s already exists.") % {"slug": slug})
    if focus not in Session.Focus.values:
        errors.append(
            _error(
                "focus",
                "invalid_choice",
                _("Choose the focus among: %(choices)s.")
                % {"choices": ", ".join(Session.Focus.values)},
            )
        )
    if ends_on < starts_on:
        errors.append(
            _error("ends_on", "before_start", _("A session cannot end before it starts."))
        )
    session = Session(
        slug=slug,
        titles=cleaned_titles,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        country=chosen[0] if chosen else None,
        focus=focus,
        outcome_summary=outcome_summary or {},
        is_demo=is_demo,
    )
    _clean(session, errors, exclude=["slug", "focus", "titles", "country"])
    if errors:
        raise InvalidInput(errors=errors)
    session.save()
    audit.record(actor=actor, action="dialogue.session.create", obj=session)
    _refresh_later(session)
    return session


@transaction.atomic
def session_update_outcome(
    *, actor: Any, session: Session, outcome_summary: dict[str, str]
) -> Session:
    """Record the outcome summary of `session`; return it. Raise NotAllowed."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    before = audit.snapshot(session)
    session.outcome_summary = {k: v for k, v in outcome_summary.items() if v.strip()}
    session.save(update_fields=["outcome_summary", "updated_at"])
    audit.record(actor=actor, action="dialogue.session.outcome", obj=session, before=before)
    _refresh_later(session)
    return session


@transaction.atomic
def segment_add(
    *, actor: Any, session: Session, kind: str, titles: dict[str, str], position: int = 0
) -> Segment:
    """Add a segment to `session`; return it. Raise NotAllowed or InvalidInput."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    errors: list[dict[str, Any]] = []
    cleaned = _translated(titles, "titles", errors)
    if kind not in Segment.Kind.values:
        errors.append(
            _error(
                "kind",
                "invalid_choice",
                _("Choose the kind among: %(choices)s.")
                % {"choices": ", ".join(Segment.Kind.values)},
            )
        )
    if errors:
        raise InvalidInput(errors=errors)
    segment = Segment.objects.create(session=session, kind=kind, titles=cleaned, position=position)
    audit.record(actor=actor, action="dialogue.segment.create", obj=segment)
    return segment


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    session: Session,
    titles: dict[str, str],
    position: int = 0,
    segment: Segment | None = None,
    descriptions: dict[str, str] | None = None,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    incidents: Iterable[Incident] = (),
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    reports: Iterable[Any] = (),
) -> AgendaItem:
    """Add an agenda item to `session`, optionally linking incidents; return it.

    Raise NotAllowed or InvalidInput. Readers of the session see a linked incident only if they
    may read one of its reports, and a linked panel report only if the panel lets them read it.
    """
    _require_unless_system(actor, "dialogue.manage_sessions")
    errors: list[dict[str, Any]] = []
    cleaned = _translated(titles, "titles", errors)
    if segment is not None and segment.session_id != session.pk:
        errors.append(_error("segment", "other_session", _("That segment is of another session.")))
    if starts_at and ends_at and ends_at < starts_at:
        errors.append(_error("ends_at", "before_start", _("An item cannot end before it starts.")))
    if errors:
        raise InvalidInput(errors=errors)
    item = AgendaItem.objects.create(
        session=session,
        segment=segment,
        position=position,
        titles=cleaned,
        descriptions=descriptions or {},
        starts_at=starts_at,
        ends_at=ends_at,
    )
    audit.record(
        actor=actor,
        action="dialogue.agendaitem.create",
        obj=item,
        extra=_set_links(
            item, incidents=incidents, policies=policies, standards=standards, reports=reports
        ),
    )
    return item


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    session: Session,
    role: str,
    country: str | None = None,
    user: Any = None,
    is_demo: bool = False,
) -> Registration:
    """Register `user` (default: the actor) for `session`; return the registration.

    Raise NotAllowed, Conflict (already registered) or InvalidInput.
    """
    _require_unless_system(actor, "dialogue.register_session")
    person = user if user is not None else actor
    if person is not actor:
        _require_unless_system(actor, "dialogue.manage_sessions")
    errors: list[dict[str, Any]] = []
    if role not in Registration.Role.values:
        errors.append(
            _error(
                "role",
                "invalid_choice",
                _("Choose the role among: %(choices)s.")
                % {"choices": ", ".join(Registration.Role.values)},
            )
        )
    chosen = _countries([country], "country", errors) if country else []
    if errors:
        raise InvalidInput(errors=errors)
    if Registration.objects.filter(session=session, user=person).exists():
        raise Conflict(_("This person is already registered for the session."))
    registration = Registration.objects.create(
        session=session,
        user=person,
        role=role,
        country=chosen[0] if chosen else None,
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="dialogue.registration.create", obj=registration)
    return registration


@transaction.atomic
def statement_submit(
    *,
    actor: Any,
    session: Session,
    kind: str,
    speaker: str,
    titles: dict[str, str],
    texts: dict[str, str],
    agenda_item: AgendaItem | None = None,
    is_demo: bool = False,
) -> Statement:
    """Submit a statement or written submission to `session`; return it.

    Raise NotAllowed or InvalidInput. Focal points and the secretariat publish at once; anyone
    else's statement waits for the secretariat (`statement_publish`). Texts may be empty when
    documents follow (`statement_document_attach`), but not both title and text.
    """
    _require_unless_system(actor, "dialogue.submit_statement")
    errors: list[dict[str, Any]] = []
    cleaned_titles = _translated(titles, "titles", errors)
    cleaned_texts = {str(k): str(v).strip() for k, v in (texts or {}).items() if str(v).strip()}
    if kind not in Statement.Kind.values:
        errors.append(
            _error(
                "kind",
                "invalid_choice",
                _("Choose the kind among: %(choices)s.")
                % {"choices": ", ".join(Statement.Kind.values)},
            )
        )
    if not speaker.strip():
        errors.append(_error("speaker", "required", _("Name the state or organisation speaking.")))
    if agenda_item is not None and agenda_item.session_id != session.pk:
        errors.append(
            _error("agenda_item", "other_session", _("That agenda item is of another session."))
        )
    if errors:
        raise InvalidInput(errors=errors)
    publishes = getattr(actor, "is_system", False) or has(actor, "dialogue.publish_statement")
    statement = Statement.objects.create(
        session=session,
        agenda_item=agenda_item,
        kind=kind,
        speaker=speaker.strip(),
        titles=cleaned_titles,
        texts=cleaned_texts,
        status=Statement.Status.PUBLISHED if publishes else Statement.Status.SUBMITTED,
        submitted_by=_person(actor),
        is_demo=is_demo,
    )
    audit.record(actor=actor, action="dialogue.statement.create", obj=statement)
    return statement


@transaction.atomic
def session_update(*, actor: Any, session: Session, changes: dict[str, Any]) -> Session:
    """Change a session's titles, dates, place, country, focus or outcome summary; return it.

    Raise NotAllowed or InvalidInput (naming each wrong field); nothing is written on error.
    """
    _require_unless_system(actor, "dialogue.manage_sessions")
    allowed = ("titles", "starts_on", "ends_on", "place", "country", "focus", "outcome_summary")
    errors = [
        _error(field, "not_editable", _("%(field)s cannot be changed here.") % {"field": field})
        for field in changes
        if field not in allowed
    ]
    session = Session.objects.select_for_update().get(pk=session.pk)
    before = audit.snapshot(session)
    values = {field: changes[field] for field in allowed if field in changes}
    if "titles" in values:
        values["titles"] = _translated(values["titles"], "titles", errors)
    if "outcome_summary" in values:
        values["outcome_summary"] = {
            str(k): str(v).strip() for k, v in (values["outcome_summary"] or {}).items() if v
        }
        values["outcome_summary"] = {k: v for k, v in values["outcome_summary"].items() if v}
    if "country" in values:
        code = values.pop("country")
        chosen = _countries([code], "country", errors) if code else []
        values["country"] = chosen[0] if chosen else None
    if "focus" in values and values["focus"] not in Session.Focus.values:
        errors.append(
            _error(
                "focus",
                "invalid_choice",
                _("Choose the focus among: %(choices)s.")
                % {"choices": ", ".join(Session.Focus.values)},
            )
        )
    for field, value in values.items():
        setattr(session, field, value)
    if session.ends_on < session.starts_on:
        errors.append(
            _error("ends_on", "before_start", _("A session cannot end before it starts."))
        )
    _clean(session, errors, exclude=["slug", "focus", "titles", "country"])
    if errors:
        raise InvalidInput(errors=errors)
    session.save(update_fields=[*values, "updated_at"])
    audit.record(actor=actor, action="dialogue.session.update", obj=session, before=before)
    _refresh_later(session)
    return session


def _delete(actor: Any, record: Any, action: str) -> None:
    before = audit.snapshot(record)
    audit.record(actor=actor, action=action, obj=record, before=before)
    record.delete()


@transaction.atomic
def segment_remove(*, actor: Any, segment: Segment) -> None:
    """Remove a segment and its agenda items. Raise NotAllowed."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    _delete(actor, segment, "dialogue.segment.delete")


@transaction.atomic
def agenda_item_update(
    *,
    actor: Any,
    item: AgendaItem,
    titles: dict[str, str],
    position: int,
    segment: Segment | None,
    descriptions: dict[str, str],
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    incidents: Iterable[Incident],
    policies: Iterable[Any],
    standards: Iterable[Any],
    reports: Iterable[Any] = (),
) -> AgendaItem:
    """Replace the content and links of an agenda item; return it.

    Raise NotAllowed or InvalidInput. Pass the incidents and panel reports the item should
    link: the caller resolves them through `selectors.link_targets`, so only those the actor
    may read.
    """
    _require_unless_system(actor, "dialogue.manage_sessions")
    errors: list[dict[str, Any]] = []
    cleaned = _translated(titles, "titles", errors)
    if segment is not None and segment.session_id != item.session_id:
        errors.append(_error("segment", "other_session", _("That segment is of another session.")))
    if starts_at and ends_at and ends_at < starts_at:
        errors.append(_error("ends_at", "before_start", _("An item cannot end before it starts.")))
    if errors:
        raise InvalidInput(errors=errors)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item)
    item.titles, item.position, item.segment = cleaned, position, segment
    item.descriptions = {k: v.strip() for k, v in descriptions.items() if v.strip()}
    item.starts_at, item.ends_at = starts_at, ends_at
    item.save(
        update_fields=["titles", "position", "segment", "descriptions", "starts_at", "ends_at"]
    )
    links = _set_links(
        item, incidents=incidents, policies=policies, standards=standards, reports=reports
    )
    audit.record(
        actor=actor, action="dialogue.agendaitem.update", obj=item, before=before, extra=links
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    """Remove an agenda item (statements on it stay, on the session). Raise NotAllowed."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    _delete(actor, item, "dialogue.agendaitem.delete")


@transaction.atomic
def statement_submit_with_document(
    *,
    actor: Any,
    session: Session,
    kind: str,
    speaker: str,
    language: str,
    title: str,
    text: str = "",
    upload: Any = None,
    agenda_item: AgendaItem | None = None,
) -> Statement:
    """Submit a statement written in one language, with its document in that language if
    given; return it. Raise NotAllowed or InvalidInput; nothing is kept if the document is
    refused."""
    code = normalise_language(language)
    if not (text or "").strip() and upload is None:
        raise InvalidInput(
            errors=[_error("text", "required", _("Write the text or attach a document."))]
        )
    statement = statement_submit(
        actor=actor,
        session=session,
        kind=kind,
        speaker=speaker,
        titles={code: title},
        texts={code: text} if (text or "").strip() else {},
        agenda_item=agenda_item,
    )
    if upload is not None:
        statement_document_attach(actor=actor, statement=statement, language=code, upload=upload)
    return statement


@transaction.atomic
def statement_publish(*, actor: Any, statement: Statement) -> Statement:
    """Publish a statement awaiting publication; return it. Raise NotAllowed or InvalidState."""
    _require_unless_system(actor, "dialogue.manage_sessions")
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Statement.Status.PUBLISHED:
        raise InvalidState(_("This statement is already published."))
    before = audit.snapshot(statement)
    statement.status = Statement.Status.PUBLISHED
    statement.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="dialogue.statement.publish", obj=statement, before=before)
    return statement


@transaction.atomic
def statement_remove(*, actor: Any, statement: Statement) -> None:
    """Remove a statement and its documents (the secretariat, or its submitter before
    publication). Raise NotAllowed. The files are deleted once the removal commits."""
    _require_unless_system(actor, "dialogue.edit_statement", statement)
    names = [document.stored_name for document in statement.documents.all()]
    _delete(actor, statement, "dialogue.statement.delete")
    _delete_files_later(names)


def _delete_files_later(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def statement_document_attach(
    *, actor: Any, statement: Statement, language: str, upload: Any
) -> StatementDocument:
    """Attach the document of `statement` in `language` (replacing the one it had); return it.

    `upload` is an uploaded file (name, size, a stream). Raise NotAllowed or InvalidInput
    (unknown language; not PDF, DOCX, ODT or TXT; empty; too large; content not matching the
    name); nothing is stored on error.
    """
    _require_unless_system(actor, "dialogue.edit_statement", statement)
    errors: list[dict[str, Any]] = []
    code = normalise_language(language)
    if code not in dict(settings.LANGUAGES):
        errors.append(
            _error(
                "language",
                "invalid_choice",
                _("Choose the language among: %(choices)s.")
                % {"choices": ", ".join(dict(settings.LANGUAGES))},
            )
        )
    name = os.path.basename(str(getattr(upload, "name", "") or ""))[:200]
    try:
        kind = document_check(name=name, size=int(upload.size or 0), stream=upload)
    except DocumentRefused as refused:
        errors.append(_error("file", refused.code, refused.message))
    if errors:
        raise InvalidInput(errors=errors)
    replaced = StatementDocument.objects.filter(statement=statement, language=code).first()
    old_names = []
    before = None
    if replaced is not None:
        before = audit.snapshot(replaced)
        old_names.append(replaced.stored_name)
        document = replaced
    else:
        document = StatementDocument(statement=statement, language=code)
    upload.seek(0)
    stored = default_storage.save(document_storage_name(kind.extension), upload)
    document.stored_name = stored
    document.original_name = name
    document.content_type = kind.content_type
    document.size = int(upload.size)
    document.uploaded_by = _person(actor)
    try:
        document.save()
    except Exception:
        default_storage.delete(stored)
        raise
    audit.record(
        actor=actor,
        action="dialogue.document.replace" if replaced else "dialogue.document.create",
        obj=document,
        before=before,
    )
    _delete_files_later(old_names)
    return document


@transaction.atomic
def statement_document_remove(*, actor: Any, document: StatementDocument) -> None:
    """Remove one document of a statement. Raise NotAllowed."""
    _require_unless_system(actor, "dialogue.edit_statement", document.statement)
    name = document.stored_name
    _delete(actor, document, "dialogue.document.delete")
    _delete_files_later([name])


# Practices -----------------------------------------------------------------------------------


@transaction.atomic
def practice_submit(
    *,
    actor: Any,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    country: str | None = None,
    sessions: Iterable[Session] = (),
    url: str = "",
    policies: Iterable[Any] = (),
    standards: Iterable[Any] = (),
    is_demo: bool = False,
) -> Practice:
    """Submit a governance practice, optionally for sessions; return it.

    Raise NotAllowed or InvalidInput. It is public once the secretariat accepts it.
    """
    _require_unless_system(actor, "dialogue.submit_practice")
    errors: list[dict[str, Any]] = []
    cleaned = _translated(titles, "titles", errors)
    chosen = _countries([country], "country", errors) if country else []
    practice = Practice(
        titles=cleaned,
        descriptions=descriptions or {},
        country=chosen[0] if chosen else None,
        url=url,
        submitted_by=_person(actor),
        is_demo=is_demo,
    )
    _clean(practice, errors, exclude=["titles", "country", "submitted_by"])
    if errors:
        raise InvalidInput(errors=errors)
    practice.save()
    practice.sessions.set(list(sessions))
    links = _set_links(practice, policies=policies, standards=standards)
    audit.record(actor=actor, action="dialogue.practice.submit", obj=practice, extra=links)
    _refresh_later(practice)
    return practice


def _practice_review(*, actor: Any, practice: Practice, status: str, note: str) -> Practice:
    _require_unless_system(actor, "dialogue.review_practice")
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != Practice.Status.SUBMITTED:
        raise InvalidState(
            _("This practice was already reviewed (%(status)s).")
            % {"status": practice.get_status_display()}
        )
    before = audit.snapshot(practice)
    practice.status, practice.review_note = status, note.strip()
    practice.reviewed_at = timezone.now()
    practice.save(update_fields=["status", "review_note", "reviewed_at", "updated_at"])
    verb = "accept" if status == Practice.Status.ACCEPTED else "reject"
    audit.record(actor=actor, action=f"dialogue.practice.{verb}", obj=practice, before=before)
    _refresh_later(practice)
    return practice


@transaction.atomic
def practice_accept(*, actor: Any, practice: Practice, note: str = "") -> Practice:
    """Accept `practice` for public sharing, with an optional note; return it.

    Raise NotAllowed or InvalidState (already reviewed).
    """
    return _practice_review(
        actor=actor, practice=practice, status=Practice.Status.ACCEPTED, note=note
    )


@transaction.atomic
def practice_reject(*, actor: Any, practice: Practice, note: str) -> Practice:
    """Decline `practice`, saying why (the submitter reads the note); return it.

    Raise NotAllowed, InvalidInput (no note) or InvalidState (already reviewed). A declined
    practice stays visible to its submitter and the secretariat only.
    """
    if not note.strip():
        _require_unless_system(actor, "dialogue.review_practice")
        raise InvalidInput(
            errors=[_error("note", "required", _("Say why the practice is not accepted."))]
        )
    return _practice_review(
        actor=actor, practice=practice, status=Practice.Status.REJECTED, note=note
    )


@transaction.atomic
def practice_set_links(
    *, actor: Any, practice: Practice, policies: Iterable[Any], standards: Iterable[Any]
) -> Practice:
    """Replace the policies and standards `practice` is linked to; return it. Raise NotAllowed."""
    _require_unless_system(actor, "dialogue.review_practice")
    links = _set_links(practice, policies=policies, standards=standards)
    audit.record(actor=actor, action="dialogue.practice.links", obj=practice, extra=links)
    return practice
