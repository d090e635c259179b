from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.taxonomy.models import IncomeGroup, RegionalGroup


class CountryFilterForm(forms.Form):
    un_member = forms.TypedChoiceField(
        label=_("UN membership"),
        required=False,
        choices=[("", _("All")), ("true", _("UN Member States")), ("false", _("Others"))],
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    regional_group = forms.ChoiceField(
        label=_("UN regional group"),
        required=False,
        choices=[("", _("All")), *RegionalGroup.choices],
    )
    income_group = forms.ChoiceField(
        label=_("Income group"), required=False, choices=[("", _("All")), *IncomeGroup.choices]
    )
