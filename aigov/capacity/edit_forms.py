"""Forms of the pages that edit the network and the catalogue; they parse, services decide."""

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models import (
    DESCRIPTION_LENGTH,
    NAME_LENGTH,
    PREREQUISITES_LENGTH,
    QUESTION_LENGTH,
    TITLE_LENGTH,
    Accessibility,
    Audience,
    Contribution,
    Lesson,
    Node,
    NodeService,
    Offering,
)
from aigov.core.exchange import JsonTooDeep, json_parse
from aigov.core.forms import (
    add_language_fields,
    language_values,
    require_some_language,
)
from aigov.core.moments import check_time_zone
from aigov.core.translation import pick
from aigov.taxonomy.currencies import currency_choices
from aigov.taxonomy.forms import (
    LanguagesField,
    OptionalCountryField,
    by_name,
    named_choices,
)
from aigov.taxonomy.models import IncomeGroup, RegionalGroup

MAX_CONTENT_BYTES = 2 * 1024 * 1024
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


def _moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=[LOCAL_MOMENT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MOMENT),
        help_text=_("Local time of the event's time zone."),
    )


def _local(moment: datetime.datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime(LOCAL_MOMENT)


class OfferingForm(forms.Form):
    """An offering of the catalogue; `values()` gives what `services.offering_create` takes.

    Sections group the fields on the page (a fieldset each), so a long form stays readable.
    """

    slug = forms.SlugField(
        label=_("Slug"), max_length=100, help_text=_("Lower-case letters, digits and hyphens.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Offering.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Offering.Level.choices)
    provider = forms.ChoiceField(label=_("Provider"))
    node = forms.ChoiceField(label=_("Node"), required=False)
    languages = LanguagesField(
        label=_("Languages"), help_text=_("The languages the offering is given in.")
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), widget=forms.CheckboxSelectMultiple, required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cost = forms.ChoiceField(
        label=_("Cost"), choices=Offering.Cost.choices, widget=forms.RadioSelect, initial="free"
    )
    fee_amount = forms.DecimalField(
        label=_("Fee"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    fee_currency = forms.ChoiceField(label=_("Currency (ISO 4217)"), required=False)
    has_certificate = forms.BooleanField(label=_("Certificate on completion"), required=False)
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility features"),
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    time_zone = forms.CharField(
        label=_("Time zone (IANA, e.g. Africa/Nairobi)"), max_length=64, initial="UTC"
    )
    starts_at = _moment_field(_("Starts at"))
    ends_at = _moment_field(_("Ends at"))
    seats = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, help_text=_("Empty for no limit.")
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    is_government_track = forms.BooleanField(label=_("Government track"), required=False)
    is_published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    SECTIONS = (
        (_("What it is"), ("slug", "kind", "level", "provider", "node", "title_*")),
        (_("Description"), ("description_*",)),
        (_("Who it is for"), ("languages", "topics", "audiences", "prerequisites_*")),
        (_("Cost and certificate"), ("cost", "fee_amount", "fee_currency", "waiver_*")),
        (_("Schedule and seats"), ("time_zone", "starts_at", "ends_at", "seats")),
        (
            _("Access and publication"),
            ("accessibility", "url", "has_certificate", "is_government_track", "is_published"),
        ),
    )

    def __init__(
        self,
        *args: Any,
        topics: list[Any],
        providers: list[Any],
        nodes: list[Node],
        allow_no_node: bool,
        offering: Offering | None = None,
        **kwargs: Any,
    ) -> None:
        if offering is not None:
            kwargs.setdefault("initial", self._initial(offering))
        super().__init__(*args, **kwargs)
        languages: Any = self.fields["languages"]
        languages.keep(list(self.initial.get("languages") or []))
        self._choices("topics", named_choices(topics))
        self._choices("fee_currency", [("", "—"), *currency_choices()])
        self._choices(
            "provider",
            by_name([(p.slug, f"{pick(p.names).text} ({p.slug})") for p in providers]),
        )
        node_choices = named_choices(nodes)
        self._choices(
            "node", [("", _("No node")), *node_choices] if allow_no_node else node_choices
        )
        self.fields["node"].required = not allow_no_node
        initial = offering
        add_language_fields(
            self, "title", _("Title"), max_length=TITLE_LENGTH, initial=initial and initial.titles
        )
        add_language_fields(
            self,
            "description",
            _("Description"),
            long=True,
            max_length=DESCRIPTION_LENGTH,
            initial=initial and initial.descriptions,
        )
        add_language_fields(
            self,
            "prerequisites",
            _("Prerequisites"),
            max_length=PREREQUISITES_LENGTH,
            initial=initial and initial.prerequisites,
        )
        waivers = offering.fee_waivers if offering is not None else {}
        for group, name in IncomeGroup.choices:
            self.fields[f"waiver_{group}"] = forms.IntegerField(
                label=_("Fee waived for %(group)s countries (%%)") % {"group": name},
                required=False,
                min_value=0,
                max_value=100,
            )
            if group in waivers:
                self.initial.setdefault(f"waiver_{group}", waivers[group])
        if offering is not None:
            del self.fields["slug"]

    @staticmethod
    def _initial(offering: Offering) -> dict[str, Any]:
        return {
            "kind": offering.kind,
            "level": offering.level,
            "provider": offering.provider.slug,
            "node": offering.node.slug if offering.node else "",
            "languages": offering.language_tag_list(),
            "topics": offering.topic_slug_list(),
            "audiences": offering.audience_list(),
            "cost": offering.cost,
            "fee_amount": offering.fee_amount,
            "fee_currency": offering.fee_currency,
            "has_certificate": offering.has_certificate,
            "accessibility": offering.accessibility,
            "time_zone": offering.time_zone,
            "starts_at": _local(offering.starts_at, offering.time_zone),
            "ends_at": _local(offering.ends_at, offering.time_zone),
            "seats": offering.seats,
            "url": offering.url,
            "is_government_track": offering.is_government_track,
            "is_published": offering.is_published,
        }

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # declared as one above
        field.choices = choices

    # Sections shown folded unless they hold an error or a value (long, mostly optional texts).
    FOLDED = frozenset({_("Description")})

    def sections(self) -> list[tuple[Any, list[forms.BoundField], bool]]:
        """The fields grouped for the page, each group with whether it starts folded;
        `title_*` stands for the six per-language fields."""
        grouped = []
        for legend, names in self.SECTIONS:
            fields = []
            for name in names:
                if name.endswith("*"):
                    fields += [self[f] for f in self.fields if f.startswith(name[:-1])]
                elif name in self.fields:
                    fields.append(self[name])
            folded = legend in self.FOLDED and not any(
                field.errors or field.value() for field in fields
            )
            grouped.append((legend, fields, folded))
        return grouped

    def clean_time_zone(self) -> str:
        return check_time_zone(self.cleaned_data["time_zone"].strip())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        require_some_language(self, "title", _("Give a title in at least one language."))
        if cleaned.get("cost") == Offering.Cost.FEE and cleaned.get("fee_amount") is None:
            self.add_error("fee_amount", _("A fee needs an amount."))
        zone = cleaned.get("time_zone")
        if zone:
            for name in ("starts_at", "ends_at"):
                moment = cleaned.get(name)
                if moment is not None:
                    # The browser sends a wall-clock time; it is the event's local time.
                    wall = timezone.make_naive(moment) if timezone.is_aware(moment) else moment
                    cleaned[name] = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts is not None and ends is not None and ends < starts:
            self.add_error("ends_at", _("The end comes before the start."))
        return cleaned

    def values(self) -> dict[str, Any]:
        """The offering's fields as the services take them (provider and node as slugs)."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "titles": language_values(data, "title"),
            "descriptions": language_values(data, "description"),
            "prerequisites": language_values(data, "prerequisites"),
            "kind": data["kind"],
            "level": data["level"],
            "languages": list(data["languages"]),
            "topics": list(data.get("topics") or []),
            "audiences": list(data.get("audiences") or []),
            "cost": data["cost"],
            "fee_amount": data.get("fee_amount") if data["cost"] == "fee" else None,
            "fee_currency": data.get("fee_currency") or "",
            "fee_waivers": {
                group: data[f"waiver_{group}"]
                for group in IncomeGroup.values
                if data.get(f"waiver_{group}") is not None
            },
            "has_certificate": bool(data.get("has_certificate")),
            "accessibility": list(data.get("accessibility") or []),
            "time_zone": data["time_zone"],
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "seats": data.get("seats"),
            "url": data.get("url") or "",
            "is_government_track": bool(data.get("is_government_track")),
            "is_published": bool(data.get("is_published")),
            "provider": data["provider"],
            "node": data.get("node") or None,
        }
        if "slug" in data:
            values["slug"] = data["slug"]
        return values


class _NamedForm(forms.Form):
    """A record named in the UN languages (`name_<code>`), at least one of them given."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        require_some_language(self, "name", _("Give a name in at least one language."))
        return cleaned


class NodeForm(_NamedForm):
    slug = forms.SlugField(
        label=_("Slug"), max_length=80, help_text=_("Lower-case letters, digits and hyphens.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Node.Kind.choices)
    region = forms.ChoiceField(label=_("UN regional group"), choices=RegionalGroup.choices)
    country = OptionalCountryField(label=_("Country"))
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=NodeService.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = LanguagesField(label=_("Languages"), required=False)
    operators = forms.CharField(
        label=_("Operators (e-mail addresses)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One per line; each must have an account with the node operator role."),
    )

    def __init__(
        self, *args: Any, node: Node | None = None, may_name_operators: bool = True, **kwargs: Any
    ) -> None:
        if node is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": node.kind,
                    "region": node.region,
                    "country": node.country_id or "",
                    "services": node.services,
                    "languages": sorted(lang.tag for lang in node.languages.all()),
                    "operators": "\n".join(sorted(user.email for user in node.operators.all())),
                },
            )
        super().__init__(*args, **kwargs)
        add_language_fields(
            self, "name", _("Name"), max_length=NAME_LENGTH, initial=node and node.names
        )
        if node is not None:
            del self.fields["slug"]
        if not may_name_operators:
            del self.fields["operators"]

    def operator_emails(self) -> list[str] | None:
        if "operators" not in self.fields:
            return None
        text = self.cleaned_data.get("operators") or ""
        return list(dict.fromkeys(line.strip().lower() for line in text.split() if line.strip()))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "names": language_values(data, "name"),
            "kind": data["kind"],
            "region": data["region"],
            "country": (data.get("country") or "").upper() or None,
            "services": list(data.get("services") or []),
            "languages": list(data.get("languages") or []),
        }
        if "slug" in data:
            values["slug"] = data["slug"]
        return values


class ProviderForm(_NamedForm):
    slug = forms.SlugField(
        label=_("Slug"), max_length=80, help_text=_("Lower-case letters, digits and hyphens.")
    )
    node = forms.ChoiceField(label=_("Node"), required=False)
    contributions = forms.MultipleChoiceField(
        label=_("Contributes"),
        choices=Contribution.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        nodes: list[Node],
        allow_no_node: bool,
        provider: Any = None,
        **kwargs: Any,
    ) -> None:
        if provider is not None:
            kwargs.setdefault(
                "initial",
                {
                    "node": provider.node.slug if provider.node else "",
                    "contributions": provider.contributions,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["node"]
        assert isinstance(field, forms.ChoiceField)  # declared as one above
        choices = named_choices(nodes)
        field.choices = [("", _("No node (independent)")), *choices] if allow_no_node else choices
        field.required = not allow_no_node
        add_language_fields(
            self, "name", _("Name"), max_length=NAME_LENGTH, initial=provider and provider.names
        )
        if provider is not None:
            del self.fields["slug"]


class ModuleForm(forms.Form):
    def __init__(self, *args: Any, module: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_language_fields(
            self,
            "title",
            _("Module title"),
            max_length=TITLE_LENGTH,
            initial=module and module.titles,
        )

    def titles(self) -> dict[str, str]:
        return language_values(self.cleaned_data, "title")


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Lesson.Kind.choices)
    media_url = forms.URLField(
        label=_("Media link"), required=False, max_length=500, assume_scheme="https"
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Quizzes: the share of correct answers needed."),
    )

    def __init__(self, *args: Any, lesson: Any = None, **kwargs: Any) -> None:
        if lesson is not None:
            kwargs.setdefault(
                "initial", {"media_url": lesson.media_url, "pass_mark": lesson.pass_mark}
            )
        super().__init__(*args, **kwargs)
        add_language_fields(
            self,
            "title",
            _("Lesson title"),
            max_length=TITLE_LENGTH,
            initial=lesson and lesson.titles,
        )
        add_language_fields(
            self,
            "body",
            _("Text"),
            long=True,
            max_length=DESCRIPTION_LENGTH,
            initial=lesson and lesson.bodies,
        )
        if lesson is not None:
            del self.fields["kind"]  # a lesson keeps its kind

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "titles": language_values(data, "title"),
            "bodies": language_values(data, "body"),
            "media_url": data.get("media_url") or "",
            "pass_mark": data.get("pass_mark"),
        }


class QuestionForm(forms.Form):
    """A quiz question: the prompt and the options (one per line) in each language given."""

    correct_option = forms.IntegerField(
        label=_("Number of the correct option (1 for the first)"), min_value=1, max_value=20
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_language_fields(self, "prompt", _("Question"), max_length=QUESTION_LENGTH)
        add_language_fields(self, "options", _("Options, one per line"), long=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        per_language = {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in language_values(cleaned, "options").items()
        }
        counts = {len(lines) for lines in per_language.values()}
        if not per_language:
            self.add_error("options_en", _("Give at least two options."))
        elif len(counts) > 1:
            self.add_error(
                "options_en", _("Give the same number of options in every language you fill in.")
            )
        else:
            count = counts.pop()
            cleaned["options"] = [
                {code: lines[n] for code, lines in per_language.items()} for n in range(count)
            ]
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            "prompts": language_values(self.cleaned_data, "prompt"),
            "options": self.cleaned_data.get("options", []),
            "correct_option": self.cleaned_data["correct_option"] - 1,
        }


class ContentUploadForm(forms.Form):
    content = forms.FileField(
        label=_("Course content (JSON)"),
        help_text=_("The same shape as the download: modules, their lessons and quiz questions."),
    )

    def clean_content(self) -> Any:
        upload = self.cleaned_data["content"]
        if upload.size > MAX_CONTENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return json_parse(upload.read().decode("utf-8"))
        except JsonTooDeep as too_deep:
            raise forms.ValidationError(str(too_deep)) from too_deep
        except (UnicodeDecodeError, ValueError) as bad:
            raise forms.ValidationError(_("The file is not JSON in UTF-8.")) from bad


# The digital library ---------------------------------------------------------------------------
