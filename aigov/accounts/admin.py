from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aigov.accounts.models import ApiToken, Organisation, RoleAssignment, User
from aigov.core.admin import ReadOnlyAdmin


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fields = ["role", "country"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "display_name", "organisation", "is_active", "is_staff", "is_demo"]
    list_filter = ["is_active", "is_staff", "is_demo", "role_assignments__role"]
    search_fields = ["email", "display_name"]
    exclude = ["password"]
    inlines = [RoleInline]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "country", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
