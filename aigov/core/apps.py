from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aigov.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from aigov.core.api import register_router
        from aigov.core.audit_api import router as audit_router
        from aigov.core.health import router as health_router
        from aigov.core.inbox_api import router as inbox_router
        from aigov.core.search.api import router as search_router

        from . import checks  # noqa: F401  (registers system checks)
        from .pagecache import connect_signals

        connect_signals()

        register_router("/search", search_router)
        register_router("/audit/", audit_router)
        register_router("/health", health_router)
        register_router("/inbox", inbox_router)
