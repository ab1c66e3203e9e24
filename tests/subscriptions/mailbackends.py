"""Mail backends for the sending tests: real message files, plus a slow one and a failing one."""

import smtplib
import threading
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Takes a little while per message, as SMTP does, so that two concurrent runs overlap."""

    delay = 0.02

    def send_messages(self, messages):
        time.sleep(self.delay)
        return super().send_messages(messages)


class FailingFileBackend(EmailBackend):
    """Writes ``allowed`` messages, then refuses every other one, like a mail server going away."""

    allowed = 0
    _lock = threading.Lock()

    def send_messages(self, messages):
        with FailingFileBackend._lock:
            if FailingFileBackend.allowed <= 0:
                raise smtplib.SMTPServerDisconnected("the mail server went away")
            FailingFileBackend.allowed -= 1
        return super().send_messages(messages)
