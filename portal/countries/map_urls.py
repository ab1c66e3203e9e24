from django.urls import path

from . import map_views

app_name = "map"
urlpatterns = [
    path("", map_views.world_map, name="world"),
]
