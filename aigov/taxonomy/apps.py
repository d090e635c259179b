from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "aigov.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.core.reference import register_loader
        from aigov.taxonomy import exchange, search
        from aigov.taxonomy.api import router
        from aigov.taxonomy.reference import load_taxonomy

        register_loader("taxonomy", load_taxonomy)
        register_router("/taxonomy/", router)
        search.register()
        exchange.register()

        from aigov.taxonomy.profile_api import router as profile_router

        register_router("/countries/", profile_router)
