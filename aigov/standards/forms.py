"""Forms of the standards pages: the register's filters, the gap matrix axes, reviews."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.core.translation import pick
from aigov.standards import selectors
from aigov.standards.models import Review, Status
from aigov.taxonomy.selectors import lifecycle_stage_list, risk_area_list, topic_list

SORT_CHOICES = [
    ("reference", _("Reference (A to Z)")),
    ("-reference", _("Reference (Z to A)")),
    ("-year", _("Newest first")),
    ("year", _("Oldest first")),
    ("body", _("Standards body")),
    ("status", _("Status")),
]


class StandardFilterForm(forms.Form):
    sdo = forms.TypedChoiceField(
        label=_("Standards body"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    risk_area = forms.ChoiceField(label=_("Risk area"), required=False)
    lifecycle_stage = forms.ChoiceField(label=_("Lifecycle stage"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        fields: Any = self.fields
        fields["sdo"].choices = everything + [
            (body.pk, body.name) for body in selectors.sdo_list(actor=actor)
        ]
        fields["status"].choices = everything + list(Status.choices)
        fields["topic"].choices = everything + [
            (topic.slug, pick(topic.names).text) for topic in topic_list().order_by("slug")
        ]
        fields["risk_area"].choices = everything + [
            (area.slug, pick(area.names).text) for area in risk_area_list()
        ]
        fields["lifecycle_stage"].choices = everything + [
            (stage.slug, pick(stage.names).text)
            for stage in lifecycle_stage_list(scheme=selectors.LIFECYCLE_SCHEME)
        ]


class GapAxesForm(forms.Form):
    rows = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("topic", _("Topics")), ("risk_area", _("Risk areas"))],
    )
    cols = forms.ChoiceField(
        label=_("Columns"),
        required=False,
        choices=[("lifecycle_stage", _("Lifecycle stages")), ("sdg", _("SDGs"))],
    )


SCORE_CHOICES = [("", _("Not scored"))] + [(str(n), str(n)) for n in range(1, 6)]


class ReviewForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Review.Position.choices)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 5}))
    measurability = forms.TypedChoiceField(
        label=_("Measurability"),
        required=False,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
    )
    process_inclusiveness = forms.TypedChoiceField(
        label=_("Inclusiveness of the process"),
        required=False,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
    )
    human_rights = forms.TypedChoiceField(
        label=_("Human-rights considerations"),
        required=False,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
    )
    fitness_for_developing_countries = forms.TypedChoiceField(
        label=_("Fitness for developing countries"),
        required=False,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
    )

    def scores(self) -> dict[str, int]:
        return {
            name: self.cleaned_data[name]
            for name in selectors.REVIEW_CRITERIA
            if self.cleaned_data.get(name) is not None
        }


class ReplyForm(forms.Form):
    rationale = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))


class ModerationForm(forms.Form):
    is_hidden = forms.BooleanField(label=_("Hide this review"), required=False)
    note = forms.CharField(label=_("Moderation note"), required=False, max_length=1000)


class GapProposalForm(forms.Form):
    title = forms.CharField(label=_("What is missing"), max_length=300)
    rationale = forms.CharField(
        label=_("Why it is needed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=topic_list().order_by("slug")
    )
    risk_area = forms.ModelChoiceField(
        label=_("Risk area"), required=False, queryset=risk_area_list()
    )
    lifecycle_stage = forms.ModelChoiceField(
        label=_("Lifecycle stage"),
        required=False,
        queryset=lifecycle_stage_list(scheme=selectors.LIFECYCLE_SCHEME),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        for name in ("topic", "risk_area", "lifecycle_stage"):
            fields[name].label_from_instance = lambda item: pick(item.names).text
