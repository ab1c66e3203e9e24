from django.urls import path

from . import translation_views

app_name = "translations"
urlpatterns = [
    path("", translation_views.missing_translations, name="missing"),
]
