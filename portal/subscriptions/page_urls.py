"""Pages mounted at the site root: the subscription pages, and the practices app's theme and GCM
objective pages (``portal/practices/topic_urls.py``), whose names keep this namespace."""

from django.urls import include, path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("", include("portal.practices.topic_urls")),
    path("subscriptions/", views.manage, name="manage"),
    path("subscriptions/new/", views.subscribe, name="subscribe"),
    path("subscriptions/link/", views.request_link, name="request_link"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "subscriptions/unsubscribe/<str:token>/one-click/",
        views.one_click_unsubscribe,
        name="one_click_unsubscribe",
    ),
    path("subscriptions/manage/<str:token>/", views.manage_by_link, name="manage_by_link"),
]
