from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import AccessAction, AccessSubject, StaffRole


class AssociationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_member(self, user):
        return self.filter(memberships__user=user) if user.is_authenticated else self.none()


class Association(models.Model):
    """A partner association: the territory and needs it covers, the room it has."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True)
    description = models.TextField(_("présentation"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact"))
    contact_phone = models.CharField(_("téléphone de contact"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    departments = models.JSONField(_("départements couverts"), default=list, blank=True)
    remote_national = models.BooleanField(
        _("à distance, partout en France"),
        default=False,
        help_text=_("Accompagne à distance des jeunes de tout le territoire."),
    )
    axes = models.JSONField(_("axes"), default=list)
    min_age = models.PositiveSmallIntegerField(
        _("âge minimum"), default=10, validators=[MinValueValidator(10), MaxValueValidator(29)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("âge maximum"), default=29, validators=[MinValueValidator(10), MaxValueValidator(29)]
    )
    takes_minors = models.BooleanField(_("accompagne des mineurs"), default=True)
    intake_capacity = models.PositiveIntegerField(
        _("capacité d'accueil"), default=50, help_text=_("Demandes de jeunes ouvertes qu'elle peut suivre à la fois.")
    )
    mentor_capacity = models.PositiveIntegerField(
        _("capacité mentors"), default=50, help_text=_("Candidatures de mentors qu'elle peut suivre à la fois.")
    )
    matching_weights = models.JSONField(
        _("poids des critères de mise en relation"),
        default=dict,
        blank=True,
        help_text=_("Critère → poids ; un critère absent garde son poids par défaut."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="association_age_range"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("matching:request_queue", kwargs={"association": self.slug})


class StaffMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=16, choices=StaffRole.choices, default=StaffRole.COORDINATOR)
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)

    class Meta:
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("membres des équipes")
        ordering = ["association__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "association"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.association} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        return self.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An invitation to join an association's staff, sent by e-mail; the token is stored hashed."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=16, choices=StaffRole.choices, default=StaffRole.COORDINATOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.association}"


class AccessRecord(models.Model):
    """One look at a person's data by staff or a platform administrator: who, when, what (the access log).

    The person is named by kind and id only (the log outlives an erasure without keeping anyone's name); the
    association's admins read their association's entries; entries are deleted after ACCESS_LOG_RETENTION
    (associations/services.py)."""

    at = models.DateTimeField(_("le"), default=timezone.now)
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.CASCADE, related_name="access_records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_email = models.EmailField(_("par"))  # kept when the account is deleted
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    subject = models.CharField(_("fiche"), max_length=16, choices=AccessSubject.choices)
    subject_id = models.PositiveBigIntegerField(_("numéro"), null=True, blank=True)  # none for a whole list

    class Meta:
        verbose_name = _("accès aux données")
        verbose_name_plural = _("journal des accès")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["association", "-at"], name="access_record_association_idx"),
            models.Index(fields=["at"], name="access_record_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_email} {self.action} {self.subject}#{self.subject_id}"


class ApiKeyQuerySet(models.QuerySet):
    def usable(self):
        """Keys not revoked, of an active association, whose creator still has an active account and still works
        for the association (a call answers as its creator)."""
        still_staff = StaffMembership.objects.filter(
            association=models.OuterRef("association"), user=models.OuterRef("created_by")
        )
        return self.filter(
            models.Exists(still_staff),
            revoked_at__isnull=True,
            association__is_active=True,
            created_by__is_active=True,
        )


class ApiKey(models.Model):
    """An association's key to the REST API: shown once when created, only its hash kept; revoked at once."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("nom"), max_length=100, help_text=_("Pour vous y retrouver : l'outil qui l'utilise."))
    prefix = models.CharField(_("début de la clé"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("lecture seule"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
