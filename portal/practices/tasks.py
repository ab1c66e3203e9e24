"""The moderation e-mails as background tasks (django-tasks; ``manage.py task_worker`` runs them).

``services`` queues them with ``transaction.on_commit``: a step that is rolled back tells no one.
Each task takes ids, never model instances (its arguments travel as JSON), and ``site_root``, the
address of the request that took the step (portal.lib.urls), so that links point where it was taken.
"""

from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.lib.email import send_templated
from portal.lib.urls import using_root

from .models import Practice


@task()
def send_status_change(practice_id: int, status: str, comment: str, site_root: str = "") -> int:
    """Tell the submitter that their practice moved to ``status``, in their own language."""
    practice = Practice.objects.select_related("submitter").filter(pk=practice_id).first()
    submitter = practice.submitter if practice else None
    if practice is None or submitter is None or not submitter.email:
        return 0
    with translation.override(submitter.language), using_root(site_root):
        return send_templated(
            to=[submitter.email],
            template="practice_status",
            context={
                "practice": practice,
                "status": Practice.Status(status).label,
                "comment": comment,
                "submitter": submitter,
                "practice_url": reverse("practices:detail", args=[practice.pk]),
                "mine_url": reverse("practices:mine"),
            },
        )


@task()
def send_submitted(practice_id: int, site_root: str = "") -> int:
    """Tell the editors, each group in its own language, that a practice awaits review."""
    from .services import editor_addresses

    practice = Practice.objects.filter(pk=practice_id).first()
    if practice is None:
        return 0
    sent = 0
    with using_root(site_root):
        for language, addresses in editor_addresses().items():
            with translation.override(language):
                sent += send_templated(
                    to=addresses,
                    template="practice_submitted",
                    context={"practice": practice, "queue_url": reverse("practices:queue")},
                )
    return sent
