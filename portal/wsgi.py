"""The WSGI application that gunicorn (docs/deploy.md) serves, one per worker process."""

import gc
import os

from django.core.wsgi import get_wsgi_application

# Full collections: one after this many collections of the middle generation (Python's default is 10).
FULL_COLLECTION_EVERY = 100


def settle_garbage_collector() -> None:
    """Keep CPython's full garbage collections out of the way of requests.

    A full collection walks every object the worker holds, and the request that happens to trigger
    it waits for it. About half of them are made at start-up (Django, the portal's modules, its
    models); the rest by the first requests (templates, URL patterns, translations). Freezing what
    start-up made takes it out of every later collection, which shortens the pauses; rarer full
    collections make them rare. bench/search.py
    measures the effect on the pages' p95 and the worker's memory (bench/RESULTS.md)."""
    gc.collect()  # garbage of start-up is freed, not kept frozen
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()
settle_garbage_collector()
