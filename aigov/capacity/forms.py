"""Forms of the capacity pages: catalogue filters, credential verification, quizzes."""

import datetime
import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models import Audience, Offering
from aigov.core.translation import pick
from aigov.taxonomy.models import RegionalGroup

MAX_CREDENTIAL_BYTES = 256 * 1024


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Offering.Kind.choices]
    )
    language = forms.CharField(label=_("Language (BCP 47, e.g. fr)"), required=False, max_length=20)
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("Any")), *Audience.choices]
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    cost = forms.ChoiceField(
        label=_("Cost"), required=False, choices=[("", _("Any")), *Offering.Cost.choices]
    )
    provider = forms.CharField(label=_("Provider (slug)"), required=False, max_length=80)
    starts_after = forms.DateField(
        label=_("Starts after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ChoiceField(
        label=_("My region (for recommendations)"),
        required=False,
        choices=[("", _("Any")), *RegionalGroup.choices],
    )

    def __init__(self, *args: Any, topics: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["topic"]
        assert isinstance(topic_field, forms.ChoiceField)  # declared as one above
        topic_field.choices = [("", _("Any"))] + [
            (topic.slug, pick(topic.names).text) for topic in topics or []
        ]

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
            cleaned["document"] = json.loads(text)
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
