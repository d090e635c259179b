"""The one NinjaAPI: shared error format, pagination, authentication and rate limits.

Each module contributes a Router, registered from its AppConfig.ready() through
`register_router`, so adding a module touches only that module.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from aigov.core.clients import client_address
from aigov.core.errors import DomainError, error_items, field_error
from aigov.core.middleware import nul_places
from aigov.core.throttling import SharedRateThrottle

PROBLEM_JSON = "application/problem+json"


class ProblemError(Schema):
    field: str | None = None
    row: int | None = None
    code: str
    message: str


class Problem(Schema):
    """RFC 7807 problem details, with aigov's stable `code` and an `errors` list."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str = ""
    errors: list[ProblemError] = []


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    title: str,
    detail: str = "",
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "code": code,
        "detail": detail,
        "errors": errors or [],
    }
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = PROBLEM_JSON
    return response


def registered_values(values: Callable[[], list[str]]) -> Callable[[dict[str, Any]], None]:
    """Return a `json_schema_extra` that documents `values()` as a parameter's allowed values.

    Modules register (search types, inbox queues) in ready(), after the schema class is made,
    so the list is filled in when the OpenAPI document is generated.
    """

    def document(schema: dict[str, Any]) -> None:
        strings = [option for option in schema.get("anyOf", []) if option.get("type") == "string"]
        for option in strings or [schema]:
            option["enum"] = values()

    return document


# Deeper than any list we hold; keeps offsets inside a 64-bit integer on every database.
MAX_OFFSET = 10_000_000


class Page(LimitOffsetPagination):
    """`limit` and `offset` in, `{"count": N, "items": [...]}` out, on every list endpoint."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        count: int
        items: list[Any]


# Every operation may answer with these problem documents; the document says so once, here.
_SHARED_PROBLEMS = {
    "400": "The request body could not be read (not JSON, or nested too deeply).",
    "401": "Not signed in, or the API token is unknown, revoked or expired.",
    "403": "Signed in but not allowed to do this.",
    "404": "No such record (or one you may not see).",
    "409": "A request with the same Idempotency-Key is still being carried out.",
    "413": "The request body is larger than the server accepts.",
    "415": "The body is neither JSON (application/json) nor an upload (multipart/form-data).",
    "422": "The input is not valid; nothing was changed.",
    "429": "Too many requests.",
}


class NulInBody(ValueError):
    """A JSON body holds NUL characters (see aigov.core.middleware); `places` says where."""

    def __init__(self, places: list[str]) -> None:
        super().__init__(", ".join(places))
        self.places = places


class NulRefusingParser(Parser):
    """JSON bodies as usual; one holding a NUL character is refused (PostgreSQL cannot store
    it). Ninja parses the body after authentication, so an anonymous writer still gets 401."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        places = nul_places(data)
        if places:
            raise NulInBody(places)
        return data


class ClientRateThrottle(SharedRateThrottle):
    """Anonymous requests, counted per client address (aigov.core.clients: X-Forwarded-For is
    believed only as far as TRUSTED_PROXIES says)."""

    scope = "anon"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if getattr(request.user, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ActorRateThrottle(SharedRateThrottle):
    """Signed-in requests (token or session), counted per user on every endpoint, whether or
    not the endpoint itself asks for authentication."""

    scope = "user"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if not getattr(request.user, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AigovAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(schema.pop("$defs", {}))
        components["Problem"] = schema
        reference = {"$ref": "#/components/schemas/Problem"}
        for path_item in document["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in _SHARED_PROBLEMS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {PROBLEM_JSON: {"schema": reference}},
                        },
                    )
        return document


class ApiDocs(Swagger):
    """django-ninja's Swagger page in aigov's own template: the page has a language, a heading
    and a main landmark, and is the only one that loads the Swagger bundle."""

    template = "core/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        # The settings go to the page through `json_script` (escaped), not as a string marked
        # safe; Swagger sends the CSRF token, so a signed-in session can try the writes.
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings": settings})


api = AigovAPI(
    title="aigov API",
    version="1",
    description=(
        "The aigov platform API. Send a personal token as `Authorization: Bearer <token>`, or "
        "use a signed-in browser session. Errors are RFC 7807 problem documents."
    ),
    urls_namespace="api",
    docs=ApiDocs(),
    docs_url="/docs",
    parser=NulRefusingParser(),
    throttle=[
        ClientRateThrottle(settings.API_THROTTLE_ANON),
        ActorRateThrottle(settings.API_THROTTLE_AUTH),
    ],
)

_registered: set[str] = set()


def register_router(prefix: str, router: Router) -> None:
    """Mount a module's router at /api/<prefix>/ (once, however often ready() runs)."""
    if prefix in _registered:
        return
    _registered.add(prefix)
    api.add_router(prefix, router)


@api.exception_handler(NinjaValidationError)
def _on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = error_items(exc)
    return problem_response(
        request,
        status=422,
        code="invalid",
        title=_("The input is not valid; nothing was changed."),
        errors=errors,
    )


@api.exception_handler(DomainError)
def _on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(
        request, status=exc.status, code=exc.code, title=str(exc.message), errors=exc.errors
    )


@api.exception_handler(ValidationError)
def _on_django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = error_items(exc)
    return problem_response(
        request,
        status=422,
        code="invalid",
        title=_("The input is not valid; nothing was changed."),
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        request,
        status=401,
        code="not_authenticated",
        title=_("Sign in, or send a valid API token, to do this."),
    )
    response["WWW-Authenticate"] = 'Bearer realm="aigov"'
    return response


@api.exception_handler(Throttled)
def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = problem_response(
        request,
        status=429,
        code="rate_limited",
        title=_("Too many requests; wait a moment and try again."),
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


@api.exception_handler(PermissionDenied)
def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem_response(
        request, status=403, code="not_allowed", title=_("You are not allowed to do this.")
    )


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, status=404, code="not_found", title=_("No such record."))


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, NulInBody):  # ninja wraps what the parser raised
        return problem_response(
            request,
            status=422,
            code="invalid",
            title=_("The input is not valid; nothing was changed."),
            errors=[
                field_error(
                    place,
                    "null_character",
                    _("Remove the NUL character."),
                )
                for place in exc.__cause__.places
            ],
        )
    return problem_response(request, status=exc.status_code, code="error", title=str(exc))
