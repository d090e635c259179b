"""The dialogue's datasets for `aigov import` / `aigov export` and the incidents export API.

`dialogue-incidents` exports the incident reports the actor may read (the same selector as the
pages), leaving redacted fields of a published version empty; importing files each row as a
new report through `incident_report_file`, as the importing actor. `dialogue-sessions` exports
the public sessions.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.exchange import Dataset, Exporter, Importer, Outcome, register_dataset
from aigov.core.translation import pick
from aigov.dialogue import selectors, services
from aigov.dialogue.models import Confidentiality, IncidentReport, Session, Severity
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


def incident_import_row(*, actor: Any, values: dict[str, Any]) -> Outcome:
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
            exporter=Exporter(
                columns=SESSION_COLUMNS, records=selectors.session_list, row=session_export_row
            ),
        )
    )
