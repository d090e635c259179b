"""Forms of the compute pages: they read input; the services decide."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.compute.models import Kind, Priority
from aigov.compute.services.jobs import MAX_WALLTIME_MINUTES


class OfferFilterForm(forms.Form):
    """ "N units with at least M GB": the catalogue's question."""

    units = forms.DecimalField(
        label=_("Units you need"),
        min_value=Decimal("0.0001"),
        max_digits=16,
        decimal_places=4,
        initial=Decimal(100),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *Kind.choices], required=False
    )
    min_memory_gb = forms.IntegerField(
        label=_("At least this much memory per accelerator (GB)"),
        min_value=0,
        max_value=100_000,
        required=False,
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    country = forms.ChoiceField(label=_("Country"))
    purpose = forms.CharField(label=_("Purpose"), max_length=10000, widget=forms.Textarea)
    sdg_targets = forms.CharField(
        label=_("SDG targets the project serves (codes such as 3.3, 13.1)"),
        max_length=300,
        required=False,
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, empty_value=None, required=False
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    members = forms.CharField(
        label=_("Team members (e-mail addresses of their accounts, one a line)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        countries: list[tuple[str, str]],
        organisations: Sequence[tuple[int, str]] = (),
        topics: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["country"].choices = [("", "—"), *countries]
        fields["organisation"].choices = [("", "—"), *organisations]
        fields["topics"].choices = list(topics)


class RequestForm(forms.Form):
    resource = forms.TypedChoiceField(label=_("Resource"), coerce=int)
    amount = forms.DecimalField(
        label=_("Units"), min_value=Decimal("0.0001"), max_digits=16, decimal_places=4
    )
    justification = forms.CharField(
        label=_("Justification"), max_length=10000, widget=forms.Textarea
    )
    priority = forms.ChoiceField(
        label=_("Priority class"), choices=Priority.choices, initial=Priority.STANDARD
    )
    time_critical_reason = forms.CharField(
        label=_("Why it is time-critical (for time-critical requests)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, resources: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["resource"].choices = resources


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("return", _("Return for changes")),
            ("reject", _("Reject")),
        ],
    )
    amount = forms.DecimalField(
        label=_("Units granted (when approving)"),
        min_value=Decimal("0.0001"),
        max_digits=16,
        decimal_places=4,
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the requester"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JobForm(forms.Form):
    command = forms.CharField(
        label=_("Command"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    units = forms.DecimalField(
        label=_("Units to hold"), min_value=Decimal("0.0001"), max_digits=16, decimal_places=4
    )
    walltime_minutes = forms.IntegerField(
        label=_("Walltime (minutes)"), min_value=1, max_value=MAX_WALLTIME_MINUTES, initial=60
    )


class ExtendForm(forms.Form):
    """A renewal (a later end) or a change (more units) of an allocation."""

    kind = forms.ChoiceField(
        label=_("Ask for"),
        choices=[
            ("change", _("Change (more units)")),
            ("renewal", _("Renewal (later end)")),
        ],
    )
    amount = forms.DecimalField(
        label=_("Units"), min_value=Decimal("0.0001"), max_digits=16, decimal_places=4
    )
    justification = forms.CharField(
        label=_("Justification"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PolicyForm(forms.Form):
    floor = forms.DecimalField(
        label=_("Floor per country (0 to 1)"), min_value=0, max_value=1, decimal_places=5
    )
    time_critical_reserve = forms.DecimalField(
        label=_("Reserve for time-critical work (0 to 1)"),
        min_value=0,
        max_value=Decimal("0.99999"),
        decimal_places=5,
    )
    half_life_days = forms.DecimalField(
        label=_("Usage half-life (days)"),
        min_value=Decimal("0.01"),
        max_value=3650,
        decimal_places=2,
    )


def addresses(text: str) -> list[str]:
    """The e-mail addresses in `text`, one a line or separated by commas or spaces."""
    return [word for word in text.replace(",", " ").split() if word]


def target_codes(text: str) -> list[str]:
    """Return the SDG target codes written in `text`, separated by commas or spaces."""
    return [code for code in text.replace(",", " ").split() if code]
