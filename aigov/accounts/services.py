"""Writes of the accounts module: users, roles, organisations and API tokens."""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aigov.accounts.access import Actor, Purpose, job, require, scope
from aigov.accounts.models import ApiToken, Organisation, Role, RoleAssignment, User
from aigov.accounts.predicates import forget_roles
from aigov.core import audit
from aigov.core.errors import Conflict, InvalidInput, InvalidState, NotFound, field_error
from aigov.core.moments import is_time_zone
from aigov.core.search import index as search_index

TOKEN_PREFIX = "aigov_"  # noqa: S105 - a public marker, not a secret


def system_actor(purpose: Purpose = Purpose.OPERATOR) -> User:
    """Return the actor of a command or task run for `purpose` (it cannot sign in); without
    one, an operator's command on the server."""
    return job(purpose)


def _country(iso3: str | None) -> Any:
    if not iso3:
        return None
    from aigov.taxonomy.selectors import country_get_by_code

    try:
        return country_get_by_code(code=iso3)
    except NotFound as missing:
        raise InvalidInput(
            errors=[
                field_error(
                    "country",
                    "unknown_country",
                    _("%(code)s is not a known country code.") % {"code": iso3},
                )
            ]
        ) from missing


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    email: str,
    password: str | None = None,
    display_name: str = "",
    role: str | None = None,
    country: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    email_verified: bool = True,
    is_demo: bool = False,
) -> User:
    """Create a user, optionally with one role. Raise NotAllowed, Conflict or InvalidInput.

    `is_demo` marks a generated demonstration user (see aigov.core.demo).
    """
    require(actor, "accounts.create_user")
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            _("A user with the e-mail address %(email)s already exists.") % {"email": email}
        )
    user = User(
        email=email,
        display_name=display_name,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
        is_demo=is_demo,
    )
    errors: list[dict[str, Any]] = []
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as invalid:
        errors.extend(
            field_error(field, e.code or "invalid", " ".join(e.messages))
            for field, field_errors in invalid.error_dict.items()
            for e in field_errors
        )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as weak:
            errors.extend(
                field_error(
                    "password",
                    e.code or "invalid",
                    " ".join(e.messages),
                )
                for e in weak.error_list
            )
    if errors:
        raise InvalidInput(errors=errors)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if email_verified:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    audit.record(actor=actor, action="accounts.user.create", obj=user)
    transaction.on_commit(lambda: search_index.refresh(user))
    if role:
        role_assign(actor=actor, user=user, role=role, country=country)
    return user


@transaction.atomic
def role_assign(
    *, actor: Actor, user: User, role: str, country: str | None = None
) -> RoleAssignment:
    """Give `user` a role (a focal point needs a country).

    Raise NotAllowed, InvalidInput or Conflict.
    """
    require(actor, "accounts.assign_role", user)
    if role not in Role.values:
        raise InvalidInput(
            errors=[
                field_error(
                    "role",
                    "unknown_role",
                    _("%(role)s is not a role; use one of: %(roles)s.")
                    % {"role": role, "roles": ", ".join(Role.values)},
                )
            ]
        )
    if RoleAssignment.needs_country(role) and not country:
        raise InvalidInput(
            errors=[
                field_error(
                    "country",
                    "required",
                    _("A focal point must be bound to a country (ISO alpha-3)."),
                )
            ]
        )
    country_obj = _country(country) if RoleAssignment.needs_country(role) or country else None
    if RoleAssignment.objects.filter(user=user, role=role, country=country_obj).exists():
        raise Conflict(_("This user already holds this role."))
    assignment = RoleAssignment(user=user, role=role, country=country_obj)
    assignment.full_clean()
    assignment.save()
    forget_roles(user)
    audit.record(actor=actor, action="accounts.role.assign", obj=assignment)
    return assignment


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    country: str | None = None,
    website: str = "",
    is_demo: bool = False,
) -> Organisation:
    """Register an organisation. Raise NotAllowed, InvalidInput, or ValidationError on bad fields.

    `is_demo` marks a generated demonstration organisation (see aigov.core.demo).
    """
    require(actor, "accounts.change_organisation")
    organisation = Organisation(
        name=name, kind=kind, country=_country(country), website=website, is_demo=is_demo
    )
    organisation.full_clean()
    organisation.save()
    audit.record(actor=actor, action="accounts.organisation.create", obj=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str | None = None,
    kind: str | None = None,
    website: str | None = None,
) -> Organisation:
    """Change the given fields of an organisation (None keeps a field); audit only real changes.

    Raise NotAllowed, or ValidationError on bad fields (including a name already taken in the
    same country).
    """
    require(actor, "accounts.change_organisation", organisation)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    wanted = {"name": name, "kind": kind, "website": website}
    changed = [
        field
        for field, value in wanted.items()
        if value is not None and getattr(locked, field) != value
    ]
    if not changed:
        return locked
    before = audit.snapshot(locked)
    for field in changed:
        setattr(locked, field, wanted[field])
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    audit.record(actor=actor, action="accounts.organisation.update", obj=locked, before=before)
    return locked


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


@transaction.atomic
def token_create(
    *,
    actor: Actor,
    user: User,
    name: str = "",
    scopes: list[str] | None = None,
    expires_at: datetime | None = None,
) -> IssuedToken:
    """Issue a personal API token for `user`; the raw token is returned once and never stored."""
    require(actor, "accounts.create_token_for", user)
    wanted = list(dict.fromkeys(scopes or [ApiToken.Scope.READ]))
    unknown = [s for s in wanted if s not in ApiToken.Scope.values]
    if unknown:
        raise InvalidInput(
            errors=[
                field_error(
                    "scope",
                    "unknown_scope",
                    _("%(scope)s is not a scope; use one of: %(scopes)s.")
                    % {"scope": s, "scopes": ", ".join(ApiToken.Scope.values)},
                )
                for s in unknown
            ]
        )
    if not user.is_active:
        raise InvalidState(_("Tokens cannot be issued to an inactive user."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or _("Personal token"),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=ApiToken.digest_of(raw),
        scopes=wanted,
        expires_at=expires_at,
    )
    audit.record(actor=actor, action="accounts.token.create", obj=token)
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens. Raise NotFound for another user's token."""
    token = (
        scope(actor, "accounts.view_token", ApiToken.objects.select_for_update())
        .filter(pk=token_id)
        .first()
    )
    if token is None:
        raise NotFound()
    if token.revoked_at is not None:
        raise InvalidState(_("This token is already revoked."))
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=actor, action="accounts.token.revoke", obj=token, before=before)
    return token


@transaction.atomic
def user_set_time_zone(*, actor: Actor, user: User, time_zone: str) -> User:
    """Set the time zone `user` reads moments in (empty: the site's); return the user.

    Raise NotAllowed (only for oneself) or InvalidInput for a name that is no IANA time zone.
    """
    require(actor, "accounts.change_preferences", user)
    zone = time_zone.strip()
    if zone and not is_time_zone(zone):
        message = _("Choose a time zone from the list, such as Africa/Nairobi.")
        raise InvalidInput(errors=[field_error("time_zone", "invalid", message)])
    user = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(user)
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    audit.record(actor=actor, action="accounts.user.preferences", obj=user, before=before)
    return user


def token_authenticate(*, raw: str) -> ApiToken | None:
    """Return the usable token matching `raw`, recording its use, or None."""
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy script must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
