"""manage.py send_digests: plan the digests that are due and send them; safe to run from cron.

    */5 * * * *  manage.py send_digests --frequency instant
    0 6 * * *    manage.py send_digests --frequency daily --frequency weekly

Every run first plans: one Delivery row per due subscription with news, inserted under a unique
key, so running twice, or twice at once, plans each digest once. It then hands each pending row
to a sender: by default the ``send_digest`` task, through the configured task backend (with the
database backend, ``manage.py db_worker`` sends them); with ``--in-process`` this run sends them
itself. Either way each sender claims its row before sending and marks it after, so no row is
sent twice, and rows left over by a run that crashed are picked up by the next one. The
docstring of portal/subscriptions/digests.py tells the whole story, including the one case of
at-least-once delivery.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tasks import TaskResultStatus

from portal.subscriptions import digests, services, signing
from portal.subscriptions.models import Delivery, Frequency
from portal.subscriptions.tasks import send_digest


class Command(BaseCommand):
    help = "Plan the e-mail digests that are due and send them (safe to run twice, or twice at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frequency",
            action="append",
            choices=Frequency.values,
            help="Plan digests of this frequency only (repeatable; default: all). Pending digests of any "
            "frequency left by an earlier run are sent in any case.",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="Send from this process instead of queueing one task per digest for the worker.",
        )

    def handle(self, *args: Any, frequency: list[str] | None, in_process: bool, verbosity: int, **options: Any) -> None:
        frequencies = frequency or list(Frequency.values)
        now = timezone.now()
        purged = services.purge_unconfirmed(older_than=now - signing.MAX_AGE[signing.CONFIRM])
        if purged and verbosity:
            self.stdout.write(f"Forgot {purged} subscription(s) never confirmed.")

        report = digests.plan(frequencies=frequencies, now=now)
        if verbosity:
            self.stdout.write(
                f"Planning {', '.join(frequencies)}: {report.subscriptions} confirmed subscription(s), "
                f"{report.not_due} not due yet, {report.nothing_new} with nothing new, "
                f"{len(report.planned)} digest(s) planned"
                + (f", {report.planned_elsewhere} planned by another run" if report.planned_elsewhere else "")
                + "."
            )

        waiting = list(digests.pending(now).select_related("subscription").order_by("id"))
        counts = {"sent": 0, "empty": 0, "queued": 0, "skipped": 0, "failed": 0}
        sender = digests.sender_id("send_digests")
        for position, delivery in enumerate(waiting, start=1):
            if in_process:
                outcome = self._send_here(delivery, sender)
            else:
                outcome = self._hand_to_task(delivery)
            counts[outcome] += 1
            if verbosity:
                self.stdout.write(
                    f"[{position}/{len(waiting)}] digest {delivery.sequence} ({delivery.period}) "
                    f"of subscription {delivery.subscription_id}: {outcome}"
                )
        if verbosity:
            self.stdout.write(
                f"Done: {counts['sent']} sent, {counts['queued']} queued for the worker, {counts['empty']} with "
                f"nothing left to send, {counts['skipped']} skipped (done or taken by another run), "
                f"{counts['failed']} failed."
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} digest(s) failed; the next run tries them again.")

    def _send_here(self, delivery: Delivery, sender: str) -> str:
        try:
            return digests.deliver(delivery_id=delivery.pk, sender=sender)
        except Exception as error:  # one bad message must not stop the others; the row keeps the error
            self.stderr.write(f"digest {delivery.pk}: {type(error).__name__}: {error}")
            return "failed"

    def _hand_to_task(self, delivery: Delivery) -> str:
        if not digests.mark_queued(delivery):
            return "skipped"
        result = send_digest.enqueue(delivery.pk)
        # An immediate backend has run the task already; a queue (the database) has not.
        if result.status == TaskResultStatus.SUCCESSFUL:
            outcome = result.return_value
            assert outcome is not None  # send_digest returns a str; the result's type allows None for other tasks
            return outcome
        if result.status == TaskResultStatus.FAILED:
            for error in result.errors:
                self.stderr.write(f"digest {delivery.pk}: {error.traceback.strip().splitlines()[-1]}")
            return "failed"
        return "queued"
