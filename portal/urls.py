from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal.core import views as core_views
from portal.lib.media import media_urlpatterns

# The admin signs in through the portal's own login, which asks staff for their second factor.
admin.site.login = secure_admin_login(admin.site.login)

# Machine-facing addresses: never prefixed by a language, always answered in English.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("portal.api_urls")),
    path("exports/", include("portal.legacy.export_urls")),
    path("admin/", admin.site.urls),
    *media_urlpatterns(),
]

# The pages people read: English at the addresses they always had, French under /fr/, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("countries/", include("portal.countries.urls")),
    path("editions/", include("portal.forum.urls")),
    path("practices/", include("portal.practices.urls")),
    path("feeds/", include("portal.subscriptions.urls")),
    path("map/", include("portal.countries.map_urls")),
    path("participation/", include("portal.forum.matrix_urls")),
    path("corrections/", include("portal.forum.correction_urls")),
    path("translations/", include("portal.core.translation_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.subscriptions.page_urls")),
    prefix_default_language=False,
)
