from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "portal.practices"
