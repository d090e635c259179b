"""Request-level authentication pieces: bearer tokens, and the two-factor requirement."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from aigov.accounts import services
from aigov.accounts.predicates import is_secretariat


class BearerTokenMiddleware:
    """Authenticate `Authorization: Bearer <token>` as the token's owner.

    Token requests carry no cookies, so CSRF does not apply to them. A token that is unknown,
    revoked or expired gets a 401 problem document at once rather than silently acting as the
    public, so a script with a stale token learns why it sees less.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]  # set on every request for handlers
        header = request.headers.get("Authorization", "")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() == "bearer" and raw.strip():
            token = services.token_authenticate(raw=raw.strip())
            if token is None:
                response = JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("The API token is unknown, revoked or expired."),
                        "status": 401,
                        "code": "invalid_token",
                        "detail": "",
                        "errors": [],
                    },
                    status=401,
                    content_type="application/problem+json",
                )
                response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)


_TWO_FACTOR_EXEMPT_PREFIXES = ("/static/", "/api/")


class RequireTwoFactorMiddleware:
    """Send secretariat members and administrators to TOTP set-up until they have it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            getattr(user, "is_authenticated", False)
            and getattr(request, "api_token", None) is None
            and (user.is_superuser or user.is_staff or is_secretariat(user))
            and not self._exempt(request.path)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(_TWO_FACTOR_EXEMPT_PREFIXES):
            return True
        # Language-prefixed account and MFA pages must stay reachable to set TOTP up or sign out.
        parts = path.strip("/").split("/")
        if parts[0] in {"accounts", "i18n"}:
            return True
        return len(parts) >= 2 and parts[1] == "accounts"
