from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'association")
    COORDINATOR = "coordinator", _("Coordinateur")


class ServedAxis(models.TextChoices):
    EDUCATION = "education", _("Éducation")
    EMPLOYMENT = "employment", _("Emploi")


class AccessAction(models.TextChoices):
    """What a staff member or administrator did with a person's data (the access log)."""

    VIEW = "view", _("Consultation de la fiche")
    EXPORT = "export", _("Export")
    CSV = "csv", _("Export CSV")
    API = "api", _("Consultation par l'API")


class AccessSubject(models.TextChoices):
    YOUTH_REQUEST = "youth_request", _("Demande d'un jeune")
    MENTOR = "mentor", _("Mentor")
    # A whole list at once (a CSV export): no single person's number.
    ALL_REQUESTS = "all_requests", _("Toutes les demandes")
    ALL_MENTORS = "all_mentors", _("Tous les mentors")
    ALL_MENTORSHIPS = "all_mentorships", _("Tous les binômes")
    ALL_SESSIONS = "all_sessions", _("Toutes les séances")
    ALL_CHECK_INS = "all_check_ins", _("Tous les points d'étape")
