"""django-allauth adapter: sign-up creates a learner, and every account write is audited."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
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
        queue_email(self.render_mail(template_prefix, email, full_context))

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
