from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "aigov.capacity"
    label = "capacity"
    verbose_name = _("Capacity development")

    def ready(self) -> None:
        from aigov.capacity import demo, exchange, permissions, search
        from aigov.capacity.api import router
        from aigov.capacity.home import register as register_home
        from aigov.capacity.library_api import router as library_router
        from aigov.core.api import register_router

        permissions.register()
        register_router("/capacity/", router)
        register_router("/capacity/collections", library_router)
        search.register()
        demo.register()
        exchange.register()

        from aigov.capacity import country_profile

        country_profile.register()
        from aigov.capacity import audit_actions, inbox  # noqa: F401  (they register on import)

        register_home()
