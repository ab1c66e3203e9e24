"""Who made a change and why, in a record's django-simple-history entry."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models


def attribute_next_save(record: models.Model, user: AbstractBaseUser, reason: str) -> None:
    """The history entry of ``record``'s next save names ``user`` as its author and ``reason`` as its
    reason. simple-history reads both from these attributes of the instance, which no model declares
    (so they are set by name)."""
    for name, value in (("_history_user", user), ("_change_reason", reason)):
        setattr(record, name, value)
