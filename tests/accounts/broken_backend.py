import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import connection


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP down")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})


class OutsideTransactionBackend(MemoryBackend):
    """Refuses to send from inside a database transaction: a slow SMTP server must never hold one open."""

    def send_messages(self, email_messages):
        if connection.in_atomic_block:
            raise RuntimeError("SMTP call inside a database transaction")
        return super().send_messages(email_messages)
