"""Sending against a real database: two runs at once, and the task queue with its worker."""

import io
import signal
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.subscriptions.models import Delivery

from .conftest import read_messages
from .test_digests import each_got_exactly_one, send_digests, several_followers


def run_concurrently(count: int, *args: str) -> list[BaseException]:
    """Start ``count`` runs of send_digests at the same moment, each in its own thread and connection."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            start.wait()
            call_command("send_digests", *args, stdout=io.StringIO(), stderr=io.StringIO())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has a single writer and no SELECT ... FOR UPDATE SKIP LOCKED; no race to show",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", [["--in-process"], []], ids=["in-process", "through-tasks"])
def test_two_concurrent_runs_on_postgresql_send_each_digest_once(settings, tmp_path, mode):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "tests.subscriptions.mailbackends.SlowFileBackend"
    settings.EMAIL_FILE_PATH = mail_dir = tmp_path / "mail"
    addresses = several_followers(12)

    errors = run_concurrently(2, *mode)

    assert errors == []
    assert each_got_exactly_one(mail_dir, addresses)
    assert Delivery.objects.count() == 12
    assert Delivery.objects.filter(state=Delivery.State.SENT, attempts=1).count() == 12


@pytest.mark.django_db(transaction=True)
def test_digests_go_through_the_database_queue_and_db_worker_sends_them(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir = tmp_path / "mail"
    addresses = several_followers(3)

    output = send_digests()
    assert "Done: 0 sent, 3 queued for the worker" in output
    assert read_messages(mail_dir) == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 3
    assert "3 skipped" in send_digests()  # already queued: not queued again

    run_worker()

    assert each_got_exactly_one(mail_dir, addresses)
    results = DBTaskResult.objects.all()
    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}
    assert {result.task_path for result in results} == {"portal.subscriptions.tasks.send_digest"}
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}

    send_digests()
    run_worker()
    assert each_got_exactly_one(mail_dir, addresses)


def run_worker() -> None:
    """db_worker in batch mode: it runs what is queued, then exits. It installs signal handlers for a
    graceful stop; the test runner's own are put back afterwards."""
    names = [name for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)
