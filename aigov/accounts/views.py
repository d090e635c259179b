"""The signed-in user's own page: roles and personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aigov.accounts import selectors, services
from aigov.accounts.forms import TokenCreateForm
from aigov.accounts.models import User
from aigov.core.errors import DomainError, NotFound


def signed_in(request: HttpRequest) -> User:
    """Return the signed-in user of a view behind login_required."""
    assert isinstance(request.user, User)
    return request.user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = TokenCreateForm(request.POST or None)
    new_token = None
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
        },
    )


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
