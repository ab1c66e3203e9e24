from django.urls import path

from . import catalog_views, views

app_name = "exports"
urlpatterns = [
    path("practices.csv", views.practices_csv, name="practices_csv"),
    path("practices.json", views.practices_json, name="practices_json"),
    path("participation.csv", views.participation_csv, name="participation_csv"),
    path("countries.geojson", views.countries_geojson, name="countries_geojson"),
    path("catalog.jsonld", catalog_views.catalog_jsonld, name="catalog"),
]
