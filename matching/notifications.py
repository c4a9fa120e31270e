"""The matching app's notifications, one class per e-mail (accounts/notifications.py explains the machinery and the
essential / non-essential split), and how its recipients are reached.

Essential (always sent): the youth's tracking link, and the new links after a lost one (to the youth and to the
parent), a parent's consent request and the youth's news of it, a request routed, accepted, redirected or declined,
each step of a mentor's vetting, including the training sessions (invitation, change, cancellation), a pairing
proposed to a mentor or to confirm by the youth, a pairing with a minor held for lack of a valid background check, a
mentor's background check about to expire while paired with a minor, an alert waiting in the follow-up queue (to
staff: a youth's or a mentor's concern among them), a mentor leaving the platform (to the association).
Non-essential (reminders and digests; off for whoever turned them off): the coordinators' morning digest, the monthly
reminder to log a session, the invitations to answer a check-in, the mentor's reminder of a silent pair, the question
to the mentor and to the youth at six months (the referent's alert still brings the pair together).
"""

from accounts.notifications import Notification, Recipient
from associations.models import Association

from .models import YouthRequest


def youth_recipient(request: YouthRequest) -> Recipient:
    """A youth, by the address of their request; reminders as they chose through their tracking link."""
    return Recipient(
        email=request.email, language=request.language, accepts_non_essential=request.accepts_non_essential_emails
    )


def parent_recipient(request: YouthRequest) -> Recipient:
    """A youth's parent or guardian: only ever sent essential e-mails (their consent)."""
    return Recipient(email=request.parent_email, language=request.language)


def association_recipient(association: Association) -> Recipient:
    """An association's contact address (a shared mailbox, in French): only ever sent essential e-mails."""
    return Recipient(email=association.contact_email, language="fr")


# --- requests ------------------------------------------------------------------------------------------------------
class RequestReceived(Notification):
    template_prefix = "matching/requests/emails/request_received"


class ParentConsentAsked(Notification):
    template_prefix = "matching/requests/emails/parent_consent"


class ParentConsentGiven(Notification):
    template_prefix = "matching/requests/emails/parent_consent_given"


class LinkReplaced(Notification):
    """A youth's new tracking link, after they said they lost it (the old one no longer works)."""

    template_prefix = "matching/requests/emails/link_replaced"


class ParentLinkReplaced(Notification):
    """A parent's new consent link, after they said they lost it (the old one no longer works)."""

    template_prefix = "matching/requests/emails/parent_link_replaced"


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


class TrainingInvitation(Notification):
    """A checked mentor invited to a training session, the step before their first mentorship."""

    template_prefix = "matching/vetting/emails/training_invitation"


class TrainingChanged(Notification):
    """A registered mentor told that their training session moved (time, length or place)."""

    template_prefix = "matching/vetting/emails/training_changed"


class TrainingCancelled(Notification):
    """A registered mentor told that their training session is cancelled."""

    template_prefix = "matching/vetting/emails/training_cancelled"


# --- pairing -------------------------------------------------------------------------------------------------------
class MentorshipProposed(Notification):
    template_prefix = "matching/pairing/emails/mentorship_proposed"


class MentorshipToConfirm(Notification):
    template_prefix = "matching/pairing/emails/mentorship_to_confirm"


# --- follow-up -----------------------------------------------------------------------------------------------------
class AlertRaised(Notification):
    """A staff member told that an alert waits for them in the follow-up queue (a youth may be at risk)."""

    template_prefix = "matching/follow_up/emails/alert_raised"


class CheckExpiring(Notification):
    """A mentor paired with a minor whose background check expires soon."""

    template_prefix = "matching/follow_up/emails/check_expiring"


class MentorLeft(Notification):
    """The association told that a mentor left the platform, ending or cancelling a mentorship."""

    template_prefix = "matching/follow_up/emails/mentor_left"


class SilentPair(Notification):
    """A mentor reminded that no session has been logged for weeks (the alert waits in the follow-up queue)."""

    template_prefix = "matching/follow_up/emails/silent_pair"
    essential = False


class SixMonthsMentor(Notification):
    """A mentor asked, six months in, whether to go on or close (the referent gets an alert)."""

    template_prefix = "matching/follow_up/emails/six_months_mentor"
    essential = False


class SixMonthsYouth(Notification):
    """A youth asked, six months in, whether to go on or close (the referent gets an alert)."""

    template_prefix = "matching/follow_up/emails/six_months_youth"
    essential = False


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
