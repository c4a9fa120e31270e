"""Forms of the matching app: validation only. What happens to valid data is the services' business."""

from .intake import MentorSignupForm, WithdrawForm, YouthRequestForm
from .mentorship import FeedbackForm, SessionLogForm
from .staff import (
    AcceptForm,
    BackgroundCheckForm,
    BulkActionForm,
    ContactAttemptForm,
    DeclineForm,
    MentorQueueFilterForm,
    MentorRejectForm,
    NoteForm,
    QueueFilterForm,
    RedirectForm,
    StepForm,
    TrainingForm,
)

__all__ = [
    "AcceptForm",
    "BackgroundCheckForm",
    "BulkActionForm",
    "ContactAttemptForm",
    "DeclineForm",
    "FeedbackForm",
    "MentorQueueFilterForm",
    "MentorRejectForm",
    "MentorSignupForm",
    "NoteForm",
    "QueueFilterForm",
    "RedirectForm",
    "SessionLogForm",
    "StepForm",
    "TrainingForm",
    "WithdrawForm",
    "YouthRequestForm",
]
