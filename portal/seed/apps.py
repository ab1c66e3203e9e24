from django.apps import AppConfig


class SeedConfig(AppConfig):
    """Filling a database: the reference data (countries, editions, taxonomies) and invented data for
    benchmarks. It sits above the content apps, so that ``core`` need not import them."""

    name = "portal.seed"
