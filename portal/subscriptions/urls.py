"""The subscription pages (e-mail digests) and the Atom feeds (under feeds/)."""

from django.urls import path

from . import feeds, views

app_name = "subscriptions"
urlpatterns = [
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
    path("feeds/countries/<str:iso3>/", feeds.CountryFeed(), name="country_feed"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed(), name="theme_feed"),
    path("feeds/gcm-objectives/<int:number>/", feeds.ObjectiveFeed(), name="objective_feed"),
]
