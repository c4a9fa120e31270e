"""Notifications: one class per e-mail the platform sends, and who may turn which ones off.

A notification names its templates (``<template_prefix>_subject.txt``, ``_message.txt`` and, optionally,
``_message.html``, rendered in the recipient's language) and whether it is essential. Every one goes through the
outbox with an idempotency key: asking twice for the same event sends one e-mail.

Essential or not:
- **essential** (always sent, whatever the recipient chose): what a person must know to be safe or to follow what
  happens to them: a tracking link (and a new one after a lost link, to the youth or the parent), a parent's
  consent, a request routed, accepted, redirected or declined, a step of a mentor's vetting (a training session's
  invitation, change or cancellation among them), a pairing proposed or to confirm, a pairing held for lack of a
  background check, a background check about to expire, an alert to staff (a youth's or a mentor's concern among
  them), a mentor leaving (to their association), an invitation to a team, and every e-mail of the accounts
  themselves (an address to confirm, a password reset, a security notice: the ``Account*`` classes below);
- **non-essential** (not sent to whoever turned them off, in their account or, for a youth, through their tracking
  link): reminders and digests: the coordinators' morning digest, the monthly reminder to log a session, the
  invitation to answer a check-in (the check-in still waits on the youth's tracking page and in the mentor's space),
  the mentor's reminder of a silent pair and the six-month question to the pair (the alert still waits in the
  follow-up queue).

Each concern keeps its notifications next to its services (``matching/notifications.py``,
``associations/notifications.py``) and says there how to reach its recipients (``Recipient``). allauth's e-mails are
rendered by allauth (its templates, its context) and handed to ``send_rendered`` by the account adapter
(``accounts/adapter.py``).
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from .models import OutboundEmail, User
from .services import email_queue, email_queue_from_templates

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Where an e-mail goes, in which language, and whether its person accepts non-essential e-mails."""

    email: str
    language: str
    accepts_non_essential: bool = True

    @classmethod
    def for_user(cls, user: User) -> "Recipient":
        return cls(email=user.email, language=user.language, accepts_non_essential=user.accepts_non_essential_emails)


class Notification:
    """One kind of e-mail. Subclasses set ``template_prefix`` and, for reminders and digests, ``essential = False``;
    they are sent with ``Notification.send(to=..., event_key=..., context=...)``."""

    template_prefix: ClassVar[str]
    essential: ClassVar[bool] = True

    @classmethod
    def is_wanted_by(cls, recipient: Recipient) -> bool:
        return cls.essential or recipient.accepts_non_essential

    @classmethod
    def send(cls, *, to: Recipient, event_key: str, context: dict) -> OutboundEmail | None:
        """Queue this notification for ``to`` (in the outbox, sent after commit). None when it was already queued
        for this event, or when ``to`` turned off non-essential e-mails and this one is not essential."""
        if not cls.is_wanted_by(to):
            logger.info("notification.opted_out kind=%s event_key=%s", cls.__name__, event_key)
            return None
        return email_queue_from_templates(
            to=to.email,
            template_prefix=cls.template_prefix,
            context=context,
            language=to.language,
            event_key=event_key,
        )

    @classmethod
    def send_rendered(
        cls, *, to: Recipient, event_key: str, subject: str, body_text: str, body_html: str, template_prefix: str = ""
    ) -> OutboundEmail | None:
        """Queue this notification already rendered (by allauth): the same rules as ``send``."""
        if not cls.is_wanted_by(to):
            logger.info("notification.opted_out kind=%s event_key=%s", cls.__name__, event_key)
            return None
        return email_queue(
            to=to.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            language=to.language,
            template_prefix=template_prefix or cls.template_prefix,
            event_key=event_key,
        )

    @classmethod
    def already_sent(cls, *, event_key: str) -> bool:
        """Whether the outbox holds this event's e-mail (for dry runs, which must not write)."""
        return OutboundEmail.objects.filter(event_key=event_key).exists()


# --- allauth's e-mails: all essential (an account's address, its password, its security) ----------------------------

# The same e-mail to the same address within this window is one event (a form sent twice sends one e-mail); asked
# again later (a confirmation sent anew), it is another.
ACCOUNT_EMAIL_WINDOW_S = 300


def account_email_event_key(*, template_prefix: str, to: str, subject: str, body: str, now: datetime) -> str:
    """The idempotency key of an allauth e-mail: its kind, then a digest of its address, its content (whose links
    carry their own token) and the window it was asked in; the key names neither the address nor the token."""
    window = int(now.timestamp()) // ACCOUNT_EMAIL_WINDOW_S
    content = "\n".join([to.lower(), subject, body, str(window)])
    digest = hashlib.sha256(content.encode()).hexdigest()[:40]
    return f"account:{template_prefix.rsplit('/', 1)[-1]}:{digest}"


class AccountEmailConfirmation(Notification):
    template_prefix = "account/email/email_confirmation"


class AccountEmailConfirmationSignup(Notification):
    template_prefix = "account/email/email_confirmation_signup"


class AccountEmailConfirm(Notification):
    template_prefix = "account/email/email_confirm"


class AccountEmailChanged(Notification):
    template_prefix = "account/email/email_changed"


class AccountEmailDeleted(Notification):
    template_prefix = "account/email/email_deleted"


class AccountAlreadyExists(Notification):
    template_prefix = "account/email/account_already_exists"


class AccountUnknown(Notification):
    template_prefix = "account/email/unknown_account"


class AccountLoginCode(Notification):
    template_prefix = "account/email/login_code"


class AccountPasswordReset(Notification):
    template_prefix = "account/email/password_reset"


class AccountPasswordResetKey(Notification):
    template_prefix = "account/email/password_reset_key"


class AccountPasswordResetCode(Notification):
    template_prefix = "account/email/password_reset_code"


class AccountPasswordChanged(Notification):
    template_prefix = "account/email/password_changed"


class AccountPasswordSet(Notification):
    template_prefix = "account/email/password_set"


class AccountTotpActivated(Notification):
    template_prefix = "mfa/email/totp_activated"


class AccountTotpDeactivated(Notification):
    template_prefix = "mfa/email/totp_deactivated"


class AccountRecoveryCodesGenerated(Notification):
    template_prefix = "mfa/email/recovery_codes_generated"


class AccountWebauthnAdded(Notification):
    template_prefix = "mfa/email/webauthn_added"


class AccountWebauthnRemoved(Notification):
    template_prefix = "mfa/email/webauthn_removed"


ACCOUNT_EMAILS: dict[str, type[Notification]] = {
    notification.template_prefix: notification
    for notification in (
        AccountEmailConfirmation,
        AccountEmailConfirmationSignup,
        AccountEmailConfirm,
        AccountEmailChanged,
        AccountEmailDeleted,
        AccountAlreadyExists,
        AccountUnknown,
        AccountLoginCode,
        AccountPasswordReset,
        AccountPasswordResetKey,
        AccountPasswordResetCode,
        AccountPasswordChanged,
        AccountPasswordSet,
        AccountTotpActivated,
        AccountTotpDeactivated,
        AccountRecoveryCodesGenerated,
        AccountWebauthnAdded,
        AccountWebauthnRemoved,
    )
}


def account_email_notification(template_prefix: str) -> type[Notification]:
    """The notification of an allauth e-mail; one allauth added since (none known) still goes, essential, as the
    base Notification, and says so in the log."""
    notification = ACCOUNT_EMAILS.get(template_prefix)
    if notification is None:
        logger.warning("notification.unknown_account_email template=%s", template_prefix)
        return Notification
    return notification
