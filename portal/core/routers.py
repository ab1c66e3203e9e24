"""The primary for writes and for almost every read; the replica for anonymous page views
(used only when DATABASE_REPLICA_URL is set).

A replica lags a little behind. Reads go to it only when the request allowed it and the primary is
not inside a transaction (portal.core.replica says when a request may): anonymous GET and HEAD
requests, when no record was written in the last REPLICA_LAG_SECONDS. Everything else reads the
primary, so a person sees their own change at once, a form's version check reads the current
version, and a page stored in the page cache after a change is built from the changed record.
"""

from django.db import models

from . import replica


class ReplicaRouter:
    def __init__(self) -> None:
        # Django creates the router once in every process that has a replica (web server, task
        # worker, management commands), before the first query: from then on, writes are noted.
        replica.watch_writes()

    def db_for_read(self, model: type[models.Model], **hints) -> str:
        if not replica.replica_allowed():
            return "default"
        # Related records follow the record they belong to, wherever it was read.
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return replica.REPLICA

    def db_for_write(self, model: type[models.Model], **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == "default"
