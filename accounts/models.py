from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EmailStatus


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: mentor, association staff or platform administrator. Young people need none."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Administrateur de la plateforme : accès à l'interface d'administration."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    # Reminders and digests (accounts/notifications.py says which e-mails are essential: those always go).
    # db_default: rows written by code that predates the column (a rolling deploy, older migrations) get it too.
    accepts_non_essential_emails = models.BooleanField(
        _("rappels et récapitulatifs par e-mail"),
        default=True,
        db_default=True,
        help_text=_("Les e-mails essentiels (sécurité, changements de statut) sont toujours envoyés."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.full_name_of(self.first_name, self.last_name, self.email)

    @staticmethod
    def full_name_of(first_name: str, last_name: str, email: str) -> str:
        """A person's name as the pages show it, from the account's values (its e-mail address when it has none)."""
        return f"{first_name} {last_name}".strip() or email

    def get_short_name(self):
        return self.first_name or self.email


class OutboundEmail(models.Model):
    """One e-mail, rendered in its recipient's language and kept until a worker has sent it (an outbox).

    ``event_key`` makes an event's e-mail unique: asking twice for the same event sends one e-mail.
    """

    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("langue"), max_length=8)
    template_prefix = models.CharField(_("modèle"), max_length=200)
    event_key = models.CharField(_("clé d'événement"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("statut"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    # When a worker took it for sending (status SENDING): a claim too old was left by a worker that died.
    claimed_at = models.DateTimeField(_("pris pour envoi le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail sortant")
        verbose_name_plural = _("e-mails sortants")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbound_email_status_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
