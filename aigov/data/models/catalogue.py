"""The catalogue: datasets (CKAN's package), their versions and files (CKAN's resources), and
the data trusts that hold them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.data.vocabulary import ConsentBasis


class DataTrust(DemoMarkedModel, TimeStampedModel):
    """A steward of datasets: a trustee organisation whose members decide access to them."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    trustee = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("trustee organisation"),
        on_delete=models.PROTECT,
        related_name="data_trusts",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trustees"),
        related_name="data_trusts",
        help_text=_("The people who publish the trust's datasets and decide requests."),
    )
    governing_rules = models.TextField(_("governing rules"), blank=True, max_length=20000)

    class Meta:
        verbose_name = _("data trust")
        verbose_name_plural = _("data trusts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dataset(DemoMarkedModel, TimeStampedModel):
    class Access(models.TextChoices):
        OPEN = "open", _("Open")
        RESTRICTED = "restricted", _("Restricted")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=20000)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    license = models.CharField(_("licence (SPDX)"), max_length=200)
    access = models.CharField(_("access"), max_length=12, choices=Access.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    trust = models.ForeignKey(
        DataTrust,
        verbose_name=_("data trust"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="datasets_created",
    )
    languages = models.ManyToManyField(
        "taxonomy.Language", verbose_name=_("languages"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField(
        "taxonomy.Country", verbose_name=_("countries covered"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(
        "taxonomy.Topic", verbose_name=_("topics"), blank=True, related_name="+"
    )
    sdgs = models.ManyToManyField(
        "taxonomy.SustainableDevelopmentGoal", verbose_name=_("SDGs"), blank=True, related_name="+"
    )
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    # Provenance (PROV-O): sources [{name, url}], derived_from [{relation, iri, name}].
    sources = models.JSONField(_("sources"), default=list, blank=True)
    collection_method = models.TextField(_("collection method"), blank=True, max_length=10000)
    consent_basis = models.CharField(
        _("consent basis"), max_length=30, choices=ConsentBasis.choices, blank=True
    )
    derived_from = models.JSONField(_("derived from"), default=list, blank=True)
    # The Croissant RAI fields, by their JSON-LD key (aigov.data.vocabulary.RAI_FIELDS).
    rai = models.JSONField(_("responsible-AI information"), default=dict, blank=True)
    # Shown only to those who may read the files: a restricted dataset's preview rows.
    sample = models.TextField(_("sample"), blank=True, max_length=20000)
    # The ODRL 2.2 use policy, normalised by aigov.data.policy (empty for open data).
    policy = models.JSONField(_("use policy (ODRL)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "access"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("data:dataset-detail", args=[self.pk])


class DatasetVersion(TimeStampedModel):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    notes = models.TextField(_("what changed"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["dataset", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "version"], name="data_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.version}"


class DatasetFile(TimeStampedModel):
    """One file of a version: stored here (an upload) or a link out to where it lives."""

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), blank=True, max_length=1000)
    stored_name = models.CharField(max_length=300, blank=True)
    content_type = models.CharField(_("format"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dataset file")
        verbose_name_plural = _("dataset files")
        ordering = ["version", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(stored_name=""))
                | (~models.Q(url="") & models.Q(stored_name="")),
                name="data_file_stored_or_linked",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_link(self) -> bool:
        return bool(self.url)
