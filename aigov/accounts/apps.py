from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from aigov.accounts import access, demo, exchange, permissions, search
        from aigov.accounts.api import router
        from aigov.core import authority
        from aigov.core.api import register_router

        authority.install(access.has)
        permissions.register()
        register_router("/accounts/", router)
        search.register()
        exchange.register()
        demo.register()
        from aigov.accounts import audit_actions  # noqa: F401  (it registers on import)
