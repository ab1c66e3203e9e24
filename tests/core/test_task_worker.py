"""The task worker outlives a database outage: it waits, reconnects, logs once, and goes on (issue 21)."""

import io
import logging
import signal

import psycopg
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from portal.core.management.commands import task_worker
from portal.core.management.commands.task_worker import ReconnectingWorker

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def add(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def one_task_worker() -> ReconnectingWorker:
    """A worker that stops after one task, as the command builds it (without its signal handlers)."""
    worker = ReconnectingWorker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.reconnect_seconds = 0.01
    return worker


def outage_messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if "the database does not answer" in record.getMessage()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real outage: PostgreSQL refuses the connections")
def test_the_worker_survives_postgresql_refusing_connections_and_then_runs_the_task(
    database_queue, caplog, monkeypatch
):
    """The database really fails: connections to it are refused and the worker's own is terminated."""
    result = add.enqueue(2, 3)
    name = connection.settings_dict["NAME"]
    admin = dict(connection.get_connection_params(), dbname="postgres", autocommit=True)
    admin = {key: value for key, value in admin.items() if key not in ("cursor_factory", "context")}
    with psycopg.connect(**admin) as server:
        connection.ensure_connection()
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        sleeps = []

        def sleep(seconds):  # the outage lasts two of the worker's waits
            sleeps.append(seconds)
            if len(sleeps) == 2:
                server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

        monkeypatch.setattr(task_worker.time, "sleep", sleep)
        try:
            with caplog.at_level(logging.INFO, logger="django_tasks_db"):
                one_task_worker().run()
        finally:
            server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

    assert len(sleeps) >= 2
    assert len(outage_messages(caplog)) == 1
    assert "the database answers again" in caplog.text
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=result.id).return_value == 5


def test_the_worker_survives_an_operational_error_and_logs_the_outage_once(database_queue, caplog, monkeypatch):
    """Simulated at the narrowest point, on any database: the query that claims a task fails once,
    and the database then does not answer for two more tries."""
    result = add.enqueue(2, 3)
    real_get_locked = DBTaskResultQuerySet.get_locked
    failures = iter([OperationalError("server closed the connection unexpectedly")])

    def get_locked(queryset):
        for error in failures:
            raise error
        return real_get_locked(queryset)

    answers = iter([False, False, True])
    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    monkeypatch.setattr(task_worker, "database_answers", lambda: next(answers))
    monkeypatch.setattr(task_worker.time, "sleep", lambda seconds: None)

    with caplog.at_level(logging.INFO, logger="django_tasks_db"):
        one_task_worker().run()

    assert outage_messages(caplog) == [
        "Worker test-worker: the database does not answer (server closed the connection unexpectedly); "
        "waiting for it, trying every 0.01 s."
    ]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_db_worker_itself_ends_on_the_same_error(database_queue, monkeypatch):
    """Why the portal has its own command: the library's worker stops at the first such error."""
    from django_tasks_db.management.commands.db_worker import Worker

    add.enqueue(2, 3)
    monkeypatch.setattr(
        DBTaskResultQuerySet, "get_locked", lambda queryset: (_ for _ in ()).throw(OperationalError("gone"))
    )
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="library-worker",
        excluded_queue_names=[],
    )
    with pytest.raises(OperationalError):
        worker.run()


def test_the_command_runs_the_queued_tasks(database_queue):
    result = add.enqueue(20, 22)
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)
    assert DBTaskResult.objects.get(pk=result.id).return_value == 42
