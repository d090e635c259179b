"""Forms of the data pages: they read input; services judge and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.data.vocabulary import PURPOSES, Task


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=200)
    language = forms.CharField(label=_("Language (BCP 47 tag)"), required=False, max_length=20)
    country = forms.CharField(label=_("Country (ISO alpha-3)"), required=False, max_length=3)
    task = forms.ChoiceField(
        label=_("Task"), required=False, choices=[("", _("Any task")), *Task.choices]
    )
    access = forms.ChoiceField(
        label=_("Access"),
        required=False,
        choices=[
            ("", _("Open or restricted")),
            ("open", _("Open")),
            ("restricted", _("Restricted")),
        ],
    )


class AccessRequestForm(forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=[(purpose.slug, purpose.label) for purpose in PURPOSES],
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.CharField(
        label=_("Country where you will use the data (ISO alpha-3)"), min_length=3, max_length=3
    )
    duration_days = forms.IntegerField(label=_("Duration in days"), min_value=1, max_value=3650)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=300)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("permit", _("Permit")), ("deny", _("Deny"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class GapsForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("language", _("Language")),
            ("region", _("UN regional group")),
            ("income_group", _("Income group")),
        ],
    )
