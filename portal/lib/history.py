"""Who made a change and why, in a record's django-simple-history entry."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

# simple-history skips the history entry of an instance that has this attribute (whatever its value).
_SKIP = "skip_history_when_saving"


def attribute_next_save(record: models.Model, user: AbstractBaseUser, reason: str) -> None:
    """The history entry of ``record``'s next save names ``user`` as its author and ``reason`` as its
    reason. simple-history reads both from these attributes of the instance, which no model declares
    (so they are set by name)."""
    for name, value in (("_history_user", user), ("_change_reason", reason)):
        setattr(record, name, value)


@contextmanager
def history_held(record: models.Model) -> Iterator[None]:
    """No history entry for ``record``'s changes inside the block (its m2m additions, its saves): the
    caller writes one afterwards. Set by name, as above."""
    setattr(record, _SKIP, True)
    try:
        yield
    finally:
        delattr(record, _SKIP)
