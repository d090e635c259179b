"""Forms of the landscape: the date of an analysis, and the values of a participation or policy.

`ParticipationValues` and `PolicyValues` validate one record's values wherever they come from:
the secretariat's edit pages, a focal point's proposal (checked when proposed and again when
accepted), and each row of an import file. Their fields are the import columns.
"""

import itertools
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aigov.core.forms import date_field
from aigov.landscape.models import TEXT_LENGTH, Initiative, Participation, Policy
from aigov.taxonomy.forms import CountryChoiceField
from aigov.taxonomy.models import (
    Confidence,
    Country,
    RegionalGroup,
    RiskArea,
    SustainableDevelopmentGoal,
)


class RepresentationForm(forms.Form):
    as_of = date_field(gettext_lazy("As of"), help_text=gettext_lazy("Today if empty."))
    group = forms.ChoiceField(
        label=gettext_lazy("UN regional group"),
        required=False,
        choices=[("", gettext_lazy("All regional groups")), *RegionalGroup.choices],
        help_text=gettext_lazy("The matrix lists the Member States of this group."),
    )


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    # Import files write dates as YYYY-MM-DD only (their column help says so); the pages'
    # pickers send that too.
    return date_field(label, required=required, input_formats=["%Y-%m-%d"])


def _country_code(value: str) -> str:
    code = (value or "").strip().upper()
    if not Country.objects.filter(iso3=code).exists():
        raise ValidationError(
            _("%(code)s is not a known ISO 3166-1 alpha-3 code (the EU is EUU)."),
            code="unknown_country",
            params={"code": code},
        )
    return code


def _tag_list(value: str, known: set[str], what: str) -> list[str]:
    tags = [tag.strip() for tag in (value or "").replace(",", ";").split(";") if tag.strip()]
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        raise ValidationError(
            _("Unknown %(what)s: %(tags)s."),
            code="unknown_tag",
            params={"what": what, "tags": ", ".join(unknown)},
        )
    return tags


class ParticipationValues(forms.Form):
    """One participation: who takes part in which initiative, on what basis, from when."""

    initiative = forms.CharField(
        label=gettext_lazy("Initiative"), help_text=gettext_lazy("The initiative's slug.")
    )
    participant = forms.CharField(
        label=gettext_lazy("Participant"),
        max_length=3,
        help_text=gettext_lazy("ISO 3166-1 alpha-3 code (the EU is EUU)."),
    )
    basis = forms.ChoiceField(label=gettext_lazy("Basis"), choices=Participation.Basis.choices)
    started_on = _date_field(gettext_lazy("Start date"), required=True)
    ended_on = _date_field(gettext_lazy("End date"))
    source_url = forms.URLField(
        label=gettext_lazy("Source link"), required=False, assume_scheme="https", max_length=500
    )
    source_note = forms.CharField(
        label=gettext_lazy("Source note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_initiative(self) -> str:
        slug = str(self.cleaned_data["initiative"]).strip()
        if not Initiative.objects.filter(slug=slug).exists():
            raise ValidationError(
                _("%(slug)s is not an initiative."), code="unknown", params={"slug": slug}
            )
        return slug

    def clean_participant(self) -> str:
        return _country_code(self.cleaned_data["participant"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended <= started:
            self.add_error("ended_on", _("The end date must be later than the start date."))
        return cleaned


class PolicyValues(forms.Form):
    """One policy or institution of the library."""

    slug = forms.SlugField(
        label=gettext_lazy("Identifier"),
        max_length=120,
        help_text=gettext_lazy("Short, unique, lower-case words joined by hyphens."),
    )
    jurisdiction = forms.CharField(
        label=gettext_lazy("Jurisdiction"),
        max_length=3,
        help_text=gettext_lazy("ISO 3166-1 alpha-3 code (the EU is EUU)."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Policy.Kind.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Policy.Status.choices)
    proposed_on = _date_field(gettext_lazy("Proposed on"))
    adopted_on = _date_field(gettext_lazy("Adopted on"))
    in_force_on = _date_field(gettext_lazy("In force from"))
    repealed_on = _date_field(gettext_lazy("Repealed on"))
    url = forms.URLField(
        label=gettext_lazy("Link"), required=False, assume_scheme="https", max_length=500
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risk_areas = forms.CharField(
        label=gettext_lazy("Risk areas"),
        required=False,
        help_text=gettext_lazy("Risk area identifiers separated by semicolons."),
    )
    sdgs = forms.CharField(
        label=gettext_lazy("SDGs"),
        required=False,
        help_text=gettext_lazy("Goal numbers separated by semicolons, such as 4;9."),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("Confidence"),
        choices=Confidence.choices,
        required=False,
        help_text=gettext_lazy("How sure the source is; high if empty."),
    )

    def clean_jurisdiction(self) -> str:
        return _country_code(self.cleaned_data["jurisdiction"])

    def clean_confidence(self) -> str:
        return str(self.cleaned_data.get("confidence") or Confidence.HIGH)

    def clean_risk_areas(self) -> list[str]:
        known = set(RiskArea.objects.values_list("slug", flat=True))
        return _tag_list(self.cleaned_data["risk_areas"], known, _("risk areas"))

    def clean_sdgs(self) -> list[int]:
        known = {
            str(n) for n in SustainableDevelopmentGoal.objects.values_list("number", flat=True)
        }
        return [int(n) for n in _tag_list(self.cleaned_data["sdgs"], known, _("SDGs"))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        dated = {
            Policy.Status.ADOPTED: "adopted_on",
            Policy.Status.IN_FORCE: "in_force_on",
            Policy.Status.REPEALED: "repealed_on",
        }
        needed = dated.get(cleaned.get("status", ""))
        if needed and not cleaned.get(needed):
            self.add_error(needed, _("A measure with this status needs this date."))
        order = ["proposed_on", "adopted_on", "in_force_on", "repealed_on"]
        dates: list[tuple[str, Any]] = [(n, cleaned[n]) for n in order if cleaned.get(n)]
        for (_earlier, first), (later, second) in itertools.pairwise(dates):
            if second < first:
                self.add_error(later, _("This date comes before an earlier stage's date."))
        return cleaned


def policy_values_of(policy: Policy) -> dict[str, Any]:
    """Return a policy's current values in the form's own terms (to prefill or compare)."""
    return {
        "slug": policy.slug,
        "jurisdiction": policy.jurisdiction_id,
        "title": policy.names.get("en", ""),
        "kind": policy.kind,
        "status": policy.status,
        "proposed_on": policy.proposed_on,
        "adopted_on": policy.adopted_on,
        "in_force_on": policy.in_force_on,
        "repealed_on": policy.repealed_on,
        "url": policy.url,
        "summary": policy.summary.get("en", ""),
        "risk_areas": ";".join(sorted(policy.risk_areas.values_list("slug", flat=True))),
        "sdgs": ";".join(str(n) for n in sorted(policy.sdgs.values_list("number", flat=True))),
        "source": policy.source,
        "confidence": policy.confidence,
    }


class PolicyFilter(forms.Form):
    jurisdiction = CountryChoiceField(label=gettext_lazy("Jurisdiction"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Policy.Kind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Policy.Status.choices],
    )
    sdg = forms.TypedChoiceField(
        label=gettext_lazy("SDG"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any")), *[(str(n), str(n)) for n in range(1, 18)]],
    )


class ProposalForm(forms.Form):
    rationale = forms.CharField(
        label=gettext_lazy("Why this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Say what the change rests on, with a source the secretariat can check."
        ),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note to the proposer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed when you reject a proposal."),
    )
