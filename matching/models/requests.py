"""Youth requests and what the review leaves on them: transitions, routing decisions, contacts, notes."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from ..dates import ADULT_AGE, age_on
from ..enums import (
    OPEN_REQUEST_STATES,
    QUEUE_REQUEST_STATES,
    Axis,
    Need,
    RequestState,
    Situation,
)
from .common import LabelsMixin, TransitionLog


class YouthRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_REQUEST_STATES)

    def for_email(self, email: str):
        # lower(email), as in the partial unique index, so that PostgreSQL answers from that index.
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.strip().lower())


class YouthRequest(LabelsMixin, models.Model):
    """A young person's request for a mentor, made without an account and followed through a tracking link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The parent's consent link has its own id: a parent who lost it gets a new one without revoking the youth's
    # tracking link, and the reverse.
    parent_public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(_("statut"), max_length=32, choices=RequestState.choices)
    # No index of their own: youth_request_queue_idx starts with the association, and a request is claimed only
    # once routed, so claimed_by gets a partial index that new requests (unclaimed) never enter.
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="youth_requests", db_index=False
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_requests",
        db_index=False,
    )

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    birth_date = models.DateField(_("date de naissance"))
    postal_code = models.CharField(_("code postal"), max_length=5)
    department = models.CharField(_("département"), max_length=3)
    commune = models.CharField(_("commune"), max_length=100, blank=True)

    situation = models.CharField(_("situation actuelle"), max_length=16, choices=Situation.choices)
    axis = models.CharField(_("axe"), max_length=16, choices=Axis.choices)
    need = models.CharField(_("besoin"), max_length=16, choices=Need.choices)
    sectors = models.JSONField(_("secteurs d'intérêt"), default=list, blank=True)
    meeting_modes = models.JSONField(_("modes de rencontre"), default=list)
    availability = models.JSONField(_("disponibilités"), default=list)
    languages = models.JSONField(_("langues"), default=list)
    description = models.TextField(_("description"), max_length=2000)

    lives_in_qpv = models.BooleanField(_("habite un quartier prioritaire (QPV)"), null=True, blank=True)
    scholarship_holder = models.BooleanField(_("boursier"), null=True, blank=True)
    disability_recognised = models.BooleanField(_("reconnaissance de handicap"), null=True, blank=True)

    consent_version = models.CharField(_("version du texte de consentement"), max_length=20)
    consent_at = models.DateTimeField(_("consentement donné le"))
    parent_name = models.CharField(_("nom du parent ou tuteur"), max_length=200, blank=True)
    parent_email = models.EmailField(_("e-mail du parent ou tuteur"), blank=True)
    parent_consent_at = models.DateTimeField(_("accord parental donné le"), null=True, blank=True)

    language = models.CharField(_("langue"), max_length=8, default=settings.LANGUAGE_CODE)
    # Reminders (the invitation to a check-in): turned off through the tracking link. Essential e-mails always go.
    accepts_non_essential_emails = models.BooleanField(_("rappels par e-mail"), default=True, db_default=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    routed_at = models.DateTimeField(_("confiée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    objects = YouthRequestQuerySet.as_manager()

    class Meta:
        # Indexes come with the queries that need them (the review queues): each one slows down every intake.
        verbose_name = _("demande de mentorat")
        verbose_name_plural = _("demandes de mentorat")
        ordering = ["-created_at"]
        indexes = [
            # The review queue: an association's requests in a state, oldest first.
            models.Index(fields=["association", "state", "routed_at"], name="youth_request_queue_idx"),
            # The queue's default page (the three queue states, oldest or newest first; the API's cursor too), read in
            # order from the index instead of sorting every waiting request of the association; it carries what the
            # queue's filters look at, so that their counts are read from the index alone.
            models.Index(
                fields=["association", "routed_at", "id"],
                name="youth_request_queue_order_idx",
                condition=models.Q(state__in=QUEUE_REQUEST_STATES),
                include=["first_name", "last_name", "email", "birth_date", "axis", "department", "claimed_by"],
            ),
            # The sweeper and the unrouted queue.
            models.Index(
                fields=["state", "submitted_at"],
                name="youth_request_pending_idx",
                condition=models.Q(state__in=[RequestState.SUBMITTED, RequestState.UNROUTED]),
            ),
            # "Claimed by me", and the SET NULL when a staff account is deleted.
            models.Index(
                fields=["claimed_by"], name="youth_request_claimed_by_idx", condition=models.Q(claimed_by__isnull=False)
            ),
        ]
        constraints = [
            # One open request per person (e-mail), enforced by the database even under double submission.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(state__in=OPEN_REQUEST_STATES),
                name="youth_request_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=RequestState.AWAITING_PARENT_CONSENT) | ~models.Q(parent_email=""),
                name="youth_request_parent_email_when_awaiting_consent",
            ),
            models.CheckConstraint(condition=models.Q(state__in=RequestState.values), name="youth_request_state"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name[:1]}. ({self.get_state_display()})"

    def age(self, on=None) -> int:
        return age_on(self.birth_date, on)

    def is_minor(self, on=None) -> bool:
        return self.age(on) < ADULT_AGE


class RequestTransition(TransitionLog):
    """One change of a youth request's state, with the association it was with."""

    request = models.ForeignKey(YouthRequest, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("de"), max_length=32, choices=RequestState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=32, choices=RequestState.choices)
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("association")
    )

    class Meta(TransitionLog.Meta):
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        indexes = [
            # The dashboard's median delays: an association's transitions to a state over twelve months.
            models.Index(fields=["association", "to_state", "created_at"], name="request_transition_delays_idx"),
        ]
