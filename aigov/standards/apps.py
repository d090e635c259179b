from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "aigov.standards"
    label = "standards"
    verbose_name = _("AI Standards Exchange")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.core.reference import register_loader
        from aigov.standards import demo, exchange, permissions, search
        from aigov.standards.api import router
        from aigov.standards.home import register as register_home
        from aigov.standards.reference import load_standards

        permissions.register()
        # Registered after taxonomy and accounts (INSTALLED_APPS order): tags are taxonomy
        # terms and standards bodies are accounts organisations.
        register_loader("standards", load_standards)
        register_router("/standards/", router)
        search.register()
        exchange.register()
        demo.register()

        from aigov.standards import country_profile

        country_profile.register()
        from aigov.standards import audit_actions, inbox  # noqa: F401  (they register on import)

        register_home()
