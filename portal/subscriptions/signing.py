"""The signed links in subscription e-mails: confirm, unsubscribe, manage.

Each link carries a small payload signed with SECRET_KEY, a purpose of its own (a salt: a link
made to confirm cannot unsubscribe) and the time it was made, so it expires. Nothing is stored:
the signature is the authority.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext_lazy as _

CONFIRM = "subscriptions.confirm"
UNSUBSCRIBE = "subscriptions.unsubscribe"
MANAGE = "subscriptions.manage"

MAX_AGE: dict[str, datetime.timedelta] = {
    CONFIRM: datetime.timedelta(days=7),
    # Longer than the 30 days that the US CAN-SPAM Act asks unsubscribe links to keep working.
    UNSUBSCRIBE: datetime.timedelta(days=60),
    MANAGE: datetime.timedelta(days=60),
}


class LinkError(Exception):
    """A link that cannot be used; ``status`` is the HTTP status of the page that says so."""

    status = 400
    title = _("This link is not valid")
    explanation = _(
        "The link is incomplete or has been changed. Please open it again from the e-mail, "
        "or copy the whole address into your browser."
    )


class ExpiredLink(LinkError):
    status = 410
    title = _("This link has expired")
    explanation = _("For your safety, links in our e-mails work for a limited time only.")


@dataclass(frozen=True)
class ManageScope:
    """Whose subscriptions a manage link opens: a user's, or an address's."""

    user_id: int | None = None
    email: str = ""


def make(purpose: str, payload: object) -> str:
    return signing.dumps(payload, salt=purpose)


def read(purpose: str, token: str) -> object:
    try:
        return signing.loads(token, salt=purpose, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise ExpiredLink() from error
    except signing.BadSignature as error:
        raise LinkError() from error


def subscription_token(purpose: str, subscription_id: int) -> str:
    return make(purpose, {"s": subscription_id})


def read_subscription_token(purpose: str, token: str) -> int:
    payload = read(purpose, token)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise LinkError()
    return payload["s"]


def manage_token(scope: ManageScope) -> str:
    return make(MANAGE, {"u": scope.user_id} if scope.user_id else {"e": scope.email})


def read_manage_token(token: str) -> ManageScope:
    payload = read(MANAGE, token)
    if isinstance(payload, dict):
        if isinstance(payload.get("u"), int):
            return ManageScope(user_id=payload["u"])
        if isinstance(payload.get("e"), str) and payload["e"]:
            return ManageScope(email=payload["e"])
    raise LinkError()
