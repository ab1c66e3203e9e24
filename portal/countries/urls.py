from django.urls import path

from portal.forum import correction_views

from . import list_views, views

app_name = "countries"
urlpatterns = [
    path("", list_views.country_list, name="list"),
    path("<str:iso3>/", views.country_detail, name="detail"),
    path("<str:iso3>/subscribe/", views.country_follow, name="follow"),
    path("<str:iso3>/propose/", correction_views.propose, name="propose"),
]
