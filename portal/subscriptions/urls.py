from django.urls import path

from . import feeds

app_name = "feeds"
urlpatterns = [
    path("countries/<str:iso3>/", feeds.CountryPracticesFeed(), name="country"),
]
