"""Matchmaking: needs, offers and the introductions between them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aigov.capacity.models.network import Node
from aigov.capacity.models.offerings import Audience, Offering
from aigov.core.models import DemoMarkedModel, TimeStampedModel, choice_labels
from aigov.taxonomy.models import RegionalGroup


class Need(DemoMarkedModel, TimeStampedModel):
    """A capacity need of a country or an organisation ("train 50 officials in French ...")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capacity_needs"
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    region = models.CharField(
        _("UN regional group"), max_length=20, choices=RegionalGroup.choices, blank=True
    )
    people = models.PositiveIntegerField(_("people to train"))
    due_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def audience_labels(self) -> list[str]:
        return choice_labels(self.audiences, Audience)


class Offer(DemoMarkedModel, TimeStampedModel):
    """What a node or contributor offers to meet needs: topics, languages, seats and dates."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capacity_offers"
    )
    node = models.ForeignKey(
        Node,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    offering = models.ForeignKey(
        Offering,
        verbose_name=_("catalogue offering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    regions = models.JSONField(
        _("UN regional groups served"),
        default=list,
        blank=True,
        help_text=_("Empty for every region."),
    )
    seats = models.PositiveIntegerField(_("seats"))
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def audience_labels(self) -> list[str]:
        return choice_labels(self.audiences, Audience)

    def region_labels(self) -> list[str]:
        return choice_labels(self.regions, RegionalGroup)


class OfferTerm(models.Model):
    """One (language, topic) pair an offer covers: the matcher's persisted inverted index.

    Written by the offer services in the same transaction as the offer (every pair of its
    languages, lower-cased, and topics), so one need's candidates are read from an index
    instead of every open offer (`selectors.need_matches`). Open or closed, ended or not is
    read from the offer itself, so closing an offer needs no change here.
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+", db_index=False)
    language = models.CharField(_("language"), max_length=20)
    topic = models.CharField(_("topic"), max_length=80)

    class Meta:
        verbose_name = _("offer term")
        verbose_name_plural = _("offer terms")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "topic", "offer"], name="capacity_offer_term_unique"
            )
        ]
        indexes = [models.Index(fields=["offer"], name="capacity_offer_term_of")]

    def __str__(self) -> str:
        return f"{self.offer_id}:{self.language}:{self.topic}"


class Introduction(TimeStampedModel):
    """A need's owner introducing themself to an offer's provider, and how it went."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    TRANSITIONS = {
        "proposed": ("accepted", "declined"),
        "accepted": ("in_progress", "done", "declined"),
        "in_progress": ("done",),
        "declined": (),
        "done": (),
    }

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="introductions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.PositiveSmallIntegerField(_("match score"), default=0)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="capacity_introduction_unique")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} -> {self.offer_id} ({self.status})"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())
