"""The list of countries and the way to follow one. A country's profile gathers the forum and the
practices: it is in the pages app (``pages:country``)."""

from django.urls import path

from . import follow_views, list_views

app_name = "countries"
urlpatterns = [
    path("countries/", list_views.country_list, name="list"),
    path("countries/<str:iso3>/subscribe/", follow_views.country_follow, name="follow"),
]
