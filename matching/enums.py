"""The vocabulary of intake and matching, and the state machines with their allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Situation(models.TextChoices):
    PUPIL = "pupil", _("Collégien ou lycéen")
    STUDENT = "student", _("Étudiant")
    JOB_SEEKER = "job_seeker", _("En recherche d'emploi")
    EMPLOYED = "employed", _("En emploi")
    TRAINING = "training", _("En formation ou en apprentissage")
    NEET = "neet", _("Ni en études, ni en emploi, ni en formation")


class Axis(models.TextChoices):
    EDUCATION = "education", _("Éducation")
    EMPLOYMENT = "employment", _("Emploi")


class Need(models.TextChoices):
    SCHOOLING = "schooling", _("Scolarité : garder le cap, reprendre confiance")
    ORIENTATION = "orientation", _("Orientation : choisir ses études ou sa voie")
    INTERNSHIP = "internship", _("Trouver un stage ou une alternance")
    FIRST_JOB = "first_job", _("Trouver un premier emploi")
    CAREER_CHANGE = "career_change", _("Changer de voie, se reconvertir")


NEED_AXIS = {
    Need.SCHOOLING: Axis.EDUCATION,
    Need.ORIENTATION: Axis.EDUCATION,
    Need.INTERNSHIP: Axis.EMPLOYMENT,
    Need.FIRST_JOB: Axis.EMPLOYMENT,
    Need.CAREER_CHANGE: Axis.EMPLOYMENT,
}


class Sector(models.TextChoices):
    DIGITAL = "digital", _("Numérique")
    HEALTH = "health", _("Santé")
    SOCIAL = "social", _("Social et éducation")
    COMMERCE = "commerce", _("Commerce et vente")
    INDUSTRY = "industry", _("Industrie")
    CONSTRUCTION = "construction", _("Bâtiment et travaux publics")
    HOSPITALITY = "hospitality", _("Hôtellerie et restauration")
    TRANSPORT = "transport", _("Transport et logistique")
    AGRICULTURE = "agriculture", _("Agriculture et environnement")
    CULTURE = "culture", _("Art, culture et médias")
    FINANCE = "finance", _("Banque, finance et droit")
    PUBLIC = "public", _("Fonction publique et armées")
    SPORT = "sport", _("Sport et animation")
    SCIENCE = "science", _("Sciences et recherche")


class Skill(models.TextChoices):
    STUDY_METHODS = "study_methods", _("Méthodes de travail")
    SCIENCES = "sciences", _("Soutien en sciences")
    LETTERS = "letters", _("Soutien en lettres et langues")
    ORIENTATION = "orientation", _("Orientation et Parcoursup")
    CV = "cv", _("CV et lettre de motivation")
    INTERVIEW = "interview", _("Préparer un entretien")
    NETWORK = "network", _("Réseau professionnel")
    ENTREPRENEURSHIP = "entrepreneurship", _("Création d'entreprise")
    DIGITAL_TOOLS = "digital_tools", _("Outils numériques")
    CONFIDENCE = "confidence", _("Confiance en soi")


class MeetingMode(models.TextChoices):
    REMOTE = "remote", _("À distance (visio, téléphone)")
    HOME = "home", _("Près de chez moi")
    SCHOOL = "school", _("Dans mon établissement scolaire")
    ASSOCIATION = "association", _("Dans les locaux de l'association")
    WORKPLACE = "workplace", _("Sur le lieu de travail du mentor")


class Availability(models.TextChoices):
    WEEKDAYS = "weekdays", _("En semaine, en journée")
    EVENINGS = "evenings", _("En soirée")
    WEEKENDS = "weekends", _("Le week-end")


class Language(models.TextChoices):
    FR = "fr", pgettext_lazy("spoken language", "Français")
    EN = "en", _("Anglais")
    AR = "ar", _("Arabe")
    ES = "es", _("Espagnol")
    PT = "pt", _("Portugais")
    DE = "de", _("Allemand")
    IT = "it", _("Italien")
    TR = "tr", _("Turc")
    RO = "ro", _("Roumain")
    ZH = "zh", _("Chinois")
    UK = "uk", _("Ukrainien")
    RU = "ru", _("Russe")
    LSF = "lsf", _("Langue des signes française")


class MentorType(models.TextChoices):
    STUDENT = "student", _("Étudiant")
    PROFESSIONAL = "professional", _("En activité")
    RETIREE = "retiree", _("Retraité")
    OTHER = "other", _("Autre")


class RequestState(models.TextChoices):
    AWAITING_PARENT_CONSENT = "awaiting_parent_consent", _("En attente de l'accord d'un parent")
    SUBMITTED = "submitted", _("Envoyée")
    WITHDRAWN = "withdrawn", _("Retirée")


# from -> allowed targets; the one place that says what may happen to a youth request.
REQUEST_TRANSITIONS = {
    RequestState.AWAITING_PARENT_CONSENT: {RequestState.SUBMITTED, RequestState.WITHDRAWN},
    RequestState.SUBMITTED: {RequestState.WITHDRAWN},
    RequestState.WITHDRAWN: set(),
}
# A person has at most one open request: these states count as open.
OPEN_REQUEST_STATES = [RequestState.AWAITING_PARENT_CONSENT, RequestState.SUBMITTED]


class WithdrawReason(models.TextChoices):
    FOUND_HELP = "found_help", _("J'ai trouvé de l'aide ailleurs")
    NO_LONGER_NEEDED = "no_longer_needed", _("Je n'en ai plus besoin")
    SUBMITTED_BY_MISTAKE = "mistake", _("J'ai envoyé cette demande par erreur")
    PARENT_REFUSED = "parent_refused", _("Un parent n'a pas donné son accord")
    OTHER = "other", _("Autre raison")


class MentorState(models.TextChoices):
    SUBMITTED = "submitted", _("Candidature envoyée")


MENTOR_TRANSITIONS = {
    MentorState.SUBMITTED: set(),
}


class Actor(models.TextChoices):
    YOUTH = "youth", _("Le jeune")
    PARENT = "parent", _("Un parent")
    MENTOR = "mentor", _("Le mentor")
    STAFF = "staff", _("L'association")
    SYSTEM = "system", _("La plateforme")
