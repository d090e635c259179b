"""Forms of the secretariat's and donors' pages that write: contributions, pledges, calls,
applications, grants and disbursements. They read input; the services decide (and their field
errors are shown on these forms' fields, which carry the services' names)."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.fund.models import Contribution
from aigov.taxonomy.forms import country_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SDG_CHOICES = [(number, str(number)) for number in range(1, 18)]


def _amount(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=20, decimal_places=2, min_value=Decimal("0.01"), required=required
    )


def _currency() -> forms.CharField:
    return forms.CharField(
        label=_("Currency (ISO 4217 code, such as USD)"),
        min_length=3,
        max_length=3,
        initial="USD",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 4}),
    )


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.replace(";", ",").split(",") if code.strip()]


class _Fields(forms.Form):
    """Shared behaviour: currencies are upper-cased before the services check them."""

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).strip().upper()


class _Restricted(_Fields):
    """Earmarking (by theme, countries or SDGs) and whether the record is public."""

    restricted_theme = forms.CharField(
        label=_("Restricted to a theme (leave empty if unrestricted)"),
        max_length=200,
        required=False,
    )
    restricted_countries = forms.MultipleChoiceField(
        label=_("Restricted to countries"), required=False
    )
    restricted_sdgs = forms.TypedMultipleChoiceField(
        label=_("Restricted to SDGs"), choices=SDG_CHOICES, coerce=int, required=False
    )
    is_public = forms.BooleanField(
        label=_("Public (shown on the fund's public page)"), required=False, initial=True
    )

    def __init__(self, *args: Any, contributors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["contributor"].choices = contributors
        fields["restricted_countries"].choices = country_choices()


class ContributionForm(_Restricted):
    contributor = forms.TypedChoiceField(label=_("Contributor"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Contribution.Kind.choices,
        initial=Contribution.Kind.FINANCIAL,
        widget=forms.RadioSelect,
    )
    amount = _amount(_("Amount (for goods and services: their value)"))
    currency = _currency()
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=500)
    in_kind_type = forms.ChoiceField(
        label=_("In kind: what was given"),
        choices=[("", "—"), *Contribution.InKindType.choices],
        required=False,
    )
    quantity = forms.DecimalField(
        label=_("In kind: quantity"), max_digits=20, decimal_places=4, required=False
    )
    unit = forms.CharField(
        label=_("In kind: unit (such as GPU hour)"), max_length=50, required=False
    )
    valuation_method = forms.ChoiceField(
        label=_("In kind: valuation method"),
        choices=[("", "—"), *Contribution.Valuation.choices],
        required=False,
    )
    unit_value = forms.DecimalField(
        label=_("In kind: value of one unit"), max_digits=20, decimal_places=4, required=False
    )
    evidence_links = forms.CharField(
        label=_("Evidence: links to the records in compute, data or capacity, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("Evidence document (PDF, PNG or JPEG, at most 10 MB)"), required=False
    )

    def clean_evidence_links(self) -> list[str]:
        text = str(self.cleaned_data.get("evidence_links") or "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class PledgeForm(_Restricted):
    contributor = forms.TypedChoiceField(label=_("Contributor"), coerce=int)
    amount = _amount(_("Amount"))
    currency = _currency()
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class CallForm(_Fields):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    priority = forms.CharField(
        label=_("Item of the priority list (HLAB Box 15) it answers"),
        max_length=300,
        required=False,
    )
    sdg_targets = forms.CharField(
        label=_("SDG targets the call serves (codes such as 4.4, 9.b)"),
        max_length=300,
        required=False,
    )
    budget = _amount(_("Budget"), required=False)
    currency = _currency()
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def clean_sdg_targets(self) -> list[str]:
        return _codes(str(self.cleaned_data.get("sdg_targets") or ""))


class ApplicationForm(_Fields):
    organisation_name = forms.CharField(label=_("Applying organisation"), max_length=300)
    country = forms.ChoiceField(label=_("Country"))
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary of the proposal"), widget=forms.Textarea)
    requested_amount = _amount(_("Amount requested"))
    currency = _currency()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["country"].choices = [("", "—"), *country_choices()]


class GrantForm(_Fields):
    title = forms.CharField(label=_("Title"), max_length=300)
    recipient_name = forms.CharField(label=_("Recipient"), max_length=300, required=False)
    recipient_country = forms.ChoiceField(label=_("Recipient country"))
    amount = _amount(_("Amount committed"))
    currency = _currency()
    sdgs = forms.TypedMultipleChoiceField(
        label=_("SDGs"), choices=SDG_CHOICES, coerce=int, required=False
    )
    committed_on = forms.DateField(label=_("Committed on"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    tranches = forms.CharField(
        label=_("Tranches: one a line, the amount then the due date (50000 2026-09-30)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    funded_from = forms.TypedChoiceField(
        label=_("Funded from a restricted contribution (its earmark must match)"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    application = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        restricted: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["recipient_country"].choices = [("", "—"), *country_choices()]
        fields["funded_from"].choices = [("", _("Unrestricted money")), *restricted]

    def clean_tranches(self) -> list[tuple[Decimal, datetime.date]]:
        rows = []
        text = str(self.cleaned_data.get("tranches") or "")
        for number, line in enumerate(
            (line for line in text.splitlines() if line.strip()), start=1
        ):
            parts = line.split()
            try:
                amount, due = Decimal(parts[0]), datetime.date.fromisoformat(parts[1])
            except (IndexError, ArithmeticError, ValueError):
                raise forms.ValidationError(
                    _("Line %(number)s: give the amount then the date as YYYY-MM-DD."),
                    params={"number": number},
                ) from None
            rows.append((amount, due))
        return rows


class DisbursementForm(forms.Form):
    amount = _amount(_("Amount"))
    value_date = forms.DateField(label=_("Value date"), widget=DATE)
    tranche = forms.TypedChoiceField(
        label=_("Tranche"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, tranches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["tranche"].choices = [("", _("None in particular")), *tranches]


RESULT_ROWS = 3
EXPENDITURE_ROWS = 5
RESULT_PARTS = ("indicator", "baseline", "target", "actual", "measured_on")
EXPENDITURE_PARTS = ("spent_on", "amount", "description")


class GrantReportForm(forms.Form):
    """A grant report: period, narrative, up to three results and five expenditure rows.

    Row fields are named `result_N_<part>` and `expenditure_N_<part>`; a row left wholly
    empty is skipped, a row half filled is an error beside its empty fields."""

    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    narrative = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, RESULT_ROWS + 1):
            self.fields[f"result_{n}_indicator"] = forms.CharField(
                label=_("Result %(n)s: indicator") % {"n": n}, max_length=300, required=False
            )
            for part, label in (
                ("baseline", _("Result %(n)s: baseline")),
                ("target", _("Result %(n)s: target")),
                ("actual", _("Result %(n)s: actual")),
            ):
                self.fields[f"result_{n}_{part}"] = forms.DecimalField(
                    label=label % {"n": n}, max_digits=20, decimal_places=4, required=False
                )
            self.fields[f"result_{n}_measured_on"] = forms.DateField(
                label=_("Result %(n)s: measured on") % {"n": n}, widget=DATE, required=False
            )
        for n in range(1, EXPENDITURE_ROWS + 1):
            self.fields[f"expenditure_{n}_spent_on"] = forms.DateField(
                label=_("Expenditure %(n)s: date") % {"n": n}, widget=DATE, required=False
            )
            amount = _amount(
                _("Expenditure %(n)s: amount (%(currency)s)") % {"n": n, "currency": currency},
                required=False,
            )
            self.fields[f"expenditure_{n}_amount"] = amount
            self.fields[f"expenditure_{n}_description"] = forms.CharField(
                label=_("Expenditure %(n)s: description") % {"n": n},
                max_length=500,
                required=False,
            )

    def _rows(self, kind: str, count: int, parts: Sequence[str], optional: Sequence[str]) -> Any:
        """Return (slot number, row) for each row with anything in it; mark empty required
        parts of a half-filled row."""
        rows = []
        for n in range(1, count + 1):
            names = {part: f"{kind}_{n}_{part}" for part in parts}
            if any(name in self.errors for name in names.values()):
                continue
            row = {part: self.cleaned_data.get(name) for part, name in names.items()}
            if all(value in (None, "") for value in row.values()):
                continue
            for part, name in names.items():
                if part not in optional and row[part] in (None, ""):
                    self.add_error(name, _("Fill this in, or empty the whole row."))
            rows.append((n, row))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        results = self._rows("result", RESULT_ROWS, RESULT_PARTS, ())
        spent = self._rows("expenditure", EXPENDITURE_ROWS, EXPENDITURE_PARTS, ("description",))
        data["results"] = results
        data["expenditures"] = spent
        return data
