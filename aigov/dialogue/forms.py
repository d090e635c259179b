"""Forms of the dialogue pages; they only parse input, services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.core.translation import pick
from aigov.dialogue.models import Confidentiality, IncidentReport, Registration, Severity
from aigov.taxonomy.selectors import risk_area_list


class IncidentReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea, required=False)
    occurred_on = forms.DateField(
        label=_("Occurred on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD."),
    )
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
    country = forms.CharField(label=_("Country"), max_length=3, required=False)
    risk_area = forms.ChoiceField(label=_("Risk area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["risk_area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (area.slug, pick(area.names).text) for area in risk_area_list()
        ]
