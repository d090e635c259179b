from django import forms
from django.utils.translation import gettext_lazy as _


class RepresentationForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD; today if empty."),
    )
