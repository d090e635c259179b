"""django-allauth adapter: sign-up creates a learner, and every account write is audited."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from aigov.accounts.models import Role, RoleAssignment
from aigov.core import audit


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            audit.record(actor=user, action="accounts.user.sign_up", obj=user)
            # Everyone who signs up may learn; other roles are granted by the secretariat.
            assignment = RoleAssignment.objects.create(user=user, role=Role.LEARNER)
            audit.record(actor=user, action="accounts.role.assign", obj=assignment)
        return user
