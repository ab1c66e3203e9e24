"""Reads from the replica, writes to the primary (used only when DATABASE_REPLICA_URL is set).

A replica lags a little behind; pages that must show a person's own change at once read inside
a transaction or after a write in the same request, which Django keeps on the primary.
"""


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return "replica"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == "default"
