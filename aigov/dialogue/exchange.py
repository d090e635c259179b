"""The dialogue's datasets for `aigov import` / `aigov export` and the incidents export API.

`dialogue-incidents` exports the incident reports the actor may read (the same selector as the
pages), leaving redacted fields of a published version empty; importing files each row as a
new report through `incident_report_file`, as the importing actor. `dialogue-sessions` exports
the public sessions and imports them by slug (new ones created, others updated);
`dialogue-practices` exports the practices the actor may see and imports new submissions.
"""

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.accounts.access import Actor
from aigov.core.errors import InvalidInput
from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.models import Confidentiality, IncidentReport, Practice, Session, Severity
from aigov.taxonomy.selectors import country_list, risk_area_list

INCIDENT_COLUMNS = (
    "id",
    "incident",
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
    "reporting_state",
    "confidentiality",
    "status",
    "is_published_version",
    "redacted_fields",
    "is_demo",
)


def incident_report_values(report: IncidentReport) -> dict[str, Any]:
    """Return the fields of one report as plain values; redacted fields are None.

    The list-valued fields are lists here; the file export joins them with semicolons.
    """
    values: dict[str, Any] = {
        "id": report.pk,
        "incident": report.incident_id,
        "title": report.title,
        "description": report.description,
        "occurred_on": report.occurred_on,
        "countries": [country.iso3 for country in report.countries.all()],
        "risk_areas": [area.slug for area in report.risk_areas.all()],
        "ai_system": report.ai_system,
        "developer": report.developer,
        "deployer": report.deployer,
        "affected_groups": report.affected_groups,
        "severity": report.severity,
        "exceeded_national_capacity": report.exceeded_national_capacity,
        "response": report.response,
        "sources": report.sources,
        "reporting_state": report.reporting_state_id,
        "confidentiality": report.confidentiality,
        "status": report.status,
        "is_published_version": report.is_published_version,
        "redacted_fields": list(report.redacted_fields or []),
        "is_demo": report.is_demo,
        "created_at": report.created_at,
    }
    for field in report.redacted_fields or []:
        values[field] = None
    return values


def incident_export_row(report: IncidentReport) -> dict[str, Any]:
    values = incident_report_values(report)
    for field in ("countries", "risk_areas", "redacted_fields"):
        if values[field] is not None:
            values[field] = ";".join(values[field])
    return values


def _codes(text: str) -> list[str]:
    return [part.strip() for part in str(text or "").replace(",", ";").split(";") if part.strip()]


class IncidentRow(forms.Form):
    """One row of an incidents file: a report to file."""

    title = forms.CharField(max_length=300, help_text=gettext_lazy("What happened, in a line."))
    confidentiality = forms.ChoiceField(
        choices=Confidentiality.choices,
        help_text=gettext_lazy("public, member_states, secretariat or reporting_state."),
    )
    description = forms.CharField(required=False, help_text=gettext_lazy("What happened."))
    occurred_on = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text=gettext_lazy("YYYY-MM-DD.")
    )
    countries = forms.CharField(
        required=False, help_text=gettext_lazy("ISO alpha-3 codes separated by semicolons.")
    )
    risk_areas = forms.CharField(
        required=False, help_text=gettext_lazy("Risk area slugs separated by semicolons.")
    )
    ai_system = forms.CharField(
        required=False, max_length=300, help_text=gettext_lazy("AI system.")
    )
    developer = forms.CharField(
        required=False, max_length=300, help_text=gettext_lazy("Developer.")
    )
    deployer = forms.CharField(required=False, max_length=300, help_text=gettext_lazy("Deployer."))
    affected_groups = forms.CharField(
        required=False, max_length=500, help_text=gettext_lazy("Affected groups.")
    )
    severity = forms.ChoiceField(
        required=False,
        choices=[("", ""), *Severity.choices],
        help_text=gettext_lazy("hazard, incident or serious."),
    )
    exceeded_national_capacity = forms.NullBooleanField(
        required=False, help_text=gettext_lazy("true, false or empty.")
    )
    response = forms.CharField(required=False, help_text=gettext_lazy("Response taken."))
    sources = forms.CharField(required=False, help_text=gettext_lazy("Sources."))
    reporting_state = forms.CharField(
        required=False, help_text=gettext_lazy("ISO alpha-3 code of the reporting state.")
    )

    def clean_countries(self) -> list[str]:
        codes = _codes(self.cleaned_data.get("countries", ""))
        wrong = [code for code in codes if len(code) != 3]
        if wrong:
            message = _(
                "%(value)s is not an ISO 3166-1 alpha-3 code; use three letters, such as KEN."
            )
            raise ValidationError(message, code="invalid", params={"value": wrong[0]})
        codes = [code.upper() for code in codes]
        known = set(country_list().filter(iso3__in=codes).values_list("iso3", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("%(code)s is not a known ISO 3166-1 alpha-3 country code."),
                code="unknown_country",
                params={"code": unknown[0]},
            )
        return codes

    def clean_risk_areas(self) -> list[str]:
        slugs = _codes(self.cleaned_data.get("risk_areas", ""))
        known = set(risk_area_list().filter(slug__in=slugs).values_list("slug", flat=True))
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise ValidationError(
                _("%(slug)s is not a risk area of the shared taxonomy."),
                code="unknown_risk_area",
                params={"slug": unknown[0]},
            )
        return slugs


def incident_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """File one row as a report, unless the actor can already read one with its title and date."""
    existing = selectors.incident_report_list(actor=actor).filter(
        title=values["title"], occurred_on=values.get("occurred_on")
    )
    if existing.exists():
        return Outcome.UNCHANGED
    services.incident_report_file(
        actor=actor,
        title=values["title"],
        confidentiality=values["confidentiality"],
        description=values.get("description", ""),
        occurred_on=values.get("occurred_on"),
        countries=values.get("countries", []),
        risk_areas=values.get("risk_areas", []),
        ai_system=values.get("ai_system", ""),
        developer=values.get("developer", ""),
        deployer=values.get("deployer", ""),
        affected_groups=values.get("affected_groups", ""),
        severity=values.get("severity", ""),
        exceeded_national_capacity=values.get("exceeded_national_capacity"),
        response=values.get("response", ""),
        sources=values.get("sources", ""),
        reporting_state=values.get("reporting_state") or None,
    )
    return Outcome.CREATED


SESSION_COLUMNS = ("slug", "title", "starts_on", "ends_on", "place", "country", "focus", "is_demo")


def session_export_row(session: Session) -> dict[str, Any]:
    return {
        "slug": session.slug,
        "title": pick(session.titles, "en").text,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place": session.place,
        "country": session.country_id or "",
        "focus": session.focus,
        "is_demo": session.is_demo,
    }


class SessionRow(forms.Form):
    """One row of a sessions file; the slug identifies the session."""

    slug = forms.SlugField(max_length=100, help_text=gettext_lazy("Lower-case slug, unique."))
    title = forms.CharField(max_length=300, help_text=gettext_lazy("Title in English."))
    starts_on = forms.DateField(input_formats=["%Y-%m-%d"], help_text=gettext_lazy("YYYY-MM-DD."))
    ends_on = forms.DateField(input_formats=["%Y-%m-%d"], help_text=gettext_lazy("YYYY-MM-DD."))
    place = forms.CharField(max_length=200, help_text=gettext_lazy("City or venue."))
    country = forms.CharField(
        required=False, max_length=3, help_text=gettext_lazy("ISO alpha-3 code of the host.")
    )
    focus = forms.ChoiceField(
        choices=Session.Focus.choices, help_text=gettext_lazy("opportunities or risks.")
    )


def session_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Create the session of a row, or update the one with its slug."""
    slug = values["slug"]
    existing = selectors.session_list(actor=actor).filter(slug=slug).first()
    country = (values.get("country") or "").upper() or None
    if existing is None:
        services.session_create(
            actor=actor,
            slug=slug,
            titles={"en": values["title"]},
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            place=values["place"],
            country=country,
            focus=values["focus"],
        )
        return Outcome.CREATED
    # A column left out of the file leaves its field unchanged.
    changes: dict[str, Any] = {
        k: values[k] for k in ("starts_on", "ends_on", "place", "focus") if k in values
    }
    if "country" in values:
        changes["country"] = country
    if pick(existing.titles, "en").text != values["title"]:
        changes["titles"] = {**existing.titles, "en": values["title"]}
    current = {
        "titles": existing.titles,
        "country": existing.country_id,
        "starts_on": existing.starts_on,
        "ends_on": existing.ends_on,
        "place": existing.place,
        "focus": existing.focus,
    }
    if all(current[key] == value for key, value in changes.items()):
        return Outcome.UNCHANGED
    services.session_update(actor=actor, session=existing, changes=changes)
    return Outcome.UPDATED


# A row is checked before the importing actor is known (the form sees only the row): against
# what the public sees. Sessions are public, and so are the policies and standards a practice
# links; `practice_import_row` resolves the links again as the importing actor.
_PUBLIC = AnonymousUser()

PRACTICE_COLUMNS = (
    "id",
    "title",
    "description",
    "country",
    "sessions",
    "url",
    "policies",
    "standards",
    "status",
    "review_note",
    "is_demo",
)


def practice_export_row(practice: Practice) -> dict[str, Any]:
    return {
        "id": practice.pk,
        "title": pick(practice.titles, "en").text,
        "description": pick(practice.descriptions, "en").text,
        "country": practice.country_id or "",
        "sessions": ";".join(session.slug for session in practice.sessions.all()),
        "url": practice.url,
        "policies": ";".join(policy.slug for policy in practice.policies.all()),
        "standards": ";".join(standard.reference for standard in practice.standards.all()),
        "status": practice.status,
        "review_note": practice.review_note,
        "is_demo": practice.is_demo,
    }


class PracticeRow(forms.Form):
    """One row of a practices file: a practice to submit (the secretariat reviews it)."""

    title = forms.CharField(max_length=300, help_text=gettext_lazy("Title in English."))
    description = forms.CharField(required=False, help_text=gettext_lazy("Description."))
    country = forms.CharField(
        required=False, max_length=3, help_text=gettext_lazy("ISO alpha-3 code.")
    )
    sessions = forms.CharField(
        required=False, help_text=gettext_lazy("Session slugs separated by semicolons.")
    )
    url = forms.URLField(required=False, assume_scheme="https", help_text=gettext_lazy("Link."))
    policies = forms.CharField(
        required=False, help_text=gettext_lazy("Landscape policy slugs separated by semicolons.")
    )
    standards = forms.CharField(
        required=False, help_text=gettext_lazy("Standard references separated by semicolons.")
    )

    def clean_sessions(self) -> list[str]:
        return _codes(self.cleaned_data.get("sessions", ""))

    def _linked(self, field: str) -> list[str]:
        values = [part.strip() for part in str(self.cleaned_data.get(field) or "").split(";")]
        return [value for value in values if value]

    def clean_policies(self) -> list[str]:
        return self._linked("policies")

    def clean_standards(self) -> list[str]:
        return self._linked("standards")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            selectors.link_targets(
                actor=_PUBLIC,
                policies=cleaned.get("policies") or [],
                standards=cleaned.get("standards") or [],
                sessions=cleaned.get("sessions") or [],
            )
        except InvalidInput as invalid:
            for error in invalid.errors:
                problem = ValidationError(error["message"], code=error["code"])
                self.add_error(error["field"], problem)
        return cleaned


def practice_import_row(*, actor: Actor, values: dict[str, Any]) -> Outcome:
    """Submit the practice of a row, unless the actor already sees one with its title."""
    title = values["title"]
    if selectors.practice_list(actor=actor).filter(titles__en=title).exists():
        return Outcome.UNCHANGED
    links = selectors.link_targets(
        actor=actor,
        policies=values.get("policies", []),
        standards=values.get("standards", []),
        sessions=values.get("sessions", []),
    )
    description = values.get("description") or ""
    services.practice_submit(
        actor=actor,
        titles={"en": title},
        descriptions={"en": description} if description else {},
        country=(values.get("country") or "").upper() or None,
        sessions=links.sessions,
        url=values.get("url") or "",
        policies=links.policies,
        standards=links.standards,
    )
    return Outcome.CREATED


def register() -> None:
    register_dataset(
        Dataset(
            slug="dialogue-incidents",
            label=gettext_lazy("Incident reports"),
            importer=Importer(
                form=IncidentRow,
                apply=incident_import_row,
                natural_key=("title", "occurred_on"),
            ),
            exporter=Exporter(
                columns=INCIDENT_COLUMNS,
                records=selectors.incident_report_list,
                row=incident_export_row,
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="dialogue-sessions",
            label=gettext_lazy("Dialogue sessions"),
            importer=Importer(form=SessionRow, apply=session_import_row, natural_key=("slug",)),
            exporter=Exporter(
                columns=SESSION_COLUMNS, records=selectors.session_list, row=session_export_row
            ),
        )
    )
    register_dataset(
        Dataset(
            slug="dialogue-practices",
            label=gettext_lazy("Governance practices"),
            importer=Importer(form=PracticeRow, apply=practice_import_row, natural_key=("title",)),
            exporter=Exporter(
                columns=PRACTICE_COLUMNS, records=selectors.practice_list, row=practice_export_row
            ),
        )
    )
