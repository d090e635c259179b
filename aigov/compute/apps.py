from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComputeConfig(AppConfig):
    name = "aigov.compute"
    label = "compute"
    verbose_name = _("Shared compute")

    def ready(self) -> None:
        from aigov.compute import permissions, search
        from aigov.compute.api import router
        from aigov.core.api import register_router

        permissions.register()
        register_router("/compute/", router)
        search.register()
        from aigov.compute import country_profile, demo, exchange, report

        country_profile.register()
        demo.register()
        exchange.register()
        report.register()
        from aigov.compute import audit_actions, inbox  # noqa: F401  (they register on import)
