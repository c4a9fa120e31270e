"""Seed the demo data. Idempotent: running it again refreshes the accounts and creates nothing twice.

Demo accounts (password in the README), six partner associations with their staff, youth requests spread over
every state of the review queue and mentor applications over every vetting step, all generated from a fixed
random seed (routing decided by the real routing rules), so that every machine shows the same living platform.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from associations.enums import StaffRole
from associations.geography import department_for_commune, department_for_postal_code
from associations.models import Association, StaffMembership
from matching import consent, routing, scoring
from matching.enums import (
    LOAD_MENTOR_STATES,
    LOAD_REQUEST_STATES,
    NEED_AXIS,
    OUTCOMES_BY_AXIS,
    Actor,
    Availability,
    Axis,
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    Language,
    MeetingMode,
    MentorRejectReason,
    MentorshipState,
    MentorState,
    MentorType,
    Need,
    RequestState,
    RoutingTrigger,
    Sector,
    Situation,
    Skill,
    WithdrawReason,
)
from matching.models import (
    ContactAttempt,
    MentorProfile,
    Mentorship,
    MentorshipTransition,
    MentorTransition,
    RequestTransition,
    SessionLog,
    StaffNote,
    YouthRequest,
)
from matching.services.routing import routing_decision_record

DEMO_PASSWORD = "demo-mentorat-2026"
DEMO_DOMAIN = "demo.1jeune1mentor.fr"

DEMO_USERS = [
    # email, first name, last name, platform admin
    (f"admin@{DEMO_DOMAIN}", "Camille", "Admin", True),
    (f"coordination@{DEMO_DOMAIN}", "Nadia", "Coordinatrice", False),
    (f"mentor@{DEMO_DOMAIN}", "Thomas", "Mentor", False),
]
ASSOCIATIONS = [
    # slug, name, departments, remote, axes, min age, max age, minors, intake capacity, mentor capacity
    ("elan-idf", "Élan Jeunesse Île-de-France", ["75", "77", "78", "91", "92", "93", "94", "95"], False,
     ["education", "employment"], 11, 25, True, 90, 40),
    ("cap-avenir-rhone", "Cap Avenir Rhône", ["69", "01", "38", "42"], False, ["education"], 10, 20, True, 45, 20),
    ("premier-pas-pro-sud", "Premier Pas Pro Sud", ["13", "06", "83", "84"], False, ["employment"], 18, 29, False,
     40, 20),
    ("tremplin-hdf", "Tremplin Hauts-de-France", ["59", "62", "80", "02", "60"], False, ["education", "employment"],
     12, 29, True, 40, 20),
    ("passerelle-outre-mer", "Passerelle Outre-mer", ["971", "972", "973", "974", "976"], False,
     ["education", "employment"], 10, 29, True, 30, 15),
    ("mentorat-a-distance", "Mentorat à distance France", [], True, ["education", "employment"], 15, 29, True, 60,
     30),
]  # fmt: skip
# Staff: (email local part, first name, association slug, role); coordination@ works for two associations.
STAFF = [
    ("coordination", "Nadia", "elan-idf", StaffRole.COORDINATOR),
    ("coordination", "Nadia", "cap-avenir-rhone", StaffRole.COORDINATOR),
]
YOUTH_REQUESTS = 220
MENTOR_APPLICATIONS = 85

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
MENTOR_PATH = [MentorState.CONTACTED, MentorState.INTERVIEWED, MentorState.CHECKED, MentorState.TRAINED,
               MentorState.ACTIVE]  # fmt: skip


def _pick(rng: random.Random, choices, low=1, high=3):
    values = [c.value for c in choices] if hasattr(choices, "__members__") else list(choices)
    return sorted(rng.sample(values, rng.randint(low, min(high, len(values)))))


class Command(BaseCommand):
    help = "Create or refresh the demo accounts and data (all demo accounts share the password in the README)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="Seed even though DEBUG is off (a staging or trial instance): the accounts' password is public.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not (settings.DEBUG or options["i_know_this_is_not_production"]):
            raise CommandError(
                "seed_demo creates a superuser whose password is published in the README: it runs only with DEBUG "
                "on, or with --i-know-this-is-not-production on an instance that is not public."
            )
        self.now = timezone.now()
        self.password_hash = make_password(DEMO_PASSWORD)
        for email, first_name, last_name, is_admin in DEMO_USERS:
            self._user(email, first_name, last_name, is_admin=is_admin)
        self.associations = [self._association(*row) for row in ASSOCIATIONS]
        self.staff = {association.pk: self._staff(association) for association in self.associations}
        self.request_loads = self._loads(YouthRequest, LOAD_REQUEST_STATES)
        self.mentor_loads = self._loads(MentorProfile, LOAD_MENTOR_STATES)
        self._demo_mentor_profile()
        created_requests = sum(self._youth_request(n) for n in range(YOUTH_REQUESTS))
        created_mentors = sum(self._mentor(n) for n in range(MENTOR_APPLICATIONS))
        created_pairs = 0 if Mentorship.objects.exists() else self._mentorships()
        self.stdout.write(
            f"demo accounts refreshed; {len(self.associations)} associations; {created_requests} youth requests and "
            f"{created_mentors} mentor applications and {created_pairs} mentorships created "
            f"({YouthRequest.objects.count()} requests, {MentorProfile.objects.count()} mentors in all)"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready; password for every demo account: {DEMO_PASSWORD}"))

    # --- accounts and associations ------------------------------------------------------------------------------

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
        user.password = self.password_hash  # hashed once: a hundred demo accounts would take half a minute
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _association(self, slug, name, departments, remote, axes, min_age, max_age, minors, capacity, mentors):
        association, _ = Association.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": f"{name} accompagne les jeunes avec des mentors bénévoles formés.",
                "contact_email": f"contact@{slug}.{DEMO_DOMAIN}",
                "departments": departments,
                "remote_national": remote,
                "axes": axes,
                "min_age": min_age,
                "max_age": max_age,
                "takes_minors": minors,
                "intake_capacity": capacity,
                "mentor_capacity": mentors,
                "is_active": True,
            },
        )
        return association

    def _staff(self, association) -> list[User]:
        admin = self._user(f"admin-{association.slug}@{DEMO_DOMAIN}", "Alex", f"Admin {association.name}")
        coordinator = self._user(f"coord-{association.slug}@{DEMO_DOMAIN}", "Sam", f"Coordination {association.name}")
        StaffMembership.objects.update_or_create(
            user=admin, association=association, defaults={"role": StaffRole.ADMIN}
        )
        StaffMembership.objects.update_or_create(
            user=coordinator, association=association, defaults={"role": StaffRole.COORDINATOR}
        )
        for local, first_name, slug, role in STAFF:
            if slug == association.slug:
                user = self._user(f"{local}@{DEMO_DOMAIN}", first_name, "Coordinatrice")
                StaffMembership.objects.update_or_create(user=user, association=association, defaults={"role": role})
        return [admin, coordinator]

    def _loads(self, model, states) -> dict[int, int]:
        loads = {}
        for association_id in model.objects.filter(state__in=states).values_list("association_id", flat=True):
            loads[association_id] = loads.get(association_id, 0) + 1
        return loads

    # --- youth requests -----------------------------------------------------------------------------------------

    def _youth_request(self, n: int) -> bool:
        rng = random.Random(n)
        email = f"jeune{n:03d}@{DEMO_DOMAIN}"
        if YouthRequest.objects.filter(email=email).exists():
            return False
        age = rng.randint(11, 29)
        created = self.now - timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 23))
        birth = (created - timedelta(days=age * 365 + rng.randint(10, 300))).date()
        under_15 = age < consent.PARENT_CONSENT_UNDER_AGE
        need = rng.choice([Need.SCHOOLING, Need.ORIENTATION] if age < 18 else [Need.ORIENTATION, *list(NEED_AXIS)[2:]])
        postal_code, commune = rng.choice(POSTAL_CODES)
        awaiting = under_15 and rng.random() < 0.25
        request = YouthRequest.objects.create(
            state=RequestState.AWAITING_PARENT_CONSENT if awaiting else RequestState.SUBMITTED,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=email,
            phone=f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
            birth_date=birth,
            postal_code=postal_code,
            department=department_for_commune(postal_code, commune),
            commune=commune,
            situation=Situation.PUPIL if age < 18 else rng.choice(list(Situation)[1:]),
            need=need,
            axis=NEED_AXIS[need],
            sectors=_pick(rng, Sector, 0, 3),
            meeting_modes=sorted(
                {*_pick(rng, MeetingMode, 1, 2), *([MeetingMode.REMOTE] if rng.random() < 0.6 else [])}
            ),
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
            parent_consent_at=created + timedelta(hours=5) if under_15 and not awaiting else None,
            language=rng.choice(["fr", "fr", "fr", "en"]),
            created_at=created,
            submitted_at=None if awaiting else created,
        )
        if awaiting:
            return True
        at = created
        if under_15:
            at = created + timedelta(hours=5)
            self._log(request, RequestState.AWAITING_PARENT_CONSENT, RequestState.SUBMITTED, Actor.PARENT, at)
        chosen = self._route(request, at + timedelta(minutes=1))
        if chosen is not None:
            self._progress(request, rng, chosen, at + timedelta(minutes=1))
        return True

    def _log(self, request, from_state, to_state, actor, at, by=None, reason="", note="", association=None):
        at = min(at, self.now)  # generated steps never lie in the future
        RequestTransition.objects.create(
            request=request, from_state=from_state, to_state=to_state, actor=actor, by=by, reason=reason, note=note,
            association=association or request.association, created_at=at,
        )  # fmt: skip

    def _route(self, request, at):
        chosen, candidates = routing.evaluate(
            subject=routing.request_subject(request),
            associations=self.associations,
            open_items=self.request_loads,
            capacity_field="intake_capacity",
        )
        routing_decision_record(
            request=request, chosen=chosen, candidates=candidates, trigger=RoutingTrigger.SUBMISSION, created_at=at
        )
        if chosen is None:
            request.state = RequestState.UNROUTED
            request.save(update_fields=["state"])
            self._log(request, RequestState.SUBMITTED, RequestState.UNROUTED, Actor.SYSTEM, at)
            return None
        association = next(a for a in self.associations if a.pk == chosen.association_id)
        request.state, request.association, request.routed_at = RequestState.ROUTED, association, at
        request.save(update_fields=["state", "association", "routed_at"])
        self.request_loads[association.pk] = self.request_loads.get(association.pk, 0) + 1
        self._log(request, RequestState.SUBMITTED, RequestState.ROUTED, Actor.SYSTEM, at)
        return association

    def _progress(self, request, rng, association, at):
        outcome = rng.choices([o for o, _ in REQUEST_OUTCOMES], weights=[w for _, w in REQUEST_OUTCOMES])[0]
        admin, coordinator = self.staff[association.pk]
        staff = rng.choice([admin, coordinator])
        state = RequestState.ROUTED
        if outcome == RequestState.WITHDRAWN:
            request.state, request.closed_at = RequestState.WITHDRAWN, at + timedelta(days=2)
            request.save(update_fields=["state", "closed_at"])
            self._log(request, state, RequestState.WITHDRAWN, Actor.YOUTH, at + timedelta(days=2),
                      reason=WithdrawReason.FOUND_HELP)  # fmt: skip
            self.request_loads[association.pk] -= 1
            return
        if outcome == "redirected":
            _chosen, candidates = routing.evaluate(
                subject=routing.request_subject(request),
                associations=self.associations,
                open_items=self.request_loads,
                capacity_field="intake_capacity",
            )
            others = [a for a in self.associations if a.pk != association.pk for c in candidates if c.eligible
                      and c.association_id == a.pk]  # fmt: skip
            if not others:
                return
            target = rng.choice(others)
            request.association, request.routed_at = target, at + timedelta(days=1)
            request.save(update_fields=["association", "routed_at"])
            self._log(request, state, RequestState.ROUTED, Actor.STAFF, at + timedelta(days=1), by=staff,
                      reason="redirected", note="Mieux placée pour ce besoin.", association=target)  # fmt: skip
            self.request_loads[association.pk] -= 1
            self.request_loads[target.pk] = self.request_loads.get(target.pk, 0) + 1
            return
        if outcome == RequestState.ROUTED:
            return
        step_at = min(at + timedelta(days=rng.randint(1, 3)), self.now - timedelta(days=1))
        step_at = max(step_at, at)
        request.state, request.claimed_by = RequestState.IN_REVIEW, staff
        self._log(request, state, RequestState.IN_REVIEW, Actor.STAFF, step_at, by=staff)
        state = RequestState.IN_REVIEW
        if outcome in (RequestState.CONTACTED, RequestState.ACCEPTED, RequestState.DECLINED):
            ContactAttempt.objects.create(request=request, by=staff, channel=ContactChannel.PHONE,
                                          outcome=ContactOutcome.NO_ANSWER, created_at=step_at)  # fmt: skip
            if outcome != RequestState.DECLINED:
                ContactAttempt.objects.create(
                    request=request, by=staff, channel=ContactChannel.PHONE, outcome=ContactOutcome.REACHED,
                    note="Premier échange, motivé.", created_at=min(step_at + timedelta(days=1), self.now),
                )  # fmt: skip
                self._log(request, state, RequestState.CONTACTED, Actor.STAFF, step_at + timedelta(days=1), by=staff)
                state = RequestState.CONTACTED
            StaffNote.objects.create(
                request=request, by=staff, text="À rappeler en fin de semaine.", created_at=step_at
            )
        if outcome == RequestState.ACCEPTED:
            self._log(request, state, RequestState.ACCEPTED, Actor.STAFF, step_at + timedelta(days=2), by=staff)
            state = RequestState.ACCEPTED
        elif outcome == RequestState.DECLINED:
            reason = rng.choice([DeclineReason.NOT_MENTORING, DeclineReason.UNREACHABLE, DeclineReason.AGE])
            self._log(request, state, RequestState.DECLINED, Actor.STAFF, step_at + timedelta(days=2), by=staff,
                      reason=reason)  # fmt: skip
            state, request.claimed_by, request.closed_at = RequestState.DECLINED, None, step_at + timedelta(days=2)
            self.request_loads[association.pk] -= 1
        request.state = state
        request.save(update_fields=["state", "claimed_by", "closed_at"])

    # --- mentors ------------------------------------------------------------------------------------------------

    def _demo_mentor_profile(self):
        user = User.objects.get(email=f"mentor@{DEMO_DOMAIN}")
        if not MentorProfile.objects.filter(user=user).exists():
            self._profile(user, random.Random("mentor"), postal_code="75011")

    # --- mentorships ---------------------------------------------------------------------------------------------

    def _mentorships(self) -> int:
        """Pair accepted youths with the best active mentor the scorer finds: some proposed, some waiting for the
        youth, most under way with their monthly sessions, some completed with an outcome."""
        rng = random.Random("mentorships")
        created = 0
        for association in self.associations:
            mentors = list(
                MentorProfile.objects.filter(association=association, state=MentorState.ACTIVE).select_related("user")
            )
            if not mentors:
                continue
            requests = list(YouthRequest.objects.filter(association=association, state=RequestState.ACCEPTED))
            for request in requests[: max(1, len(requests) * 2 // 3)]:
                loads = {m.pk: m.open_mentorships for m in mentors}
                suggestions = scoring.suggest(
                    scoring.YouthVector.from_request(request),
                    scoring.MentorArrays.from_profiles(mentors, current_load=loads),
                    k=1,
                )
                if not suggestions:
                    continue
                mentor = next(m for m in mentors if m.pk == suggestions[0].mentor_id)
                self._pair(request, mentor, suggestions[0], rng)
                created += 1
        return created

    def _pair(self, request, mentor, suggestion, rng):
        _admin, coordinator = self.staff[request.association_id]
        fate = rng.choices(["proposed", "mentor_accepted", "active", "completed"], weights=[1, 1, 5, 2])[0]
        months = {"proposed": 0, "mentor_accepted": 0, "active": rng.randint(1, 8), "completed": rng.randint(7, 11)}[
            fate
        ]
        started = (self.now - timedelta(days=30 * months + rng.randint(0, 20))).date() if months else None
        mentorship = Mentorship.objects.create(
            request=request, mentor=mentor, association_id=request.association_id,
            state=MentorshipState.COMPLETED if fate == "completed" else MentorshipState(fate),
            score=suggestion.score, reasons=suggestion.reasons, proposed_by=coordinator, referent=coordinator,
            meeting_mode=rng.choice(mentor.meeting_modes), started_on=started,
            planned_end_on=started + timedelta(days=365) if started else None,
            created_at=self.now - timedelta(days=30 * months + 25),
        )  # fmt: skip
        steps = [("", MentorshipState.PROPOSED)]
        if fate != "proposed":
            steps.append((MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED))
        if fate in ("active", "completed"):
            steps.append((MentorshipState.MENTOR_ACCEPTED, MentorshipState.ACTIVE))
        for from_state, to_state in steps:
            MentorshipTransition.objects.create(
                mentorship=mentorship, from_state=from_state, to_state=to_state, actor=Actor.STAFF, by=coordinator
            )
        for month in range(months):
            if rng.random() < 0.8:  # a month without a session now and then
                SessionLog.objects.create(
                    mentorship=mentorship, held_on=started + timedelta(days=30 * month + rng.randint(0, 20)),
                    duration_hours=Decimal(rng.choice(["1", "1.5", "2"])), mode=mentorship.meeting_mode,
                    topics=rng.choice(SESSION_TOPICS), youth_feedback=rng.choice(["", "", "Merci, très utile !"]),
                )  # fmt: skip
        if fate == "completed":
            outcomes = OUTCOMES_BY_AXIS[request.axis]
            mentorship.outcome = rng.choice(outcomes[:-1])
            mentorship.ended_at = self.now - timedelta(days=rng.randint(1, 20))
            mentorship.youth_words, mentorship.mentor_words = "Merci pour tout !", "Un beau parcours."
            mentorship.save()
            MentorshipTransition.objects.create(
                mentorship=mentorship, from_state=MentorshipState.ACTIVE, to_state=MentorshipState.COMPLETED,
                actor=Actor.STAFF, by=coordinator,
            )  # fmt: skip
        else:
            MentorProfile.objects.filter(pk=mentor.pk).update(open_mentorships=F("open_mentorships") + 1)
            mentor.open_mentorships += 1
        if fate in ("active", "completed"):
            request.state = RequestState.MATCHED
            request.save(update_fields=["state"])
            RequestTransition.objects.create(
                request=request, from_state=RequestState.ACCEPTED, to_state=RequestState.MATCHED, actor=Actor.YOUTH,
                association_id=request.association_id, created_at=min(self.now, timezone.make_aware(
                    datetime.combine(started, datetime.min.time()))),
            )  # fmt: skip
        if fate == "completed":  # as mentorship_complete does: the request is closed with its mentorship
            request.state, request.closed_at = RequestState.CLOSED, mentorship.ended_at
            request.save(update_fields=["state", "closed_at"])
            RequestTransition.objects.create(
                request=request, from_state=RequestState.MATCHED, to_state=RequestState.CLOSED, actor=Actor.STAFF,
                by=coordinator, association_id=request.association_id, created_at=mentorship.ended_at,
            )  # fmt: skip

    def _mentor(self, n: int) -> bool:
        rng = random.Random(f"mentor-{n}")
        email = f"mentor{n:03d}@{DEMO_DOMAIN}"
        if User.objects.filter(email=email).exists():
            return False
        user = self._user(email, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        self._profile(user, rng)
        return True

    def _profile(self, user, rng: random.Random, postal_code=None):
        postal_code = postal_code or rng.choice(POSTAL_CODES)[0]
        mentor_type = rng.choice(list(MentorType))
        submitted = self.now - timedelta(days=rng.randint(0, 90))
        mentor = MentorProfile.objects.create(
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
            meeting_modes=sorted(
                {*_pick(rng, MeetingMode, 1, 3), *([MeetingMode.REMOTE] if rng.random() < 0.7 else [])}
            ),
            availability=_pick(rng, Availability, 1, 2),
            languages=sorted({Language.FR.value, *_pick(rng, [Language.EN, Language.ES, Language.DE], 0, 1)}),
            capacity=rng.randint(1, 3),
            motivation="Transmettre ce que j'ai appris et aider un jeune à prendre confiance.",
            consent_version=consent.MENTOR_CONSENT_VERSION,
            consent_at=submitted,
            created_at=submitted,
            submitted_at=submitted,
        )
        chosen, candidates = routing.evaluate(
            subject=routing.mentor_subject(mentor),
            associations=self.associations,
            open_items=self.mentor_loads,
            capacity_field="mentor_capacity",
        )
        routing_decision_record(
            mentor=mentor, chosen=chosen, candidates=candidates, trigger=RoutingTrigger.SUBMISSION, created_at=submitted
        )
        if chosen is None:
            return
        mentor.association_id = chosen.association_id
        self.mentor_loads[chosen.association_id] = self.mentor_loads.get(chosen.association_id, 0) + 1
        staff = self.staff[chosen.association_id][1]
        steps = rng.choice([0, 1, 2, 3, 4, 5, 5, 5, 5])  # most demo mentors are active, so suggestions show
        state, at = MentorState.SUBMITTED, submitted
        for to_state in MENTOR_PATH[:steps]:
            at = min(at + timedelta(days=rng.randint(2, 10)), self.now)
            if to_state == MentorState.CHECKED:
                mentor.background_check_ok, mentor.background_check_on, mentor.background_check_by = (
                    True,
                    at.date(),
                    staff,
                )
            if to_state == MentorState.TRAINED:
                mentor.trained_on, mentor.trainer = at.date(), "Équipe formation de l'association"
            MentorTransition.objects.create(mentor=mentor, from_state=state, to_state=to_state, actor=Actor.STAFF,
                                            by=staff, created_at=at)  # fmt: skip
            state = to_state
        ending = rng.random()
        if state == MentorState.ACTIVE and ending < 0.15:
            MentorTransition.objects.create(
                mentor=mentor, from_state=state, to_state=MentorState.PAUSED, actor=Actor.STAFF, by=staff,
                note="Déménagement", created_at=at,
            )  # fmt: skip
            state = MentorState.PAUSED
        elif state not in (MentorState.ACTIVE,) and ending < 0.12:
            mentor.reject_reason = MentorRejectReason.NOT_AVAILABLE
            MentorTransition.objects.create(
                mentor=mentor, from_state=state, to_state=MentorState.REJECTED, actor=Actor.STAFF, by=staff,
                reason=mentor.reject_reason, created_at=at,
            )  # fmt: skip
            state = MentorState.REJECTED
        mentor.state = state
        mentor.save()
