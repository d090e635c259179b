"""Forms of the dialogue pages; they only parse input, services decide."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aigov.core.forms import add_language_fields as _language_fields
from aigov.core.forms import date_field, language_values
from aigov.core.translation import pick
from aigov.dialogue.models import (
    AgendaItem,
    Confidentiality,
    IncidentReport,
    Registration,
    Segment,
    Session,
    Severity,
    Statement,
)
from aigov.taxonomy.forms import CountryChoiceField
from aigov.taxonomy.selectors import risk_area_list


class IncidentReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea, required=False)
    occurred_on = date_field(_("Occurred on"))
    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        help_text=_("ISO alpha-3 codes separated by spaces, such as KEN UGA."),
    )
    risk_areas = forms.MultipleChoiceField(
        label=_("Harms by risk area"), required=False, widget=forms.CheckboxSelectMultiple
    )
    ai_system = forms.CharField(label=_("AI system"), max_length=300, required=False)
    developer = forms.CharField(label=_("Developer"), max_length=300, required=False)
    deployer = forms.CharField(label=_("Deployer"), max_length=300, required=False)
    affected_groups = forms.CharField(label=_("Affected groups"), max_length=500, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices]
    )
    exceeded_national_capacity = forms.NullBooleanField(
        label=_("Exceeded national capacity"),
        required=False,
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    response = forms.CharField(label=_("Response taken"), widget=forms.Textarea, required=False)
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One address per line."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may see this report"),
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["risk_areas"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(area.slug, pick(area.names).text) for area in risk_area_list()]

    def clean_countries(self) -> list[str]:
        text = self.cleaned_data.get("countries", "")
        return [code.upper() for code in str(text).replace(",", " ").split() if code]


class LinkForm(forms.Form):
    incident = forms.IntegerField(
        label=_("Incident number"), min_value=1, help_text=_("The incident this report is about.")
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Published title"), max_length=300, required=False)
    redact = forms.MultipleChoiceField(
        label=_("Fields to leave out"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (name, getattr(IncidentReport._meta.get_field(name), "verbose_name", name))
            for name in IncidentReport.REDACTABLE_FIELDS
        ],
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IncidentReport.Status.choices)
    note = forms.CharField(label=_("Follow-up note"), widget=forms.Textarea, required=False)


class RegistrationForm(forms.Form):
    role = forms.ChoiceField(label=_("Taking part as"), choices=Registration.Role.choices)
    country = forms.CharField(
        label=_("Country"),
        max_length=3,
        required=False,
        help_text=_("ISO alpha-3 code, such as KEN."),
    )


class IncidentFilterForm(forms.Form):
    country = CountryChoiceField(label=_("Country"), required=False)
    risk_area = forms.ChoiceField(label=_("Risk area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["risk_area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (area.slug, pick(area.names).text) for area in risk_area_list()
        ]


# Sessions ------------------------------------------------------------------------------------


def _codes_of(text: str) -> list[str]:
    return [
        part.strip() for part in str(text or "").replace(",", "\n").splitlines() if part.strip()
    ]


class SessionForm(forms.Form):
    slug = forms.SlugField(
        label=_("Slug"), max_length=100, help_text=_("Lower-case letters, digits and hyphens.")
    )
    starts_on = date_field(_("Starts on"), required=True)
    ends_on = date_field(_("Ends on"), required=True)
    place = forms.CharField(label=_("Place"), max_length=200)
    country = forms.CharField(
        label=_("Country"),
        max_length=3,
        required=False,
        help_text=_("ISO alpha-3 code, such as KEN."),
    )
    focus = forms.ChoiceField(label=_("Focus"), choices=Session.Focus.choices)

    def __init__(self, *args: Any, session: Session | None = None, **kwargs: Any) -> None:
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "slug": session.slug,
                    "starts_on": session.starts_on,
                    "ends_on": session.ends_on,
                    "place": session.place,
                    "country": session.country_id or "",
                    "focus": session.focus,
                },
            )
        super().__init__(*args, **kwargs)
        _language_fields(self, "title", _("Title"), initial=session and session.titles)
        _language_fields(
            self,
            "outcome",
            _("Outcome summary"),
            long=True,
            initial=session and session.outcome_summary,
        )
        if session is not None:
            del self.fields["slug"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "titles": language_values(data, "title"),
            "outcome_summary": language_values(data, "outcome"),
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "place": data["place"],
            "country": (data.get("country") or "").upper() or None,
            "focus": data["focus"],
        }
        if "slug" in data:
            values["slug"] = data["slug"]
        return values


class SegmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Led by"), choices=Segment.Kind.choices)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _language_fields(self, "title", _("Title"))


class PracticeLinksForm(forms.Form):
    """The landscape policies and standards a practice or agenda item links to."""

    policies = forms.CharField(
        label=_("Landscape policies"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One policy slug per line, as in the policy's address."),
    )
    standards = forms.CharField(
        label=_("Standards"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One standard reference per line, such as ISO/IEC 42001:2023."),
    )

    def clean_policies(self) -> list[str]:
        return _codes_of(self.cleaned_data.get("policies", ""))

    def clean_standards(self) -> list[str]:
        # References contain commas rarely but spaces often: one per line.
        text = self.cleaned_data.get("standards", "")
        return [line.strip() for line in str(text).splitlines() if line.strip()]


class AgendaItemForm(PracticeLinksForm):
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)
    segment = forms.TypedChoiceField(
        label=_("Segment"), coerce=int, required=False, empty_value=None
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("YYYY-MM-DD HH:MM, in UTC."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    incidents = forms.CharField(
        label=_("Incident numbers"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One incident number per line."),
    )
    reports = forms.CharField(
        label=_("Panel reports"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("One panel report slug per line, as in the report's address."),
    )

    def __init__(
        self,
        *args: Any,
        session: Session,
        item: AgendaItem | None = None,
        incident_numbers: list[int] | None = None,
        **kwargs: Any,
    ) -> None:
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "position": item.position,
                    "segment": item.segment_id,
                    "starts_at": item.starts_at,
                    "ends_at": item.ends_at,
                    "incidents": "\n".join(str(n) for n in incident_numbers or []),
                    "policies": "\n".join(p.slug for p in item.policies.all()),
                    "standards": "\n".join(s.reference for s in item.standards.all()),
                    "reports": "\n".join(r.slug for r in item.reports.all()),
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["segment"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [
            (segment.pk, pick(segment.titles).text) for segment in session.segments.all()
        ]
        _language_fields(self, "title", _("Title"), initial=item and item.titles)
        _language_fields(
            self, "description", _("Description"), long=True, initial=item and item.descriptions
        )

    def clean_incidents(self) -> list[int]:
        numbers = []
        for part in _codes_of(self.cleaned_data.get("incidents", "")):
            number = part.lstrip("#")
            if not number.isdigit():
                raise ValidationError(
                    _("%(value)s is not an incident number."),
                    code="invalid",
                    params={"value": part},
                )
            numbers.append(int(number))
        return numbers

    def clean_reports(self) -> list[str]:
        return _codes_of(self.cleaned_data.get("reports", ""))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "titles": language_values(data, "title"),
            "descriptions": language_values(data, "description"),
            "position": data.get("position") or 0,
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
        }


class StatementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Statement.Kind.choices)
    speaker = forms.CharField(
        label=_("On behalf of"),
        max_length=300,
        help_text=_("The state or organisation speaking."),
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, required=False, empty_value=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Optional if you attach a document."),
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("PDF, DOCX, ODT or TXT, in the language above, at most 10 MB."),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—")] + [
            (item.pk, pick(item.titles).text) for item in session.agenda_items.all()
        ]


class DocumentForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    document = forms.FileField(
        label=_("Document"), help_text=_("PDF, DOCX, ODT or TXT, at most 10 MB.")
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept for sharing")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required when the practice is not accepted."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class IncidentEditForm(IncidentReportForm):
    """The fields of a filed report its reporter may change (the reporting state stays)."""

    def __init__(self, *args: Any, report: IncidentReport, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": report.title,
                "description": report.description,
                "occurred_on": report.occurred_on,
                "countries": " ".join(c.iso3 for c in report.countries.all()),
                "risk_areas": [a.slug for a in report.risk_areas.all()],
                "ai_system": report.ai_system,
                "developer": report.developer,
                "deployer": report.deployer,
                "affected_groups": report.affected_groups,
                "severity": report.severity,
                "exceeded_national_capacity": report.exceeded_national_capacity,
                "response": report.response,
                "sources": report.sources,
                "confidentiality": report.confidentiality,
            },
        )
        super().__init__(*args, **kwargs)
