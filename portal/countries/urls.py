from django.urls import path

from . import list_views, views

app_name = "countries"
urlpatterns = [
    path("", list_views.country_list, name="list"),
    path("<str:iso3>/", views.country_detail, name="detail"),
]
