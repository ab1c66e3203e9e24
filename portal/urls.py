from django.contrib import admin
from django.urls import include, path

from portal.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("countries/", include("portal.countries.urls")),
    path("editions/", include("portal.forum.urls")),
    path("practices/", include("portal.practices.urls")),
    path("feeds/", include("portal.subscriptions.urls")),
    path("map/", include("portal.countries.map_urls")),
    path("participation/", include("portal.forum.matrix_urls")),
    path("admin/", admin.site.urls),
]
