"""URL map: pages under a language prefix (/en/, /zh-hans/, /ar/ …), the API and i18n outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from aigov.core.api import api
from aigov.core.views import favicon, switch_language

# The 500 page in the language of the address, without the database (aigov/core/error_pages.py).
handler500 = "aigov.core.error_pages.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    path(".well-known/", include("aigov.capacity.wellknown_urls")),
    path("dialogue/", include("aigov.dialogue.feed_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("aigov.core.urls")),
    path("taxonomy/", include("aigov.taxonomy.urls")),
    path("countries/", include("aigov.taxonomy.profile_urls")),
    path("landscape/", include("aigov.landscape.urls")),
    path("standards/", include("aigov.standards.urls")),
    path("panel/", include("aigov.panel.urls")),
    path("capacity/", include("aigov.capacity.urls")),
    path("dialogue/", include("aigov.dialogue.urls")),
    path("fund/", include("aigov.fund.urls")),
    path("compute/", include("aigov.compute.urls")),
    path("data/", include("aigov.data.urls")),
    path("accounts/", include("aigov.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # The admin's own sign-in form takes a password alone and has no attempt limit; everyone
    # signs in through allauth, which asks for the second factor and counts failures.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin-login-redirect",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
