"""The WSGI application that gunicorn (docs/deploy.md) serves, one per worker process."""

import gc
import os

from django.core.wsgi import get_wsgi_application

# A collection of the youngest objects after this many new ones (Python's default is 700).
YOUNG_COLLECTION_AFTER = 10_000


def settle_garbage_collector() -> None:
    """Keep CPython's full garbage collections short and rare, out of the way of requests.

    A full collection walks every object the worker holds, and the request that happens to trigger
    it waits. Freezing what start-up made (Django, the portal's modules, its models) takes it out of
    every later collection. A request makes tens of thousands of objects; with the young generation
    collected less often, most of them are freed before they can be promoted to the old one, so full
    collections come rarely and find little. bench/RESULTS.md compares the settings tried."""
    gc.collect()  # garbage of start-up is freed, not kept frozen
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_AFTER)  # the two older generations keep Python's defaults


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()
settle_garbage_collector()
