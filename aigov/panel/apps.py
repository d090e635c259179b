from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    name = "aigov.panel"
    label = "panel"
    verbose_name = _("Scientific panel")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.panel import demo, exchange, permissions, search
        from aigov.panel.api import router
        from aigov.panel.home import register as register_home

        permissions.register()
        register_router("/panel/", router)
        demo.register()
        search.register()
        exchange.register()

        from aigov.panel import country_profile

        country_profile.register()
        from aigov.panel import audit_actions, inbox  # noqa: F401  (they register on import)

        register_home()
