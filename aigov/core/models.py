"""Base models shared by every module."""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def choice_labels(values: Iterable[object] | None, choices: type[models.Choices]) -> list[str]:
    """Return the labels (in the active language) of a list of stored choice values, such as a
    JSON list of services, in the order given; a value the choices do not know is kept as it
    is, so nothing stored goes missing from a page."""
    labels = {str(value): str(label) for value, label in choices.choices}
    return [labels.get(str(value), str(value)) for value in values or []]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DemoMarkedModel(models.Model):
    """A record that `aigov demo load` may generate; `aigov demo clear` removes exactly those."""

    is_demo = models.BooleanField(
        _("demonstration record"),
        default=False,
        db_index=True,
        help_text=_("Generated for demonstration; not a real record."),
    )

    class Meta:
        abstract = True


class Provenance(models.TextChoices):
    """Where the text of one language of a translated field came from."""

    SOURCE = "source", _("As published by the source")
    HUMAN = "human", _("Human translation")
    MACHINE = "machine", _("Machine translation")
    REVIEWED = "reviewed", _("Machine translation, reviewed")


class SearchEntry(models.Model):
    """One record's row in the search index (kept by aigov.core.search.index).

    `search_text` holds the normalised text of every title, body and alias; the database's full
    text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) is built over it by migrations.
    """

    record_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    titles = models.JSONField(default=dict)
    bodies = models.JSONField(default=dict)
    path = models.CharField(max_length=300)
    title_text = models.TextField(blank=True)
    search_text = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"], name="search_entry_unique_record"
            )
        ]
        indexes = [
            models.Index(fields=["record_type", "object_id"], name="search_entry_type_object")
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.object_id}"


class ReferenceRowState(models.Model):
    """What the last `aigov load-reference` read for one reference row, and what it wrote.

    A load compares each row of a reference file with `digest`: a row the file has not changed
    since is left alone, whatever its record holds now, so operators' changes made through the
    services survive the next load. `written_digests` keeps, field by field, the digest of the
    values the load left in the record: a changed row is applied only to a record whose values
    still match them, and reported as a conflict otherwise. The row whose key is empty holds the
    digest of the whole source (every row of the kind, as read).
    """

    source = models.CharField(max_length=100)  # the kind of record: "standards.standard"
    key = models.CharField(max_length=300, blank=True)  # natural key, "" for the whole source
    digest = models.CharField(max_length=64)
    field_digests = models.JSONField(default=dict)
    written_digests = models.JSONField(default=dict)
    loaded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="reference_row_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


class IdempotentRequest(models.Model):
    """The first answer to an API POST sent with an `Idempotency-Key`, replayed on retries.

    One row per actor and key (the unique constraint is what stops two concurrent duplicates
    from both creating); `status` stays empty while the first request runs. Rows older than a
    day are deleted (aigov.core.middleware.IdempotencyMiddleware).
    """

    actor = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="core_idempotent_actor_key")
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.key}"
