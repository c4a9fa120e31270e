"""The matching app's notifications, one class per e-mail (accounts/notifications.py explains the machinery and the
essential / non-essential split), and how its recipients are reached.

Essential (always sent): the youth's tracking link, a parent's consent request and the youth's news of it, a request
routed, accepted, redirected or declined, each step of a mentor's vetting, a pairing proposed to a mentor or to
confirm by the youth, a pairing with a minor held for lack of a valid background check.
Non-essential (reminders and digests; off for whoever turned them off): the coordinators' morning digest, the monthly
reminder to log a session, the invitations to answer a check-in.
"""

from accounts.notifications import Notification, Recipient

from .models import YouthRequest


def youth_recipient(request: YouthRequest) -> Recipient:
    """A youth, by the address of their request; reminders as they chose through their tracking link."""
    return Recipient(
        email=request.email, language=request.language, accepts_non_essential=request.accepts_non_essential_emails
    )


def parent_recipient(request: YouthRequest) -> Recipient:
    """A youth's parent or guardian: only ever sent essential e-mails (their consent)."""
    return Recipient(email=request.parent_email, language=request.language)


# --- requests ------------------------------------------------------------------------------------------------------
class RequestReceived(Notification):
    template_prefix = "matching/requests/emails/request_received"


class ParentConsentAsked(Notification):
    template_prefix = "matching/requests/emails/parent_consent"


class ParentConsentGiven(Notification):
    template_prefix = "matching/requests/emails/parent_consent_given"


# --- routing and review --------------------------------------------------------------------------------------------
class RequestRouted(Notification):
    template_prefix = "matching/routing/emails/request_routed"


class RequestAccepted(Notification):
    template_prefix = "matching/review/emails/request_accepted"


class RequestRedirected(Notification):
    template_prefix = "matching/review/emails/request_redirected"


class RequestDeclined(Notification):
    template_prefix = "matching/review/emails/request_declined"


# --- vetting -------------------------------------------------------------------------------------------------------
class MentorStep(Notification):
    template_prefix = "matching/vetting/emails/mentor_step"


class MinorsHeld(Notification):
    template_prefix = "matching/vetting/emails/minors_held"


# --- pairing -------------------------------------------------------------------------------------------------------
class MentorshipProposed(Notification):
    template_prefix = "matching/pairing/emails/mentorship_proposed"


class MentorshipToConfirm(Notification):
    template_prefix = "matching/pairing/emails/mentorship_to_confirm"


# --- follow-up -----------------------------------------------------------------------------------------------------
class CoordinatorDigest(Notification):
    template_prefix = "matching/follow_up/emails/coordinator_digest"
    essential = False


class SessionReminder(Notification):
    """The monthly reminder to a mentor who has not logged a session this month."""

    template_prefix = "matching/follow_up/emails/session_reminder"
    essential = False


class CheckInYouth(Notification):
    """A youth invited to answer a check-in (also waiting on their tracking page)."""

    template_prefix = "matching/follow_up/emails/check_in_youth"
    essential = False


class CheckInMentor(Notification):
    """A mentor invited to answer a check-in (also waiting in Mon espace)."""

    template_prefix = "matching/follow_up/emails/check_in_mentor"
    essential = False
