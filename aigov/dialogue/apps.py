from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "aigov.dialogue"
    label = "dialogue"
    verbose_name = _("Policy dialogue")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.dialogue import demo, exchange, permissions, search
        from aigov.dialogue.api import router
        from aigov.dialogue.home import register as register_home

        permissions.register()
        register_router("/dialogue/", router)
        search.register()
        exchange.register()
        demo.register()

        from aigov.dialogue import country_profile

        country_profile.register()
        from aigov.dialogue import audit_actions, inbox  # noqa: F401  (they register on import)

        register_home()
