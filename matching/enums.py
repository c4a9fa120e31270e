"""The vocabulary of intake and matching, and the state machines with their allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from associations.enums import ServedAxis


class Situation(models.TextChoices):
    PUPIL = "pupil", _("Collégien ou lycéen")
    STUDENT = "student", _("Étudiant")
    JOB_SEEKER = "job_seeker", _("En recherche d'emploi")
    EMPLOYED = "employed", _("En emploi")
    TRAINING = "training", _("En formation ou en apprentissage")
    NEET = "neet", _("Ni en études, ni en emploi, ni en formation")


# The two axes of the scheme, as associations declare what they serve.
Axis = ServedAxis


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
    UNROUTED = "unrouted", _("En attente d'une association")
    ROUTED = "routed", _("Confiée à une association")
    IN_REVIEW = "in_review", _("En cours d'examen")
    CONTACTED = "contacted", _("Premier contact pris")
    ACCEPTED = "accepted", _("Acceptée")
    MATCHED = "matched", _("Mentor trouvé")
    DECLINED = "declined", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")
    CLOSED = "closed", _("Accompagnement terminé")


# from -> allowed targets; the one place that says what may happen to a youth request. A redirection to another
# association is ROUTED -> ROUTED (or IN_REVIEW/CONTACTED -> ROUTED) with the association changed and logged.
REQUEST_TRANSITIONS = {
    RequestState.AWAITING_PARENT_CONSENT: {RequestState.SUBMITTED, RequestState.WITHDRAWN},
    RequestState.SUBMITTED: {RequestState.ROUTED, RequestState.UNROUTED, RequestState.WITHDRAWN},
    RequestState.UNROUTED: {RequestState.ROUTED, RequestState.DECLINED, RequestState.WITHDRAWN},
    RequestState.ROUTED: {RequestState.IN_REVIEW, RequestState.ROUTED, RequestState.DECLINED, RequestState.WITHDRAWN},
    RequestState.IN_REVIEW: {
        RequestState.CONTACTED,
        RequestState.ACCEPTED,
        RequestState.ROUTED,
        RequestState.DECLINED,
        RequestState.WITHDRAWN,
    },
    # Contacted -> contacted: another contact attempt may be logged (the state stays).
    RequestState.CONTACTED: {
        RequestState.CONTACTED,
        RequestState.ACCEPTED,
        RequestState.ROUTED,
        RequestState.DECLINED,
        RequestState.WITHDRAWN,
    },
    # Declined once accepted too: the youth cannot be reached any more, or no mentor can be found.
    RequestState.ACCEPTED: {RequestState.MATCHED, RequestState.DECLINED, RequestState.WITHDRAWN},
    # Back to "accepted" when a mentorship ends early and the youth still wants a mentor; closed when it is completed,
    # or ends early and the youth wants no other mentor.
    RequestState.MATCHED: {RequestState.ACCEPTED, RequestState.CLOSED, RequestState.WITHDRAWN},
    RequestState.DECLINED: set(),
    RequestState.WITHDRAWN: set(),
    RequestState.CLOSED: set(),
}
# Closed requests are deleted CLOSED_REQUEST_RETENTION after their closed_at (services/requests.py).
CLOSED_REQUEST_STATES = [RequestState.DECLINED, RequestState.WITHDRAWN, RequestState.CLOSED]
# A person has at most one open request: these states count as open.
OPEN_REQUEST_STATES = [state for state in RequestState if state not in CLOSED_REQUEST_STATES]
# Requests an association is working on: they take room in its intake capacity.
LOAD_REQUEST_STATES = [
    RequestState.ROUTED,
    RequestState.IN_REVIEW,
    RequestState.CONTACTED,
    RequestState.ACCEPTED,
    RequestState.MATCHED,
]
# States in which staff work a request (their queue's default view).
QUEUE_REQUEST_STATES = [RequestState.ROUTED, RequestState.IN_REVIEW, RequestState.CONTACTED]


class WithdrawReason(models.TextChoices):
    FOUND_HELP = "found_help", _("J'ai trouvé de l'aide ailleurs")
    NO_LONGER_NEEDED = "no_longer_needed", _("Je n'en ai plus besoin")
    SUBMITTED_BY_MISTAKE = "mistake", _("J'ai envoyé cette demande par erreur")
    PARENT_REFUSED = "parent_refused", _("Un parent n'a pas donné son accord")
    PARENT_WITHDREW = "parent_withdrew", _("Un parent a retiré son accord")
    OTHER = "other", _("Autre raison")


class DeclineReason(models.TextChoices):
    OUTSIDE_TERRITORY = "outside_territory", _("Hors du territoire couvert")
    AGE = "age", _("Âge hors du public accompagné")
    NOT_MENTORING = "not_mentoring", _("Le besoin ne relève pas du mentorat")
    UNREACHABLE = "unreachable", _("Injoignable après 3 tentatives")
    DUPLICATE = "duplicate", _("Demande en double")
    OTHER = "other", _("Autre raison")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Téléphone")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("En personne")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Joint")
    NO_ANSWER = "no_answer", _("Pas de réponse")
    MESSAGE_LEFT = "message_left", _("Message laissé")
    WRONG_DETAILS = "wrong_details", _("Coordonnées erronées")


class RoutingTrigger(models.TextChoices):
    SUBMISSION = "submission", _("Envoi de la demande")
    SWEEP = "sweep", _("Reprise automatique")
    COVERAGE_CHANGE = "coverage_change", _("Changement de couverture d'une association")
    ADMIN = "admin", _("Action d'un administrateur")
    REDIRECT = "redirect", _("Réorientation par une association")


class MentorState(models.TextChoices):
    SUBMITTED = "submitted", _("Candidature envoyée")
    CONTACTED = "contacted", _("Contacté")
    INTERVIEWED = "interviewed", _("Entretien passé")
    CHECKED = "checked", _("Attestation d'honorabilité déclarée")
    TRAINED = "trained", _("Formé")
    ACTIVE = "active", _("Mentor actif")
    PAUSED = "paused", _("En pause")
    REJECTED = "rejected", _("Candidature non retenue")


MENTOR_TRANSITIONS = {
    MentorState.SUBMITTED: {MentorState.CONTACTED, MentorState.REJECTED},
    MentorState.CONTACTED: {MentorState.INTERVIEWED, MentorState.REJECTED},
    MentorState.INTERVIEWED: {MentorState.CHECKED, MentorState.REJECTED},
    MentorState.CHECKED: {MentorState.TRAINED, MentorState.REJECTED},
    MentorState.TRAINED: {MentorState.ACTIVE, MentorState.REJECTED},
    MentorState.ACTIVE: {MentorState.PAUSED},
    MentorState.PAUSED: {MentorState.ACTIVE, MentorState.REJECTED},
    MentorState.REJECTED: set(),
}
QUEUE_MENTOR_STATES = [
    MentorState.SUBMITTED,
    MentorState.CONTACTED,
    MentorState.INTERVIEWED,
    MentorState.CHECKED,
    MentorState.TRAINED,
]
# Mentor applications an association is following: they take room in its mentor capacity.
LOAD_MENTOR_STATES = [s for s in MentorState if s != MentorState.REJECTED]


class TrainingRegistrationState(models.TextChoices):
    """A mentor's seat at a training session: registered, then present or absent (marked by staff), or given up."""

    REGISTERED = "registered", _("Inscrit")
    CANCELLED = "cancelled", _("Désinscrit")
    ATTENDED = "attended", _("Présent")
    ABSENT = "absent", _("Absent")


TRAINING_REGISTRATION_TRANSITIONS = {
    TrainingRegistrationState.REGISTERED: {
        TrainingRegistrationState.CANCELLED,
        TrainingRegistrationState.ATTENDED,
        TrainingRegistrationState.ABSENT,
    },
    # Registered again to the same session after giving it up.
    TrainingRegistrationState.CANCELLED: {TrainingRegistrationState.REGISTERED},
    # Marked absent by mistake: corrected, which records the training.
    TrainingRegistrationState.ABSENT: {TrainingRegistrationState.ATTENDED},
    TrainingRegistrationState.ATTENDED: set(),
}
# Registrations that hold a seat.
SEATED_REGISTRATION_STATES = [
    TrainingRegistrationState.REGISTERED,
    TrainingRegistrationState.ATTENDED,
    TrainingRegistrationState.ABSENT,
]


class MentorRejectReason(models.TextChoices):
    NOT_AVAILABLE = "not_available", _("Disponibilités insuffisantes")
    PROFILE = "profile", _("Profil ne correspondant pas au mentorat")
    NO_CHECK = "no_check", _("Attestation d'honorabilité non fournie")
    TRAINING = "training", _("Formation non suivie")
    WITHDREW = "withdrew", _("Le bénévole s'est désisté")
    OTHER = "other", _("Autre raison")


class MentorshipState(models.TextChoices):
    PROPOSED = "proposed", _("Proposé au mentor")
    MENTOR_ACCEPTED = "mentor_accepted", _("Accepté par le mentor")
    ACTIVE = "active", _("En cours")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Terminé")
    ENDED_EARLY = "ended_early", _("Arrêté avant terme")
    DECLINED = "declined", _("Refusé")
    CANCELLED = "cancelled", _("Annulé")


MENTORSHIP_TRANSITIONS = {
    MentorshipState.PROPOSED: {MentorshipState.MENTOR_ACCEPTED, MentorshipState.DECLINED, MentorshipState.CANCELLED},
    MentorshipState.MENTOR_ACCEPTED: {MentorshipState.ACTIVE, MentorshipState.DECLINED, MentorshipState.CANCELLED},
    MentorshipState.ACTIVE: {MentorshipState.PAUSED, MentorshipState.COMPLETED, MentorshipState.ENDED_EARLY},
    MentorshipState.PAUSED: {MentorshipState.ACTIVE, MentorshipState.ENDED_EARLY},
    MentorshipState.COMPLETED: set(),
    MentorshipState.ENDED_EARLY: set(),
    MentorshipState.DECLINED: set(),
    MentorshipState.CANCELLED: set(),
}
# A mentorship under way: sessions are logged, goals followed.
UNDER_WAY_MENTORSHIP_STATES = [MentorshipState.ACTIVE, MentorshipState.PAUSED]
# A mentorship in these states holds one of the mentor's places.
OPEN_MENTORSHIP_STATES = [
    MentorshipState.PROPOSED,
    MentorshipState.MENTOR_ACCEPTED,
    MentorshipState.ACTIVE,
    MentorshipState.PAUSED,
]


class ProposalDeclineReason(models.TextChoices):
    NOT_AVAILABLE = "not_available", _("Pas disponible en ce moment")
    PROFILE = "profile", _("Je ne me sens pas la bonne personne pour ce besoin")
    DISTANCE = "distance", _("Trop loin ou rencontres impossibles")
    OTHER = "other", _("Autre raison")


class Outcome(models.TextChoices):
    """How a completed mentorship ended, coded by axis."""

    STAYED_IN_SCHOOL = "stayed_in_school", _("Scolarité poursuivie")
    ORIENTATION_CHOSEN = "orientation_chosen", _("Orientation choisie")
    DIPLOMA = "diploma", _("Diplôme obtenu")
    INTERNSHIP = "internship", _("Stage trouvé")
    APPRENTICESHIP = "apprenticeship", _("Alternance trouvée")
    JOB = "job", _("Emploi trouvé")
    TRAINING = "training", _("Entrée en formation")
    NONE = "none", _("Pas de résultat de ce type")


OUTCOMES_BY_AXIS = {
    "education": [Outcome.STAYED_IN_SCHOOL, Outcome.ORIENTATION_CHOSEN, Outcome.DIPLOMA, Outcome.NONE],
    "employment": [Outcome.INTERNSHIP, Outcome.APPRENTICESHIP, Outcome.JOB, Outcome.TRAINING, Outcome.NONE],
}


class EndReason(models.TextChoices):
    LACK_OF_CONTACT = "lack_of_contact", _("Manque de contact")
    NEEDS_CHANGED = "needs_changed", _("Les besoins ont changé")
    MOVED = "moved", _("Déménagement")
    MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentor indisponible")
    INCIDENT = "incident", _("Incident")
    OTHER = "other", _("Autre raison")


class GoalStatus(models.TextChoices):
    TODO = "todo", _("À faire")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Atteint")


class AlertKind(models.TextChoices):
    """What an alert of the follow-up queue is about; the jobs, the check-ins and the concerns raise them."""

    SILENT_PAIR = "silent_pair", _("Binôme sans séance depuis 45 jours")
    SILENT_PAIR_ESCALATED = "silent_pair_escalated", _("Binôme sans séance depuis 60 jours")
    LOW_CHECKIN = "low_checkin", _("Point d'étape : satisfaction basse")
    CONTACT_WANTED = "contact_wanted", _("Demande de contact")
    CONCERN_REPORTED = "concern_reported", _("Inquiétude signalée par le jeune")
    MENTOR_CONCERN = "mentor_concern", _("Inquiétude signalée par le mentor")
    MENTOR_QUESTION = "mentor_question", _("Question du mentor")
    CHECK_EXPIRING = "check_expiring", _("Attestation d'honorabilité bientôt expirée")
    REQUEST_UNTOUCHED = "request_untouched", _("Demande sans suite depuis 7 jours")
    REQUEST_UNTOUCHED_ESCALATED = "request_untouched_escalated", _("Demande sans suite depuis 14 jours")
    SIX_MONTHS_REACHED = "six_months_reached", _("Six mois atteints : poursuivre ou clôturer")


# Kinds that are urgent whatever raises them (a youth's or a mentor's concern: someone may be at risk).
URGENT_ALERT_KINDS = [AlertKind.CONCERN_REPORTED, AlertKind.MENTOR_CONCERN]


class AlertState(models.TextChoices):
    OPEN = "open", _("Nouvelle")
    CLAIMED = "claimed", _("Prise en charge")
    RESOLVED = "resolved", _("Résolue")


# An alert is claimed by a coordinator (or taken over by another: claimed -> claimed), then resolved with a note.
ALERT_TRANSITIONS = {
    AlertState.OPEN: {AlertState.CLAIMED, AlertState.RESOLVED},
    # Back to open when its request is redirected to another association: nobody there has taken it on yet.
    AlertState.CLAIMED: {AlertState.OPEN, AlertState.CLAIMED, AlertState.RESOLVED},
    AlertState.RESOLVED: set(),
}
# Alerts still to be dealt with (the navigation's count, the queue's default view, one per dedup key).
OPEN_ALERT_STATES = [AlertState.OPEN, AlertState.CLAIMED]


class ConcernKind(models.TextChoices):
    CONCERN = "concern", _("Une inquiétude")
    QUESTION = "question", _("Une question")


# --- Check-ins: the youth and the mentor asked how it goes, 1, 3 and 6 months after the start ---------------------
CHECK_IN_MONTHS = (1, 3, 6)
LOW_SATISFACTION = 2  # a satisfaction at or below this raises an alert


class CheckInRespondent(models.TextChoices):
    YOUTH = "youth", _("Le jeune")
    MENTOR = "mentor", _("Le mentor")


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Chaque semaine")
    FORTNIGHTLY = "fortnightly", _("Toutes les deux semaines")
    MONTHLY = "monthly", _("Une fois par mois")
    LESS = "less", _("Moins d'une fois par mois")
    NOT_YET = "not_yet", _("Pas encore de rencontre")


class GoalsProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Pas encore de progrès")
    SOME = "some", _("Quelques progrès")
    GOOD = "good", _("De vrais progrès")
    REACHED = "reached", _("Objectifs atteints")


class Actor(models.TextChoices):
    YOUTH = "youth", _("Le jeune")
    PARENT = "parent", _("Un parent")
    MENTOR = "mentor", _("Le mentor")
    STAFF = "staff", _("L'association")
    SYSTEM = "system", _("La plateforme")


class WebhookEvent(models.TextChoices):
    """What an association may subscribe to; the one list (a new event is one line here and one call where it
    happens, through services/webhooks.py's webhook_event_emit)."""

    REQUEST_ROUTED = "request.routed", _("Nouvelle demande confiée à l'association")
    REQUEST_STATE_CHANGED = "request.state_changed", _("Changement de statut d'une demande")
    MENTOR_STATE_CHANGED = "mentor.state_changed", _("Changement de statut d'un mentor")
    MENTORSHIP_STATE_CHANGED = "mentorship.state_changed", _("Changement de statut d'un mentorat")
    ALERT_CREATED = "alert.created", _("Nouvelle alerte dans la file de suivi")


# The event of the "send a test event" button: not subscribed to, sent to one subscription on demand.
WEBHOOK_TEST_EVENT = "webhook.test"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    DELIVERED = "delivered", _("Livrée")
    FAILED = "failed", _("Échouée")


# --- What a page may offer: each action names an edge of a transition table ---------------------------------------
# action -> (the states it starts from, or None for any state; the state it leads to). An action is offered when
# the state is among its sources and the transition table allows its target from there.
REQUEST_ACTIONS = {
    "claim": (None, RequestState.IN_REVIEW),
    "contact": ([RequestState.IN_REVIEW, RequestState.CONTACTED], RequestState.CONTACTED),
    "accept": ([RequestState.IN_REVIEW, RequestState.CONTACTED], RequestState.ACCEPTED),
    "redirect": ([RequestState.ROUTED, RequestState.IN_REVIEW, RequestState.CONTACTED], RequestState.ROUTED),
    "decline": (
        [RequestState.ROUTED, RequestState.IN_REVIEW, RequestState.CONTACTED, RequestState.ACCEPTED],
        RequestState.DECLINED,
    ),
    # A mentor is suggested and proposed to an accepted youth, who is matched once the mentorship starts.
    "propose": ([RequestState.ACCEPTED], RequestState.MATCHED),
}
MENTOR_ACTIONS = {
    "contact": (None, MentorState.CONTACTED),
    "interview": (None, MentorState.INTERVIEWED),
    "check": (None, MentorState.CHECKED),
    "train": (None, MentorState.TRAINED),
    "activate": (None, MentorState.ACTIVE),
    "pause": (None, MentorState.PAUSED),
    "reject": (None, MentorState.REJECTED),
}
ALERT_ACTIONS = {
    "claim": (None, AlertState.CLAIMED),
    "resolve": (None, AlertState.RESOLVED),
}
MENTORSHIP_ACTIONS = {
    "answer": (None, MentorshipState.MENTOR_ACCEPTED),
    "confirm": ([MentorshipState.MENTOR_ACCEPTED], MentorshipState.ACTIVE),
    "cancel": (None, MentorshipState.CANCELLED),
    "pause": (None, MentorshipState.PAUSED),
    "resume": ([MentorshipState.PAUSED], MentorshipState.ACTIVE),
    "complete": (None, MentorshipState.COMPLETED),
    "end": (None, MentorshipState.ENDED_EARLY),
}


def _allowed(actions: dict, table: dict, state: str) -> set[str]:
    return {
        name
        for name, (sources, target) in actions.items()
        if (sources is None or state in sources) and target in table.get(state, ())
    }


def allowed_request_actions(state: str) -> set[str]:
    """The staff actions on a request in ``state``, as its transition table allows them."""
    return _allowed(REQUEST_ACTIONS, REQUEST_TRANSITIONS, state)


def allowed_mentor_actions(state: str) -> set[str]:
    return _allowed(MENTOR_ACTIONS, MENTOR_TRANSITIONS, state)


def allowed_mentorship_actions(state: str) -> set[str]:
    return _allowed(MENTORSHIP_ACTIONS, MENTORSHIP_TRANSITIONS, state)


def allowed_alert_actions(state: str) -> set[str]:
    return _allowed(ALERT_ACTIONS, ALERT_TRANSITIONS, state)
