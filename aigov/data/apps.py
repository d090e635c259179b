from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    # The package is aigov/data; its label "data" clashes with no other app (the repository's
    # top-level data/ folder is reference data, not a Python package).
    name = "aigov.data"
    label = "data"
    verbose_name = _("Global AI data framework")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.data import country_profile, permissions, search
        from aigov.data.api import router

        permissions.register()
        register_router("/data/", router)
        search.register()
        country_profile.register()
        from aigov.data import audit_actions, inbox  # noqa: F401  (they register on import)
