from django.urls import path

from . import catalog_views, export_views

app_name = "exports"
urlpatterns = [
    path("practices.csv", export_views.practices_csv, name="practices_csv"),
    path("practices.json", export_views.practices_json, name="practices_json"),
    path("participation.csv", export_views.participation_csv, name="participation_csv"),
    path("countries.geojson", export_views.countries_geojson, name="countries_geojson"),
    path("catalog.jsonld", catalog_views.catalog_jsonld, name="catalog"),
]
