"""Request-level authentication pieces: bearer tokens on the API, and the second factor.

- A bearer token authenticates `/api/` only. Pages use sessions; a bearer header on a page is
  ignored, so a page request with one is anonymous and Django's CSRF check applies to it.
- Every unsafe method in the API is decided here, whatever the endpoint's own `auth=` says: a
  token needs the `write` scope; a browser session needs the CSRF token.
- Secretariat members and administrators may do nothing but set up TOTP until they have it:
  pages send them to the set-up page and session API calls answer 403 `mfa_required`.
- A signed-in session ends after AIGOV_SESSION_IDLE_MINUTES without a request, and after
  AIGOV_SESSION_MAX_HOURS in all, however busy (ASVS 3.3.2): the next request is anonymous.
"""

import time
from collections.abc import Callable
from typing import Any

from allauth.account import app_settings as allauth_account
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from aigov.accounts import services
from aigov.accounts.predicates import is_staff_or_secretariat
from aigov.core.errors import field_error
from aigov.core.middleware import problem

API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# What a privileged account without TOTP may still open: the set-up itself (activation asks
# for the password again first), recovery codes made with it, signing out, the language switch
# and the site icon. Static files never reach this middleware (WhiteNoise answers them first).
_SET_UP_VIEWS = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "favicon",
    }
)


def must_use_second_factor(user: Any) -> bool:
    """Return whether `user` is an account that may act only after a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or is_staff_or_secretariat(user))


def has_second_factor(user: Any) -> bool:
    """Return whether `user` has set up TOTP (cached on the user object for the request)."""
    cached = getattr(user, "_aigov_has_totp", None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._aigov_has_totp = cached
    return bool(cached)


def second_factor_checked_recently(request: HttpRequest) -> bool:
    """Return whether this session passed a second-factor check within the reauthentication
    window (allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT): at sign-in or when asked again."""
    records = get_authentication_records(request, request.user)
    moments = [r.get("at", 0) for r in records if r.get("method") == "mfa"]
    return bool(moments) and time.time() - max(moments) < allauth_account.REAUTHENTICATION_TIMEOUT


class BearerTokenMiddleware:
    """Authenticate `Authorization: Bearer <token>` on the API, and guard unsafe API methods.

    Token requests carry no cookies, so CSRF does not apply to them. A token that is unknown,
    revoked or expired gets a 401 problem document at once rather than silently acting as the
    public, so a script with a stale token learns why it sees less. The token's user carries
    the token as `user.api_token` (and the request as `request.api_token`) so that the access
    layer can read its scopes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]  # set on every request for handlers
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and raw.strip():
            token = services.token_authenticate(raw=raw.strip())
            if token is None:
                response = problem(
                    status=401,
                    code="invalid_token",
                    title=_("The API token is unknown, revoked or expired."),
                )
                response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
            token.user.api_token = token  # type: ignore[attr-defined]  # read by the access layer
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        if request.method not in SAFE_METHODS:
            refusal = self._refuse_unsafe(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def _refuse_unsafe(request: HttpRequest) -> HttpResponse | None:
        token = request.api_token  # type: ignore[attr-defined]
        if token is not None:
            if "write" in token.scopes:
                return None
            response = problem(
                status=403,
                code="insufficient_scope",
                title=_("This token may only read: it lacks the write scope."),
                errors=[
                    field_error(
                        None,
                        "scope",
                        _("Create a token with the write scope to change things."),
                        row=None,
                    )
                ],
            )
            response["WWW-Authenticate"] = 'Bearer error="insufficient_scope", scope="write"'
            return response
        if not getattr(request.user, "is_authenticated", False):
            return None  # the endpoint decides what visitors may send
        # A signed-in browser session: the API's views are CSRF-exempt, so check here, once.
        csrf = CsrfViewMiddleware(lambda _request: HttpResponse())
        if csrf.process_view(request, lambda _request: HttpResponse(), (), {}) is None:
            return None
        return problem(
            status=403,
            code="csrf_failed",
            title=_("The CSRF check failed: send the X-CSRFToken header with a session."),
        )


class RequireTwoFactorMiddleware:
    """Keep secretariat members and administrators to TOTP set-up until they have it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = request.user
        if (
            getattr(request, "api_token", None) is not None
            or not must_use_second_factor(user)
            or has_second_factor(user)
        ):
            return None
        if request.path.startswith(API_PREFIX):
            return problem(
                status=403,
                code="mfa_required",
                title=_("Set up two-factor sign-in (TOTP) before using the API."),
            )
        match = request.resolver_match
        if match is not None and match.url_name in _SET_UP_VIEWS:
            return None
        return redirect("mfa_activate_totp")


# When the session was last used and when it began, as seconds since the epoch.
SEEN_KEY, SINCE_KEY = "aigov_seen", "aigov_since"
SEEN_EVERY = 60  # seconds: the session is written at most once a minute to record activity


class SessionLifetimeMiddleware:
    """End a signed-in session that has been idle too long, or has lasted too long.

    Runs after Django's authentication and before bearer tokens, so it sees only sessions.
    An idle or expired session is flushed and the request goes on as anonymous: a page that
    needs an account then asks for the sign-in, as after signing out. Anonymous requests
    without a session cost nothing here (the empty session is never loaded from storage).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            seen = session.get(SEEN_KEY, now)
            since = session.get(SINCE_KEY, now)
            idle = settings.AIGOV_SESSION_IDLE_MINUTES * 60
            longest = settings.AIGOV_SESSION_MAX_HOURS * 3600
            if now - seen > idle or now - since > longest:
                logout(request)
            else:
                if SINCE_KEY not in session:
                    session[SINCE_KEY] = since
                if SEEN_KEY not in session or now - seen >= SEEN_EVERY:
                    session[SEEN_KEY] = now
        return self.get_response(request)
