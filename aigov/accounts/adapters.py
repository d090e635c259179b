"""django-allauth adapter: sign-up creates a learner, every account write is audited, mail
links point at the public address, and sign-in limits count the real client address."""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from aigov.accounts.models import Role, RoleAssignment
from aigov.core import audit
from aigov.core.clients import client_address
from aigov.core.tasks import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the message here (it needs the request) and deliver it from the task queue."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
        full_context.update(context)
        full_context.update(self._on_public_address(request, full_context))
        queue_email(self.render_mail(template_prefix, email, full_context))

    @staticmethod
    def _on_public_address(request: HttpRequest | None, context: dict[str, Any]) -> dict[str, Any]:
        """Return the site and the links of `context` moved to AIGOV_PUBLIC_URL's scheme and host.

        allauth builds links from the request, whose host and scheme behind a proxy are the
        proxy's view of them (http://127.0.0.1:8000); mail must carry the public address.
        """
        public = urlsplit(settings.AIGOV_PUBLIC_URL)
        own = {request.get_host()} if request is not None else set()
        moved: dict[str, Any] = {
            "current_site": SimpleNamespace(domain=public.netloc, name=public.netloc)
        }
        for name, value in context.items():
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                link = urlsplit(value)
                if link.netloc in own:
                    moved[name] = urlunsplit((public.scheme, public.netloc, *link[2:]))
        return moved

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            audit.record(actor=user, action="accounts.user.sign_up", obj=user)
            # Everyone who signs up may learn; other roles are granted by the secretariat.
            assignment = RoleAssignment.objects.create(user=user, role=Role.LEARNER)
            audit.record(actor=user, action="accounts.role.assign", obj=assignment)
        return user

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client address for sign-in limits, trusting proxies as TRUSTED_PROXIES says."""
        return client_address(request)
