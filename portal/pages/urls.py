"""The pages that gather several apps: the home page, a country's profile, the map, the editions,
the open-data page and the accessibility statement."""

from django.urls import path

from . import country_views, edition_views, map_views, site_views, views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("countries/<str:iso3>/", country_views.country_detail, name="country"),
    path("map/", map_views.world_map, name="map"),
    path("editions/", edition_views.edition_list, name="editions"),
    path("editions/<str:label>/", edition_views.edition_detail, name="edition"),
    path("data/", site_views.open_data, name="open_data"),
    path("accessibility/", site_views.accessibility, name="accessibility"),
]
