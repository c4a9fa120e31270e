from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'association")
    COORDINATOR = "coordinator", _("Coordinateur")


class ServedAxis(models.TextChoices):
    EDUCATION = "education", _("Éducation")
    EMPLOYMENT = "employment", _("Emploi")
