"""The library: collections, their members and items."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models.offerings import Offering
from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.translation import TranslatedTextField, pick

COLLECTION_TITLE_LENGTH = 200  # per language; see NAME_LENGTH
COLLECTION_DESCRIPTION_LENGTH = 4_000


class Collection(DemoMarkedModel, TimeStampedModel):
    """A learner's or curator's collection of catalogue offerings, private, shared or public.

    Titles and descriptions are translated fields, so that a public reading list curated by the
    secretariat can be read in every language; a personal one usually has one language.
    """

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only me")
        SHARED = "shared", _("Me and the people I share it with")
        PUBLIC = "public", _("Everyone, the public included")

    MAX_ITEMS = 500

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_collections"
    )
    titles = TranslatedTextField(_("titles"), max_length=COLLECTION_TITLE_LENGTH)
    descriptions = TranslatedTextField(
        _("descriptions"), max_length=COLLECTION_DESCRIPTION_LENGTH, blank=True
    )
    visibility = models.CharField(
        _("who sees it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        db_index=True,
    )
    members: "models.ManyToManyField[Any, CollectionMember]" = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CollectionMember",
        related_name="shared_capacity_collections",
        verbose_name=_("shared with"),
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return pick(self.titles).text or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("capacity:collection-detail", args=[self.pk])


class CollectionMember(TimeStampedModel):
    """Somebody a collection is shared with; `can_edit` lets them add and remove items."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    can_edit = models.BooleanField(_("may add and remove items"), default=False)

    class Meta:
        verbose_name = _("collection member")
        verbose_name_plural = _("collection members")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "user"], name="capacity_collection_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.collection_id}"


class CollectionItem(TimeStampedModel):
    """An offering in a collection, in the curator's order, with an optional note."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("order"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["collection_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "offering"], name="capacity_collection_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering_id} in {self.collection_id}"
