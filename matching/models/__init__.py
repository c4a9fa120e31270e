"""The matching app's models, by concern."""

from .common import BACKGROUND_CHECK_VALIDITY, LabelsMixin
from .mentors import MentorProfile, MentorTransition
from .mentorships import Goal, Mentorship, MentorshipTransition, SessionLog
from .requests import ContactAttempt, RequestTransition, RoutingDecision, StaffNote, YouthRequest, YouthRequestQuerySet

__all__ = [
    "BACKGROUND_CHECK_VALIDITY",
    "ContactAttempt",
    "Goal",
    "LabelsMixin",
    "MentorProfile",
    "MentorTransition",
    "Mentorship",
    "MentorshipTransition",
    "RequestTransition",
    "RoutingDecision",
    "SessionLog",
    "StaffNote",
    "YouthRequest",
    "YouthRequestQuerySet",
]
