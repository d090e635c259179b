"""The signed-in user's own page: roles and personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts import selectors, services
from aigov.accounts.forms import TimeZoneForm, TokenCreateForm
from aigov.accounts.middleware import must_use_second_factor, second_factor_checked_recently
from aigov.accounts.models import User
from aigov.core.errors import DomainError, NotFound


def signed_in(request: HttpRequest) -> User:
    """Return the signed-in user of a view behind login_required."""
    assert isinstance(request.user, User)
    return request.user


def redirect_with_next(url_name: str, next_url: str) -> HttpResponse:
    """Redirect to `url_name`, which returns to `next_url` when done."""
    return redirect(f"{reverse(url_name)}?{urlencode({'next': next_url})}")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if (
        request.method == "POST"
        and must_use_second_factor(user)
        and not second_factor_checked_recently(request)
    ):
        # A privileged account's token acts without a second factor, so it is issued only
        # right after one (allauth asks for a code, then comes back here).
        messages.info(request, _("Enter a code from your authenticator app to create a token."))
        return redirect_with_next("mfa_reauthenticate", reverse("accounts:profile"))
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.token_create(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            new_token = issued.raw
            form = TokenCreateForm()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.token_list(actor=user),
            "roles": selectors.role_assignment_list(user=user),
            "time_zone_form": TimeZoneForm(initial={"time_zone": user.time_zone}),
        },
    )


@login_required
@require_POST
def time_zone_set(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a time zone from the list."))
        return redirect("accounts:profile")
    try:
        services.user_set_time_zone(
            actor=request.user, user=signed_in(request), time_zone=form.cleaned_data["time_zone"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your time zone is saved."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.token_revoke(actor=signed_in(request), token_id=token_id)
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
