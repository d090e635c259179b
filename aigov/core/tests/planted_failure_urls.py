"""The site's URLs plus one page and one API address that fail, for the 500 tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from aigov.urls import handler500
from aigov.urls import urlpatterns as site_urlpatterns


def _planted_failure(request):
    raise RuntimeError("planted failure")


__all__ = ["handler500", "urlpatterns"]

urlpatterns = [
    path("api/planted-failure/", _planted_failure),
    *site_urlpatterns,
    *i18n_patterns(path("planted-failure/", _planted_failure)),
]
