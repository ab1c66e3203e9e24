"""Atom feeds, mounted at /feeds/."""

from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("countries/<str:iso3>/", feeds.CountryFeed(), name="country"),
    path("themes/<slug:slug>/", feeds.ThemeFeed(), name="theme"),
    path("gcm-objectives/<int:number>/", feeds.ObjectiveFeed(), name="gcm_objective"),
]
