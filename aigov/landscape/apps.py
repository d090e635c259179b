from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapeConfig(AppConfig):
    name = "aigov.landscape"
    label = "landscape"
    verbose_name = _("Governance landscape")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.core.reference import register_loader
        from aigov.landscape import demo, exchange, permissions, search
        from aigov.landscape.api import router
        from aigov.landscape.home import register as register_home
        from aigov.landscape.reference import load_landscape

        # Registered after taxonomy (INSTALLED_APPS order): participants are taxonomy countries.
        register_loader("landscape", load_landscape)
        register_router("/landscape/", router)
        search.register()
        permissions.register()
        exchange.register()
        demo.register()

        from aigov.landscape import country_profile

        country_profile.register()
        from aigov.landscape import audit_actions, inbox  # noqa: F401  (they register on import)

        register_home()
