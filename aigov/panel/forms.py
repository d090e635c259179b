"""Forms of the panel's pages: they parse input; the rules are in the services."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aigov.core.forms import date_field
from aigov.panel.models import BalanceTarget, Discipline, Expert, Gender, Report


class ReportTextForm(forms.Form):
    """One language of a draft, with its figures and a note on the version."""

    language = forms.ChoiceField(label=_("Language of this text"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paragraphs are separated by a blank line; a line starting with # is a heading; "
            "[[figure 1]] alone on a line places the first figure."
        ),
    )
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One figure a line: SURVEY annex (the table of every item), or SURVEY ITEM "
            "followed by all, regional_group, gender or field."
        ),
    )
    note = forms.CharField(label=_("Note on this version"), max_length=300, required=False)


class ReportNewForm(ReportTextForm):
    slug = forms.SlugField(label=_("Slug (in the address)"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    working_group = forms.ChoiceField(label=_("Working group"), required=False)

    field_order = ["slug", "kind", "working_group", "language"]

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["working_group"]
        assert isinstance(group_field, forms.ChoiceField)  # declared above
        group_field.choices = [
            ("", _("None")),
            *((group.slug, group.name) for group in groups),
        ]
        self.fields["language"].label = _("Original language")


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


def add_errors(form: forms.Form, errors: list[dict[str, Any]], message: Any) -> None:
    """Put a domain error's problems on the form's fields (the rest above the form)."""
    aliases = {"original_language": "language"}
    for error in errors or [{"message": message}]:
        name = aliases.get(str(error.get("field")), error.get("field"))
        form.add_error(name if name in form.fields else None, str(error.get("message")))


def _codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.replace(",", " ").split() if code.strip()]


class NominationForm(forms.Form):
    country = forms.ChoiceField(label=_("Who nominates"), required=False)
    name = forms.CharField(label=_("Name of the expert"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    nationalities = forms.CharField(
        label=_("Nationalities"),
        help_text=_("ISO alpha-3 codes separated by spaces, the primary one first (e.g. KEN FRA)."),
    )
    residence = forms.CharField(
        label=_("Country of residence"), max_length=3, help_text=_("ISO alpha-3 code.")
    )
    main_discipline = forms.ChoiceField(label=_("Main discipline"), choices=Discipline.choices)
    other_disciplines = forms.MultipleChoiceField(
        label=_("Other disciplines"),
        choices=Discipline.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    affiliation_type = forms.ChoiceField(
        label=_("Affiliation type"), choices=Expert.AffiliationType.choices
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Language codes separated by spaces (e.g. en fr sw)."),
    )
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, countries: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)  # declared above
        country_field.choices = [
            ("", _("I nominate myself")),
            *((code, _("As focal point of %(country)s") % {"country": code}) for code in countries),
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        main = data["main_discipline"]
        return {
            "name": data["name"],
            "gender": data["gender"],
            "nationalities": _codes(data["nationalities"]),
            "residence": data["residence"].strip().upper(),
            "disciplines": [main, *(d for d in data["other_disciplines"] if d != main)],
            "affiliation_type": data["affiliation_type"],
            "languages": data["languages"].split(),
            "country": data["country"] or None,
            "statement": data["statement"],
        }


class NominationReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept for appointment")), ("reject", _("Do not retain"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AppointmentForm(forms.Form):
    starts_on = date_field(_("Term starts on"), required=True)
    ends_on = date_field(_("Term ends on"), required=True)
    accept_imbalance = forms.BooleanField(
        label=_("I have read the balance warning and appoint this expert knowingly."),
        required=False,
    )


class WorkingGroupForm(forms.Form):
    slug = forms.SlugField(label=_("Slug"), max_length=80)
    name = forms.CharField(label=_("Name"), max_length=200)


class MembersForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Members"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, experts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        assert isinstance(members, forms.MultipleChoiceField)  # declared above
        members.choices = [(str(expert.pk), expert.name) for expert in experts]


class SurveyBuildForm(forms.Form):
    slug = forms.SlugField(label=_("Slug (in the address)"), max_length=80)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the labels"), choices=settings.LANGUAGES)
    definition = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 16, "dir": "auto"}),
        help_text=_(
            "One question a line: TYPE NAME | LABEL | CHOICES | OPTIONS. Types: select_one, "
            "select_multiple, text, integer, decimal, date, note. Choices: scale, countries, or "
            "name=Label, name=Label. Options, separated by ;: required, relevant: EXPRESSION, "
            "section: NAME."
        ),
    )
    nationality = forms.CharField(label=_("Question giving the nationalities"), max_length=100)
    residence = forms.CharField(label=_("Question giving the residence"), max_length=100)
    gender = forms.CharField(label=_("Question giving the gender"), max_length=100)
    field = forms.CharField(label=_("Question giving the professional field"), max_length=100)


class TargetForm(forms.Form):
    """A target share for one value of one dimension; the service checks the value."""

    dimension = forms.ChoiceField(label=_("Dimension"), choices=BalanceTarget.Dimension.choices)
    value = forms.ChoiceField(label=_("Group"))
    share = forms.DecimalField(
        label=_("Target share (0 to 1)"), min_value=0, max_value=1, decimal_places=3
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from aigov.panel.roster import target_values

        value_field = self.fields["value"]
        assert isinstance(value_field, forms.ChoiceField)  # declared above
        value_field.choices = [
            (str(label), target_values(str(code)))
            for code, label in BalanceTarget.Dimension.choices
        ]
