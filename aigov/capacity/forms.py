"""Forms of the capacity pages: catalogue filters, credential verification, quizzes."""

import datetime
import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models import Audience, LearnerProfile, Offering
from aigov.capacity.selectors import provider_list
from aigov.core.exchange import JsonTooDeep, json_parse
from aigov.core.forms import date_field
from aigov.core.templatetags.aigov import language_name
from aigov.core.translation import pick
from aigov.taxonomy.forms import (
    LanguagesField,
    OptionalCountryField,
    by_name,
    language_choices,
    named_choices,
)
from aigov.taxonomy.models import RegionalGroup

MAX_CREDENTIAL_BYTES = 256 * 1024


def _escaped(value: Any) -> str:
    """`value` as HTML text: escaped as a template escapes it, unless it is HTML already."""
    return str(value.__html__()) if hasattr(value, "__html__") else html.escape(str(value))


class QuickSelect(forms.Select):
    """A select list written out in Python, the same HTML as Django's own (tested).

    Django renders each option through a template, and escapes through lazy wrappers: with
    the catalogue's four hundred options (languages, providers, topics) that was most of the
    page's time (bench/capacity.py)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_escaped(widget["name"])}"{flatatt(widget["attrs"])}>']
        for group, choices, _index in widget["optgroups"]:
            if group:
                out.append(f'<optgroup label="{_escaped(group)}">')
            out.extend(
                f'<option value="{_escaped(option["value"])}"'
                f"{flatatt(option['attrs']) if option['attrs'] else ''}>"
                f"{_escaped(option['label'])}</option>"
                for option in choices
            )
            if group:
                out.append("</optgroup>")
        out.append("</select>")
        return SafeString("".join(out))


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any")), *Offering.Kind.choices],
        widget=QuickSelect,
    )
    # A list of language names; the value stays a BCP 47 tag, so that links with any tag the
    # catalogue understands (fr, zh-Hans, fr-CA) keep working.
    language = forms.CharField(label=_("Language"), required=False, widget=QuickSelect)
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("Any")), *Audience.choices],
        widget=QuickSelect,
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)
    cost = forms.ChoiceField(
        label=_("Cost"),
        required=False,
        choices=[("", _("Any")), *Offering.Cost.choices],
        widget=QuickSelect,
    )
    provider = forms.ChoiceField(label=_("Provider"), required=False, widget=QuickSelect)
    starts_after = date_field(_("Starts after"))
    government_track = forms.BooleanField(label=_("Government track only"), required=False)
    region = forms.ChoiceField(
        label=_("My region (for recommendations)"),
        required=False,
        choices=[("", _("Any")), *RegionalGroup.choices],
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, topics: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["topic"].choices = [("", _("Any")), *named_choices(topics or [])]
        fields["provider"].choices = [("", _("Any")), *named_choices(provider_list())]
        languages = [("", _("Any")), *language_choices()]
        asked = str(self.data.get("language", "")).strip() if self.is_bound else ""
        if asked and asked not in dict(languages):
            # A tag from an older link that names no language of the list (fr-CA): offered
            # under its own name, so the list shows the filter that is applied.
            languages.append((asked, language_name(asked)))
        fields["language"].widget.choices = languages

    def starts_after_moment(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("starts_after")
        if day is None:
            return None
        return datetime.datetime.combine(day, datetime.time.max, tzinfo=datetime.UTC)


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Paste the credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "ltr", "spellcheck": "false"}),
    )
    upload = forms.FileField(label=_("Or choose the credential file"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("credential") or ""
        upload = cleaned.get("upload")
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise forms.ValidationError(_("The file is too large to be a credential."))
            raw = upload.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from bad
        if not text.strip():
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        try:
            cleaned["document"] = json_parse(text)
        except JsonTooDeep as too_deep:
            raise forms.ValidationError(str(too_deep)) from too_deep
        except ValueError as bad:
            raise forms.ValidationError(_("This is not JSON.")) from bad
        return cleaned


def quiz_form(lesson: Any, data: Any = None) -> forms.Form:
    """Return a form with one required choice per question of a quiz lesson."""
    form = forms.Form(data)
    for question in lesson.questions.all():
        form.fields[f"q{question.position}"] = forms.TypedChoiceField(
            label=pick(question.prompts).text,
            choices=[(index, pick(option).text) for index, option in enumerate(question.options)],
            coerce=int,
            widget=forms.RadioSelect,
        )
    return form


class AssessmentStartForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    label = forms.CharField(label=_("Label (e.g. 2026 baseline)"), required=False, max_length=120)
    languages = LanguagesField(label=_("Working languages"), required=False)

    def __init__(self, *args: Any, countries: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)  # declared as one above
        country_field.choices = by_name(
            [
                (country.iso3, f"{pick(country.names).text} ({country.iso3})")
                for country in countries or []
            ]
        )

    def language_tags(self) -> list[str]:
        return list(self.cleaned_data.get("languages") or [])


def assessment_form(instrument: Any, assessment: Any, data: Any = None) -> forms.Form:
    """A form with one scale question per instrument question, plus label and languages."""
    from aigov.capacity.readiness import SCALE

    fields: dict[str, forms.Field] = {
        "label": forms.CharField(
            label=_("Label (e.g. 2026 baseline)"), required=False, max_length=120
        ),
        "languages": LanguagesField(label=_("Working languages"), required=False),
    }
    initial: dict[str, Any] = {
        "label": assessment.label,
        "languages": list(assessment.languages),
    }
    for question in instrument.questions():
        fields[question.code] = forms.TypedChoiceField(
            label=question.prompt,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("Not answered yet")), *((value, label) for value, label in SCALE)],
            widget=forms.RadioSelect,
        )
        initial[question.code] = assessment.answers.get(question.code, "")
    form_class = type("AssessmentForm", (forms.Form,), fields)
    return form_class(data, initial=initial)


class _FacetForm(forms.Form):
    """Topics and languages picked from the taxonomy, shared by needs and offers."""

    def __init__(self, *args: Any, topics: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topics"]
        assert isinstance(topic_field, forms.MultipleChoiceField)  # declared as one above
        topic_field.choices = named_choices(topics or [])

    def language_tags(self) -> list[str]:
        return list(self.cleaned_data.get("languages") or [])


class NeedForm(_FacetForm):
    title = forms.CharField(label=_("What is needed"), max_length=300)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)
    topics = forms.MultipleChoiceField(label=_("Topics"))
    languages = LanguagesField(label=_("Languages"))
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), required=False, choices=Audience.choices
    )
    people = forms.IntegerField(label=_("People to train"), min_value=1)
    due_by = date_field(_("Needed by"))
    country = OptionalCountryField(label=_("In the name of a country (focal points only)"))
    region = forms.ChoiceField(
        label=_("UN regional group"),
        required=False,
        choices=[("", _("Any")), *RegionalGroup.choices],
    )


class OfferForm(_FacetForm):
    title = forms.CharField(label=_("What is offered"), max_length=300)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)
    topics = forms.MultipleChoiceField(label=_("Topics"))
    languages = LanguagesField(label=_("Languages"))
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), required=False, choices=Audience.choices
    )
    regions = forms.MultipleChoiceField(
        label=_("UN regional groups served (none: all)"),
        required=False,
        choices=RegionalGroup.choices,
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1)
    available_from = date_field(_("Available from"))
    available_until = date_field(_("Available until"))


class IntroductionForm(forms.Form):
    offer = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the provider"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class LearnerProfileForm(forms.Form):
    country = OptionalCountryField(label=_("My country"))
    gender = forms.ChoiceField(label=_("Gender"), choices=LearnerProfile.Gender.choices)
