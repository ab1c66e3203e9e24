from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal.core import views as core_views

# The admin signs in through the portal's own login, which asks staff for their second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("countries/", include("portal.countries.urls")),
    path("editions/", include("portal.forum.urls")),
    path("practices/", include("portal.practices.urls")),
    path("feeds/", include("portal.subscriptions.urls")),
    path("map/", include("portal.countries.map_urls")),
    path("participation/", include("portal.forum.matrix_urls")),
    path("corrections/", include("portal.forum.correction_urls")),
    path("api/v1/", include("portal.api_urls")),
    path("exports/", include("portal.legacy.export_urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.subscriptions.page_urls")),
]
