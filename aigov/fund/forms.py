"""Forms of the fund's pages: a review with its conflict-of-interest declaration, a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    conflict_statement = forms.CharField(
        label=_("If so, describe it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    score = forms.TypedChoiceField(
        label=_("Score (1 to 5), unless you have a conflict"),
        choices=[("", _("No score"))] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Decline"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason for the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
