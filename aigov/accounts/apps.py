from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "aigov.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from aigov.accounts import demo, exchange, permissions, search
        from aigov.accounts.api import router
        from aigov.core.api import register_router

        permissions.register()
        register_router("/accounts/", router)
        search.register()
        exchange.register()
        demo.register()
