"""The associations app's notifications (accounts/notifications.py explains the machinery)."""

from accounts.notifications import Notification


class Invitation(Notification):
    """An invitation to join an association's team: essential (it is what the person asked for)."""

    template_prefix = "associations/emails/invitation"
