"""People, organisations, roles and API tokens."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aigov.core.models import DemoMarkedModel, TimeStampedModel
from aigov.core.moments import validate_time_zone


class Role(models.TextChoices):
    """The roles of aigov's users; anonymous visitors are the public and hold none."""

    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("Member-state focal point")
    EXPERT = "expert", _("Expert")
    SDO_REPRESENTATIVE = "sdo_representative", _("Standards body representative")
    NODE_OPERATOR = "node_operator", _("Capacity node operator")
    DONOR = "donor", _("Donor")
    DATA_TRUSTEE = "data_trustee", _("Data trustee")
    LEARNER = "learner", _("Learner")


class Organisation(DemoMarkedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        SDO = "sdo", _("Standards development organisation")
        UN_ENTITY = "un_entity", _("UN entity")
        COMPANY = "company", _("Company")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="organisation_unique_name_country"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(DemoMarkedModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    # Where the audit log and the inbox show moments; empty: the site's zone (settings.TIME_ZONE).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times are shown in this zone; leave it empty for the site's time zone."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("administrator"), default=False)
    is_system = models.BooleanField(
        _("system actor"), default=False, help_text=_("The actor recorded for commands and tasks.")
    )
    date_joined = models.DateTimeField(_("joined at"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    # Django documents REQUIRED_FIELDS as a plain list; the stubs declare it a class variable.
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email


class RoleAssignment(TimeStampedModel):
    """One role held by one user; a focal point's role is bound to a country."""

    user = models.ForeignKey(User, related_name="role_assignments", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    country = models.ForeignKey(
        "taxonomy.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "country"], name="role_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(country__isnull=True),
                name="role_assignment_unique_no_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="focal_point") | models.Q(country__isnull=False),
                name="focal_point_has_country",
            ),
        ]

    def __str__(self) -> str:
        if self.country_id:
            return f"{self.get_role_display()} ({self.country_id})"
        return str(self.get_role_display())

    @staticmethod
    def needs_country(role: str) -> bool:
        """Return whether holding `role` binds its holder to a country (see the constraint)."""
        return role == Role.FOCAL_POINT


class ApiToken(TimeStampedModel):
    """A personal API token; only its SHA-256 digest is stored, the token is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read what the owner may read")
        WRITE = "write", _("Create and change records as the owner")

    user = models.ForeignKey(User, related_name="api_tokens", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The first characters, to recognise it.")
    )
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw_token: str) -> str:
        return hashlib.sha256(raw_token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
