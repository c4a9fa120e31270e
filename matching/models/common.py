"""What the models share: display helpers, constants and the transition log's base."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import (
    Actor,
    Availability,
    Language,
    MeetingMode,
    Sector,
)

BACKGROUND_CHECK_VALIDITY = timedelta(days=183)  # a declared background check is valid six months
BACKGROUND_CHECK_EXPIRED = _(
    "Une attestation vérifiée il y a plus de six mois n'est plus valide : demandez-en une récente au mentor."
)


def request_or_mentor_constraint(name: str) -> models.CheckConstraint:
    """For what belongs to a youth request or to a mentor application: exactly one of the two is set."""
    return models.CheckConstraint(
        condition=models.Q(request__isnull=False, mentor__isnull=True)
        | models.Q(request__isnull=True, mentor__isnull=False),
        name=name,
    )


def choice_labels(values: list[str], choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


class LabelsMixin:
    """The multiple-choice fields in words, for display."""

    @property
    def sector_labels(self):
        return choice_labels(self.sectors, Sector.choices)

    @property
    def meeting_mode_labels(self):
        return choice_labels(self.meeting_modes, MeetingMode.choices)

    @property
    def availability_labels(self):
        return choice_labels(self.availability, Availability.choices)

    @property
    def language_labels(self):
        return choice_labels(self.languages, Language.choices)


class TransitionLog(models.Model):
    """One change of state: who, from, to, why, when. Never edited. Each state machine has its own log, which adds
    the object it follows and the choices of its states."""

    actor = models.CharField(_("acteur"), max_length=16, choices=Actor.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.CharField(_("motif"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"
