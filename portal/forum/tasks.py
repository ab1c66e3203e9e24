"""The e-mail telling a focal point what became of their proposed correction, as a background task
(django-tasks). ``corrections`` queues it with ``transaction.on_commit``; ``site_root`` is the address
of the request that decided (portal.lib.urls), so that the link points where the editor was."""

from django_tasks import task

from portal.lib.email import send_templated
from portal.lib.urls import using_root

from .models import CorrectionProposal


@task()
def send_correction_decided(proposal_id: int, site_root: str = "") -> int:
    proposal = (
        CorrectionProposal.objects.select_related("proposer", "country", "edition").filter(pk=proposal_id).first()
    )
    proposer = proposal.proposer if proposal else None
    if proposer is None or not proposer.email:
        return 0
    with using_root(site_root):
        return send_templated(
            to=[proposer.email],
            template="correction_decided",
            context={"proposal": proposal},
            language=proposer.language,
        )
