"""/api/accounts/: the signed-in user and their tokens."""

from datetime import datetime
from typing import Any, cast

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from aigov.accounts import access, selectors, services
from aigov.accounts.models import User
from aigov.core.api import Page
from aigov.core.errors import NotAllowed, field_error

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ActorAuth(HttpBearer):
    """Require a signed-in actor: a bearer token (checked by middleware) or a browser session.

    Session requests that change things must pass Django's CSRF check; token requests that
    change things need the `write` scope.
    """

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not getattr(user, "is_authenticated", False):
            return None
        token = getattr(request, "api_token", None)
        if request.method not in SAFE_METHODS:
            if token is not None and "write" not in token.scopes:
                raise NotAllowed(
                    errors=[
                        field_error(
                            None,
                            "scope",
                            "This token lacks the write scope.",
                        )
                    ]
                )
            if token is None and check_csrf(request) is not None:
                raise NotAllowed(errors=[field_error(None, "csrf", "CSRF check failed.")])
        return user

    def authenticate(
        self, request: HttpRequest, token: str
    ) -> Any:  # pragma: no cover - see __call__
        return None


actor_auth = ActorAuth()
router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    country: str | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    organisation: str | None
    preferred_language: str
    roles: list[RoleOut]
    is_administrator: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


@router.get(
    "/me", response=MeOut, auth=actor_auth, summary="The signed-in user", operation_id="accounts_me"
)
def me(request: HttpRequest) -> dict[str, Any]:
    user = cast(User, request.user)
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "organisation": str(user.organisation) if user.organisation_id else None,
        "preferred_language": user.preferred_language,
        "roles": selectors.role_summary(user=user),
        "is_administrator": access.has(user, "accounts.administer"),
    }


@router.get(
    "/tokens",
    response=list[TokenOut],
    auth=actor_auth,
    summary="My API tokens",
    operation_id="accounts_tokens",
)
@paginate(Page)
def tokens(request: HttpRequest) -> Any:
    return selectors.token_list(actor=request.user)


@router.delete(
    "/tokens/{token_id}",
    response=TokenOut,
    auth=actor_auth,
    summary="Revoke one of my tokens",
    operation_id="accounts_token_revoke",
)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    return services.token_revoke(actor=cast(User, request.user), token_id=token_id)
