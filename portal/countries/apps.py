from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "portal.countries"
