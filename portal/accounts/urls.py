"""The account pages of the portal (allauth's sign-in pages are mounted beside them, under accounts/),
and the editors' page of missing translations."""

from django.urls import path

from . import translation_views, views

app_name = "accounts"
urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("translations/", translation_views.missing_translations, name="translations"),
]
