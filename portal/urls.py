from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from portal.api.errors import not_found
from portal.core import seo_views
from portal.core import views as core_views
from portal.lib.media import media_urlpatterns
from portal.sitemaps import SITEMAPS

# The admin signs in through the portal's own login, which asks staff for their second factor (allauth's
# documented way: it replaces the site's method, which mypy refuses for any method).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Machine-facing addresses: never prefixed by a language, always answered in English.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include("portal.api_urls")),
    re_path(r"^api/", not_found),  # any other address under /api/: the API's JSON 404, whatever the method
    path("exports/", include("portal.exports.urls")),
    path("admin/", admin.site.urls),
    *media_urlpatterns(),
]

# For crawlers, browsers and data portals (findable and shareable): robots, sitemaps, favicon.
urlpatterns += [
    path("robots.txt", seo_views.robots_txt, name="robots"),
    path("favicon.ico", seo_views.favicon_ico, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

# The pages people read: English at the addresses they always had, French under /fr/, Spanish under /es/.
# Each app's URL module names its own paths in full, in the namespace of the app whose views answer them.
urlpatterns += i18n_patterns(
    path("", include("portal.pages.urls")),
    path("", include("portal.countries.urls")),
    path("", include("portal.forum.urls")),
    path("", include("portal.practices.urls")),
    path("", include("portal.subscriptions.urls")),
    path("", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
