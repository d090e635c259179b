from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "aigov.fund"
    label = "fund"
    verbose_name = _("Global fund for AI")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.fund import country_profile, permissions
        from aigov.fund.api import router

        permissions.register()
        register_router("/fund/", router)
        country_profile.register()
        from aigov.fund.home import register as register_home

        register_home()
        from aigov.fund import audit_actions, demo, inbox  # noqa: F401  (they register on import)

        demo.register()
