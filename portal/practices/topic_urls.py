"""Theme and GCM objective pages, at the site root. Included by ``portal/subscriptions/page_urls.py``
so that their names (``subscriptions:themes``, ``subscriptions:theme``, …) stay as they were."""

from django.urls import path

from . import topic_views

urlpatterns = [
    path("themes/", topic_views.theme_list, name="themes"),
    path("themes/<slug:slug>/", topic_views.theme_detail, name="theme"),
    path("gcm-objectives/", topic_views.objective_list, name="objectives"),
    path("gcm-objectives/<int:number>/", topic_views.objective_detail, name="objective"),
]
