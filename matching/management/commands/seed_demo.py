"""Seed the demo data. Idempotent: running it again refreshes the same rows and creates nothing twice.

Demo accounts (password in the README), youth requests in every intake state and mentor applications, all
generated from a fixed random seed so that every machine shows the same living platform.
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching import consent
from matching.enums import (
    NEED_AXIS,
    Actor,
    Availability,
    Axis,
    Language,
    MeetingMode,
    MentorState,
    MentorType,
    Need,
    RequestState,
    Sector,
    Situation,
    Skill,
    WithdrawReason,
)
from matching.geography import department_for_postal_code
from matching.models import MentorProfile, RequestTransition, YouthRequest

DEMO_PASSWORD = "demo-mentorat-2026"
DEMO_DOMAIN = "demo.1jeune1mentor.fr"

DEMO_USERS = [
    # email, first name, last name, platform admin
    (f"admin@{DEMO_DOMAIN}", "Camille", "Admin", True),
    (f"coordination@{DEMO_DOMAIN}", "Nadia", "Coordinatrice", False),
    (f"mentor@{DEMO_DOMAIN}", "Thomas", "Mentor", False),
]
YOUTH_REQUESTS = 60
MENTOR_APPLICATIONS = 20

FIRST_NAMES = [
    "Léa", "Yanis", "Inès", "Lucas", "Aïcha", "Hugo", "Chloé", "Mamadou", "Jade", "Noah", "Sarah", "Adam",
    "Manon", "Rayan", "Emma", "Ilyes", "Lina", "Théo", "Fatou", "Nathan", "Zoé", "Kylian", "Maëlys", "Samir",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Diallo", "Petit", "Nguyen", "Moreau", "Benali", "Lefèvre", "Traoré", "Garcia",
    "Rousseau", "Haddad", "Fontaine", "Mercier", "Kone", "Girard", "Lambert", "Bonnet", "Da Silva", "Chevalier",
]  # fmt: skip
POSTAL_CODES = [
    ("75011", "Paris"), ("75019", "Paris"), ("93200", "Saint-Denis"), ("69003", "Lyon"), ("69120", "Vaulx-en-Velin"),
    ("13003", "Marseille"), ("59000", "Lille"), ("33000", "Bordeaux"), ("31000", "Toulouse"), ("44000", "Nantes"),
    ("67000", "Strasbourg"), ("20000", "Ajaccio"), ("20200", "Bastia"), ("97110", "Pointe-à-Pitre"),
    ("97400", "Saint-Denis"), ("97600", "Mamoudzou"), ("35000", "Rennes"), ("63000", "Clermont-Ferrand"),
]  # fmt: skip
DESCRIPTIONS = [
    "Je suis en seconde et je ne sais pas quelle filière choisir.",
    "J'aimerais de l'aide pour préparer Parcoursup et mes lettres de motivation.",
    "Je cherche une alternance dans le numérique depuis trois mois, sans réponse.",
    "Je voudrais reprendre confiance en moi, j'ai décroché l'an dernier.",
    "Je cherche mon premier emploi après mon BTS et je ne connais personne dans le métier.",
    "Je veux me reconvertir dans le social mais je ne sais pas par où commencer.",
]


def _pick(rng: random.Random, choices, low=1, high=3):
    values = [c.value for c in choices] if hasattr(choices, "__members__") else list(choices)
    return sorted(rng.sample(values, rng.randint(low, min(high, len(values)))))


class Command(BaseCommand):
    help = "Create or refresh the demo accounts and data (all demo accounts share the password in the README)."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        for email, first_name, last_name, is_admin in DEMO_USERS:
            self._user(email, first_name, last_name, is_admin=is_admin)
        self._demo_mentor_profile(now)
        created_requests = sum(self._youth_request(n, now) for n in range(YOUTH_REQUESTS))
        created_mentors = sum(self._mentor(n, now) for n in range(MENTOR_APPLICATIONS))
        self.stdout.write(
            f"demo accounts refreshed; {created_requests} youth requests and {created_mentors} mentor applications "
            f"created ({YouthRequest.objects.count()} requests, {MentorProfile.objects.count()} mentors in all)"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready; password for every demo account: {DEMO_PASSWORD}"))

    def _user(self, email, first_name, last_name, *, is_admin=False):
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _demo_mentor_profile(self, now):
        user = User.objects.get(email=f"mentor@{DEMO_DOMAIN}")
        if not MentorProfile.objects.filter(user=user).exists():
            self._profile(user, random.Random("mentor"), now)

    def _youth_request(self, n: int, now) -> bool:
        rng = random.Random(n)
        email = f"jeune{n:03d}@{DEMO_DOMAIN}"
        if YouthRequest.objects.filter(email=email).exists():
            return False
        age = rng.randint(11, 29)
        created = now - timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
        birth = (created - timedelta(days=age * 365 + rng.randint(10, 300))).date()
        under_15 = age < consent.PARENT_CONSENT_UNDER_AGE
        state = RequestState.SUBMITTED
        if under_15 and rng.random() < 0.4:
            state = RequestState.AWAITING_PARENT_CONSENT
        elif rng.random() < 0.1:
            state = RequestState.WITHDRAWN
        need = rng.choice([Need.SCHOOLING, Need.ORIENTATION] if age < 18 else [Need.ORIENTATION, *list(NEED_AXIS)[2:]])
        postal_code, commune = rng.choice(POSTAL_CODES)
        situation = Situation.PUPIL if age < 18 else rng.choice(list(Situation)[1:])
        request = YouthRequest.objects.create(
            state=state,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=email,
            phone=f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
            birth_date=birth,
            postal_code=postal_code,
            department=department_for_postal_code(postal_code),
            commune=commune,
            situation=situation,
            need=need,
            axis=NEED_AXIS[need],
            sectors=_pick(rng, Sector, 0, 3),
            meeting_modes=_pick(rng, MeetingMode, 1, 3),
            availability=_pick(rng, Availability, 1, 2),
            languages=sorted({Language.FR.value, *_pick(rng, [Language.EN, Language.AR, Language.ES], 0, 1)}),
            description=rng.choice(DESCRIPTIONS),
            lives_in_qpv=rng.choice([True, False, None]),
            scholarship_holder=rng.choice([True, False, None]),
            disability_recognised=rng.choice([False, None]),
            consent_version=consent.YOUTH_CONSENT_VERSION,
            consent_at=created,
            parent_name="Parent de démonstration" if under_15 else "",
            parent_email=f"parent{n:03d}@{DEMO_DOMAIN}" if under_15 else "",
            parent_consent_at=created + timedelta(hours=5) if under_15 and state != "awaiting_parent_consent" else None,
            language=rng.choice(["fr", "fr", "fr", "en"]),
            created_at=created,
            submitted_at=None if state == RequestState.AWAITING_PARENT_CONSENT else created,
            closed_at=created + timedelta(days=2) if state == RequestState.WITHDRAWN else None,
        )
        previous = RequestState.AWAITING_PARENT_CONSENT if under_15 else RequestState.SUBMITTED
        steps = []
        if under_15 and state != RequestState.AWAITING_PARENT_CONSENT:
            steps.append((RequestState.SUBMITTED, Actor.PARENT, created + timedelta(hours=5), ""))
        if state == RequestState.WITHDRAWN:
            steps.append((RequestState.WITHDRAWN, Actor.YOUTH, created + timedelta(days=2), WithdrawReason.FOUND_HELP))
        for to_state, actor, at, reason in steps:
            RequestTransition.objects.create(
                request=request, from_state=previous, to_state=to_state, actor=actor, reason=reason, created_at=at
            )
            previous = to_state
        return True

    def _mentor(self, n: int, now) -> bool:
        rng = random.Random(f"mentor-{n}")
        email = f"mentor{n:03d}@{DEMO_DOMAIN}"
        if User.objects.filter(email=email).exists():
            return False
        user = self._user(email, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        self._profile(user, rng, now)
        return True

    def _profile(self, user, rng: random.Random, now):
        postal_code, _ = rng.choice(POSTAL_CODES)
        mentor_type = rng.choice(list(MentorType))
        submitted = now - timedelta(days=rng.randint(0, 60))
        MentorProfile.objects.create(
            user=user,
            state=MentorState.SUBMITTED,
            mentor_type=mentor_type,
            organisation={"student": "Université de démonstration", "professional": "Entreprise de démonstration"}.get(
                mentor_type, ""
            ),
            sectors=_pick(rng, Sector, 1, 3),
            skills=_pick(rng, Skill, 1, 4),
            axes=_pick(rng, Axis, 1, 2),
            accepts_minors=rng.random() < 0.7,
            postal_code=postal_code,
            department=department_for_postal_code(postal_code),
            meeting_modes=_pick(rng, MeetingMode, 1, 3),
            availability=_pick(rng, Availability, 1, 2),
            languages=sorted({Language.FR.value, *_pick(rng, [Language.EN, Language.ES, Language.DE], 0, 1)}),
            capacity=rng.randint(1, 3),
            motivation="Transmettre ce que j'ai appris et aider un jeune à prendre confiance.",
            consent_version=consent.MENTOR_CONSENT_VERSION,
            consent_at=submitted,
            created_at=submitted,
            submitted_at=submitted,
        )
