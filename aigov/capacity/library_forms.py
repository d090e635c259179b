"""Forms of the digital library: collections, saving an offering to one, sharing one."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models import COLLECTION_DESCRIPTION_LENGTH, COLLECTION_TITLE_LENGTH
from aigov.core.forms import add_language_fields, language_values, require_some_language
from aigov.core.translation import pick


class CollectionForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=[
            ("private", _("Only me")),
            ("shared", _("Me and the people I share it with")),
            ("public", _("Everyone, the public included")),
        ],
        widget=forms.RadioSelect,
        initial="private",
    )

    def __init__(self, *args: Any, collection: Any = None, **kwargs: Any) -> None:
        if collection is not None:
            kwargs.setdefault("initial", {"visibility": collection.visibility})
        super().__init__(*args, **kwargs)
        add_language_fields(
            self,
            "title",
            _("Title"),
            max_length=COLLECTION_TITLE_LENGTH,
            initial=collection and collection.titles,
        )
        add_language_fields(
            self,
            "description",
            _("Description"),
            long=True,
            max_length=COLLECTION_DESCRIPTION_LENGTH,
            initial=collection and collection.descriptions,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        require_some_language(self, "title", _("Give the collection a title."))
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            "titles": language_values(self.cleaned_data, "title"),
            "descriptions": language_values(self.cleaned_data, "description"),
            "visibility": self.cleaned_data["visibility"],
        }


class SaveToCollectionForm(forms.Form):
    collection = forms.ChoiceField(label=_("Collection"))
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, collections: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["collection"]
        assert isinstance(field, forms.ChoiceField)  # declared as one above
        field.choices = [(str(c.pk), pick(c.titles).text) for c in collections]


class ShareForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of their account"))
    can_edit = forms.BooleanField(label=_("May add and remove offerings"), required=False)
