"""What the demo (manage.py seed_demo) is made of: its accounts, associations, names and the weights of its story,
and the one helper that gives the story its past."""

import random
from datetime import datetime

from django.utils import timezone

from associations.enums import StaffRole
from matching.enums import RequestState
from matching.models import (
    CheckIn,
    ContactAttempt,
    Goal,
    Mentorship,
    MentorshipTransition,
    MentorTransition,
    RequestTransition,
    RoutingDecision,
    SessionLog,
    StaffNote,
    TrainingRegistrationTransition,
    YouthRequest,
)
from matching.services.pairing import DEFAULT_DURATION

DEMO_PASSWORD = "demo-mentorat-2026"
DEMO_DOMAIN = "demo.1jeune1mentor.example"
# The authenticator-app secret of every demo staff account and the demo administrator (two-factor authentication
# is required of them): add it by hand to an authenticator app (or `oathtool --totp -b SECRET`). Public, like the
# password: demo data only.
DEMO_TOTP_SECRET = "DEMOMENTORATUNJEUNEUNMENTORDEMO2"

DEMO_USERS = [
    # email, first name, last name, platform admin
    (f"admin@{DEMO_DOMAIN}", "Camille", "Admin", True),
    (f"coordination@{DEMO_DOMAIN}", "Nadia", "Coordinatrice", False),
    (f"mentor@{DEMO_DOMAIN}", "Thomas", "Mentor", False),
]
ASSOCIATIONS = [
    # slug, name, departments, remote, axes, min age, max age, minors, intake capacity, mentor capacity
    ("elan-idf", "Élan Jeunesse Île-de-France", ["75", "77", "78", "91", "92", "93", "94", "95"], False,
     ["education", "employment"], 11, 25, True, 90, 80),
    ("cap-avenir-rhone", "Cap Avenir Rhône", ["69", "01", "38", "42"], False, ["education"], 10, 20, True, 45, 50),
    ("premier-pas-pro-sud", "Premier Pas Pro Sud", ["13", "06", "83", "84"], False, ["employment"], 18, 29, False,
     40, 50),
    ("tremplin-hdf", "Tremplin Hauts-de-France", ["59", "62", "80", "02", "60"], False, ["education", "employment"],
     12, 29, True, 40, 50),
    ("passerelle-outre-mer", "Passerelle Outre-mer", ["971", "972", "973", "974", "976"], False,
     ["education", "employment"], 10, 29, True, 30, 50),
    ("mentorat-a-distance", "Mentorat à distance France", [], True, ["education", "employment"], 15, 29, True, 60,
     60),
]  # fmt: skip
# Staff: (email local part, first name, association slug, role); coordination@ works for two associations.
STAFF = [
    ("coordination", "Nadia", "elan-idf", StaffRole.COORDINATOR),
    ("coordination", "Nadia", "cap-avenir-rhone", StaffRole.COORDINATOR),
]
YOUTH_REQUESTS = 220
RECENT_REQUESTS = 0.65  # the share of requests made in the last month; the others spread over the past year
# The platform administrators' monthly targets (intake, matches, completions), from a year ago.
MONTHLY_TARGET = {"intake": 25, "matches": 5, "completions": 2}
MENTOR_APPLICATIONS = 85
# After the applications above, each association's team of mentors is completed so that suggestions and the batch
# preview look like a real association's: active mentors, and a few at the training step (background check
# declared) who register to the training sessions.
ACTIVE_MENTORS_PER_ASSOCIATION = 25
CHECKED_MENTORS_PER_ASSOCIATION = 4
# Where each association's team comes from: a postal code of its territory; the remote association's mentors live
# where no association meets in person, and meet remotely.
TEAM_POSTAL_CODES = {
    "elan-idf": ["75011", "75019", "93200", "92000", "94000"],
    "cap-avenir-rhone": ["69003", "69120", "38000"],
    "premier-pas-pro-sud": ["13003", "06000"],
    "tremplin-hdf": ["59000", "62300"],
    "passerelle-outre-mer": ["97110", "97400", "97600"],
    "mentorat-a-distance": ["33000", "35000", "63000"],
}
# Each association's training sessions: (days from now, hour, seats, remote, cancelled); a past one has its
# attendance marked, the next one its registrations.
TRAINING_SESSIONS = [(-6, 18, 10, False, False), (9, 18, 12, False, False), (30, 10, 15, True, False)]
CANCELLED_TRAINING = (16, 18, 10, False, True)
TRAINERS = ["Inès Dubois, formatrice", "Paul Lemaire, formateur", "Équipe formation de l'association"]

FIRST_NAMES = [
    "Léa", "Yanis", "Inès", "Lucas", "Aïcha", "Hugo", "Chloé", "Mamadou", "Jade", "Noah", "Sarah", "Adam",
    "Manon", "Rayan", "Emma", "Ilyes", "Lina", "Théo", "Fatou", "Nathan", "Zoé", "Kylian", "Maëlys", "Samir",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Diallo", "Petit", "Nguyen", "Moreau", "Benali", "Lefèvre", "Traoré", "Garcia",
    "Rousseau", "Haddad", "Fontaine", "Mercier", "Kone", "Girard", "Lambert", "Bonnet", "Da Silva", "Chevalier",
]  # fmt: skip
POSTAL_CODES = [
    ("75011", "Paris"), ("75019", "Paris"), ("93200", "Saint-Denis"), ("92000", "Nanterre"), ("94000", "Créteil"),
    ("69003", "Lyon"), ("69120", "Vaulx-en-Velin"), ("38000", "Grenoble"), ("13003", "Marseille"), ("06000", "Nice"),
    ("59000", "Lille"), ("62300", "Lens"), ("97110", "Pointe-à-Pitre"), ("97400", "Saint-Denis"),
    ("97600", "Mamoudzou"), ("33000", "Bordeaux"), ("35000", "Rennes"), ("20000", "Ajaccio"),
    ("63000", "Clermont-Ferrand"),
]  # fmt: skip
DESCRIPTIONS = [
    "Je suis en seconde et je ne sais pas quelle filière choisir.",
    "J'aimerais de l'aide pour préparer Parcoursup et mes lettres de motivation.",
    "Je cherche une alternance dans le numérique depuis trois mois, sans réponse.",
    "Je voudrais reprendre confiance en moi, j'ai décroché l'an dernier.",
    "Je cherche mon premier emploi après mon BTS et je ne connais personne dans le métier.",
    "Je veux me reconvertir dans le social mais je ne sais pas par où commencer.",
]
# How far each request gets once routed (weights), and each mentor application.
REQUEST_OUTCOMES = [
    (RequestState.ROUTED, 30), (RequestState.IN_REVIEW, 15), (RequestState.CONTACTED, 15),
    (RequestState.ACCEPTED, 20), (RequestState.DECLINED, 8), ("redirected", 5), (RequestState.WITHDRAWN, 7),
]  # fmt: skip
SESSION_TOPICS = [
    "Point sur les cours et l'organisation du travail.",
    "Préparation d'un entretien.",
    "Recherche de stages, relecture du CV.",
    "Découverte de métiers, échanges sur l'orientation.",
]
# How far each pairing gets (weights).
PAIR_FATES = {"proposed": 1, "mentor_accepted": 1, "active": 5, "completed": 2, "ended_early": 1}
OLD_PAIR_FATES = {"active": 1, "completed": 4, "ended_early": 1}  # youths accepted more than seven months ago


GOALS = ["Choisir une filière", "Préparer trois candidatures", "Trouver un stage de découverte"]
CHECK_IN_COMMENTS = [
    "",
    "",
    "Tout se passe bien.",
    "Les séances m'aident beaucoup.",
    "Difficile de trouver des créneaux.",
]
# What each step of the demo's story stamps with the real clock, by subject: (model, field pointing to the subject,
# timestamp fields). history_backdate moves those to the moment the story gives the step.
STAMPED = {
    "request": [
        (YouthRequest, "pk", ["routed_at", "closed_at"]),
        (RequestTransition, "request", ["created_at"]),
        (RoutingDecision, "request", ["created_at"]),
        (ContactAttempt, "request", ["created_at"]),
        (StaffNote, "request", ["created_at"]),
    ],
    "mentor": [(MentorTransition, "mentor", ["created_at"]), (RoutingDecision, "mentor", ["created_at"])],
    "registration": [(TrainingRegistrationTransition, "registration", ["created_at"])],
    "mentorship": [
        (Mentorship, "pk", ["created_at", "ended_at"]),
        (MentorshipTransition, "mentorship", ["created_at"]),
        (SessionLog, "mentorship", ["created_at"]),
        (Goal, "mentorship", ["created_at"]),
        (CheckIn, "mentorship", ["asked_at", "answered_at"]),
    ],
}


def pick(rng: random.Random, choices, low=1, high=3):
    values = [c.value for c in choices] if hasattr(choices, "__members__") else list(choices)
    return sorted(rng.sample(values, rng.randint(low, min(high, len(values)))))


def history_backdate(*, at: datetime, since: datetime, **subjects) -> None:
    """Move what the services stamped with the real clock since ``since`` (when this run started) for each of
    ``request=``, ``mentor=``, ``registration=``, ``mentorship=`` to ``at``. A confirmed mentorship's start (today)
    moves to ``at``'s date, its planned end with it. Called after each step: only that step's stamps are still later
    than ``since``."""
    for kind, subject in subjects.items():
        for model, key, fields in STAMPED[kind]:
            for name in fields:
                model.objects.filter(**{key: subject.pk, f"{name}__gt": since}).update(**{name: at})
        if kind == "mentorship":
            start = timezone.localdate(at)
            Mentorship.objects.filter(pk=subject.pk, started_on__gte=timezone.localdate(since)).update(
                started_on=start, planned_end_on=start + DEFAULT_DURATION
            )
