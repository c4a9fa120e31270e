"""The matching app's models, one module per concern (requests, routing, review, vetting, pairing, follow_up)."""

from .common import BACKGROUND_CHECK_EXPIRED, BACKGROUND_CHECK_VALIDITY, LabelsMixin
from .follow_up import Alert, AlertNote, AlertTransition, CheckIn, Concern, Goal, SessionLog
from .pairing import MentorPoolVersion, Mentorship, MentorshipTransition, last_contact
from .platform import MonthlyTarget
from .requests import RequestTransition, YouthRequest, YouthRequestQuerySet
from .review import ContactAttempt, StaffNote
from .routing import RoutingDecision
from .vetting import (
    MentorProfile,
    MentorTransition,
    TrainingRegistration,
    TrainingRegistrationTransition,
    TrainingSession,
    background_check_expiry,
    background_check_valid_on,
)
from .webhooks import WebhookDelivery, WebhookSubscription

__all__ = [
    "BACKGROUND_CHECK_EXPIRED",
    "BACKGROUND_CHECK_VALIDITY",
    "Alert",
    "AlertNote",
    "AlertTransition",
    "CheckIn",
    "Concern",
    "ContactAttempt",
    "Goal",
    "LabelsMixin",
    "MentorPoolVersion",
    "MentorProfile",
    "MentorTransition",
    "Mentorship",
    "MentorshipTransition",
    "MonthlyTarget",
    "RequestTransition",
    "RoutingDecision",
    "SessionLog",
    "StaffNote",
    "TrainingRegistration",
    "TrainingRegistrationTransition",
    "TrainingSession",
    "WebhookDelivery",
    "WebhookSubscription",
    "YouthRequest",
    "YouthRequestQuerySet",
    "background_check_expiry",
    "background_check_valid_on",
    "last_contact",
]
