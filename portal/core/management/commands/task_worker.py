"""``manage.py task_worker``: django-tasks-db's ``db_worker`` that outlives a database outage.

``db_worker`` ends on the first OperationalError that is not a locked SQLite file (a database
restart, a dropped connection, a failover), and the e-mails and digests then wait until someone
starts it again. This command takes the same options and runs the same loop; when the database
fails, it logs that once, closes the broken connections, tries again every few seconds until the
database answers, logs that, and goes on. A task that was running when the database failed may
be left marked as running, as with ``db_worker`` after a crash.
"""

import logging
import os
import time
from typing import Any

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

DATABASE_DOWN = (OperationalError, InterfaceError)


class ReconnectingWorker(db_worker.Worker):
    """The library's worker, started again after the database has come back."""

    reconnect_seconds = 5.0

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks: done
            except DATABASE_DOWN as error:
                self.startup_delay = False
                self.wait_for_database(error)

    def wait_for_database(self, error: Exception) -> None:
        logger.error(
            "Worker %s: the database does not answer (%s); waiting for it, trying every %g s.",
            self.worker_id,
            str(error).strip() or type(error).__name__,
            self.reconnect_seconds,
        )
        while self.running:
            connections.close_all()  # a broken connection is opened anew at the next query
            time.sleep(self.reconnect_seconds)
            if database_answers():
                logger.warning("Worker %s: the database answers again; processing tasks.", self.worker_id)
                return


def database_answers() -> bool:
    """Whether the database holding the task queue runs a query."""
    try:
        with connections[DBTaskResult.objects.db].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DATABASE_DOWN:
        return False


class Command(db_worker.Command):
    help = "Run the task worker (django-tasks-db's db_worker) that waits for the database through an outage."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ReconnectingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # the reloaded child, which runs the tasks
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
