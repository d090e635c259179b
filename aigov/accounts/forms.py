import functools
import zoneinfo
from typing import Any

from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aigov.accounts.models import ApiToken


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )


@functools.cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _zone_choices() -> list[tuple[str, str]]:
    site = _("The site's time zone (%(zone)s)") % {"zone": settings.TIME_ZONE}
    return [("", site), *((name, name) for name in _zone_names())]


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=_zone_choices,
        help_text=_("The audit log and the inbox show times in this zone."),
    )


class StableActivateTOTPForm(ActivateTOTPForm):
    """allauth's TOTP activation form, keeping the pending secret for the page's life.

    allauth draws a new secret on every unbound form, so any second request to the page (a
    reload, or a browser's request that was sent there) made the QR code on screen stale and
    every code was refused. The pending secret lives in the session until activation clears it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = totp_auth.get_totp_secret(regenerate=False)
