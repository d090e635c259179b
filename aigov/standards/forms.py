"""Forms of the standards pages: the register's filters, the gap matrix axes, reviews."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.accounts.access import Actor
from aigov.core.translation import pick
from aigov.standards import selectors
from aigov.standards.models import SUMMARY_LENGTH, TITLE_LENGTH, AssessmentTool, Review, Status
from aigov.taxonomy.forms import by_name, named_choices
from aigov.taxonomy.selectors import (
    language_list,
    lifecycle_stage_list,
    risk_area_list,
    sdg_list,
    topic_list,
)

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
    sdg = forms.TypedChoiceField(
        label=_("Sustainable Development Goal"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        fields: Any = self.fields
        fields["sdo"].choices = everything + by_name(
            [(body.pk, body.name) for body in selectors.sdo_list(actor=actor)]
        )
        # The gap matrix's cells link here with status=current: the statuses it counts.
        fields["status"].choices = [
            *everything,
            (selectors.CURRENT, _("Published or under development")),
            *Status.choices,
        ]
        fields["topic"].choices = everything + named_choices(topic_list())
        fields["risk_area"].choices = everything + [
            (area.slug, pick(area.names).text) for area in risk_area_list()
        ]
        fields["lifecycle_stage"].choices = everything + [
            (stage.slug, pick(stage.names).text)
            for stage in lifecycle_stage_list(scheme=selectors.LIFECYCLE_SCHEME)
        ]
        fields["sdg"].choices = everything + [
            (goal.number, f"{goal.number}. {pick(goal.names).text}")
            for goal in sdg_list().prefetch_related(None)
        ]


class TrendsForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=Status.choices, initial=Status.PUBLISHED
    )


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


class FollowTopicForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["topic"].choices = named_choices(topic_list())

    def clean_topic(self) -> Any:
        return topic_list().get(slug=self.cleaned_data["topic"])


class ToolFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        fields: Any = self.fields
        fields["kind"].choices = everything + list(AssessmentTool.Kind.choices)
        fields["language"].choices = everything + named_choices(
            language_list(un_official=True), value="tag"
        )


class GapModerationForm(forms.Form):
    is_hidden = forms.BooleanField(required=False)
    # Needed to hide or restore (the service says so); keeping a new proposal needs none.
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class StandardEditForm(forms.Form):
    """The secretariat's edit of a standard: English title and summary, facts, tags, status."""

    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_LENGTH)
    doc_type = forms.CharField(label=_("Document type"), max_length=120, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    edition = forms.CharField(label=_("Edition"), max_length=60, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    summary_en = forms.CharField(
        label=_("Summary (English)"),
        required=False,
        max_length=SUMMARY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    has_measurement_methods = forms.BooleanField(
        label=_("Defines measurement or evaluation methods"), required=False
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False)
    lifecycle_stages = forms.MultipleChoiceField(label=_("Lifecycle stages"), required=False)
    risk_areas = forms.MultipleChoiceField(label=_("Risk areas"), required=False)
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"), required=False, coerce=int
    )
    policies = forms.MultipleChoiceField(label=_("Related policies"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    status_note = forms.CharField(
        label=_("Note on the status change"), max_length=1000, required=False
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from aigov.landscape.selectors import policy_list

        fields: Any = self.fields
        self._stages = {
            stage.slug: stage for stage in lifecycle_stage_list(scheme=selectors.LIFECYCLE_SCHEME)
        }
        self._policies = {policy.slug: policy for policy in policy_list(actor=actor)}
        fields["topics"].choices = named_choices(topic_list())
        fields["lifecycle_stages"].choices = [
            (slug, pick(stage.names).text) for slug, stage in self._stages.items()
        ]
        fields["risk_areas"].choices = [
            (area.slug, pick(area.names).text) for area in risk_area_list()
        ]
        fields["sdgs"].choices = [(goal.number, str(goal.number)) for goal in sdg_list()]
        fields["policies"].choices = named_choices(self._policies.values())

    @classmethod
    def initial_for(cls, standard: Any) -> dict[str, Any]:
        """Return the form's initial values from a standard."""
        return {
            "title_en": standard.titles.get("en", ""),
            "doc_type": standard.doc_type,
            "year": standard.year,
            "edition": standard.edition,
            "url": standard.url,
            "summary_en": standard.summaries.get("en", ""),
            "has_measurement_methods": standard.has_measurement_methods,
            "topics": [topic.slug for topic in standard.topics.all()],
            "lifecycle_stages": [stage.slug for stage in standard.lifecycle_stages.all()],
            "risk_areas": [area.slug for area in standard.risk_areas.all()],
            "sdgs": [goal.number for goal in standard.sdgs.all()],
            "policies": list(standard.policies.values_list("slug", flat=True)),
            "status": standard.status,
        }

    def changes(self, standard: Any) -> dict[str, Any]:
        """Return the keyword arguments of services.standard_edit for the cleaned data."""
        data = self.cleaned_data
        summaries = dict(standard.summaries)
        if data["summary_en"]:
            summaries["en"] = data["summary_en"]
        else:
            summaries.pop("en", None)
        return {
            "titles": {**standard.titles, "en": data["title_en"]},
            "doc_type": data["doc_type"],
            "year": data["year"],
            "edition": data["edition"],
            "url": data["url"],
            "summaries": summaries,
            "has_measurement_methods": data["has_measurement_methods"],
            "tags": {
                "topics": data["topics"],
                "lifecycle_stages": [self._stages[slug] for slug in data["lifecycle_stages"]],
                "risk_areas": data["risk_areas"],
                "sdgs": data["sdgs"],
                "policies": [self._policies[slug] for slug in data["policies"]],
            },
            "status": data["status"],
            "status_note": data["status_note"],
        }
