from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.accounts.models import ApiToken


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )
