"""Seed the demo data. Idempotent: running it again refreshes the accounts and creates nothing twice.

Demo accounts (password in the README), six partner associations with their staff, youth requests spread over
every state of the review queue, mentor applications over every vetting step (each association's team completed to
25 active mentors), training sessions with their registrations and mentorships under way, all generated from a
fixed random seed, so that every machine shows the same living platform.

The demo is no second write path: every request, application and mentorship is created, and every state changed,
by the services the platform itself uses (request_submit, request_route, request_claim..., mentor_contact...,
training_session_schedule, training_register, training_attendance_mark, mentorship_propose..., session_log), so
what they enforce holds for the demo too. Two things are set around them:

- E-mails are off: the services run inside ``tasks_held()``, so they queue no task (no e-mail sent, nothing routed
  behind the command's back: it routes each request itself, with the routing service), and the outbox rows they
  wrote for the demo's made-up addresses (under the reserved .example domain) are marked withheld: never sent, and
  seen by the sweepers as handled, so that no later sweep sends them either.
- A living demo has a past (requests waiting for days, mentorships started months ago with monthly sessions): each
  step is taken now, then ``history_backdate`` moves what it stamped with the real clock to the moment the story
  gives it. The services that take ``now=`` (request_submit, request_withdraw, mentor_application_create...) get it.
"""

import logging
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import OutboundEmail, User
from accounts.services import email_outbox_withhold, tasks_held, user_totp_activate
from associations.enums import StaffRole
from associations.models import ApiKey, Association, StaffMembership
from associations.selectors import token_hash
from associations.services import api_key_create
from matching import consent, routing, scoring
from matching.charts import month_starts
from matching.enums import (
    CHECK_IN_MONTHS,
    LOAD_REQUEST_STATES,
    NEED_AXIS,
    OUTCOMES_BY_AXIS,
    QUEUE_REQUEST_STATES,
    Availability,
    Axis,
    CheckInRespondent,
    ContactChannel,
    ContactOutcome,
    DeclineReason,
    EndReason,
    GoalsProgress,
    Language,
    MeetingFrequency,
    MeetingMode,
    MentorRejectReason,
    MentorState,
    MentorType,
    Need,
    RequestState,
    Sector,
    Situation,
    Skill,
    WithdrawReason,
)
from matching.management.demo import (
    ACTIVE_MENTORS_PER_ASSOCIATION,
    ASSOCIATIONS,
    CANCELLED_TRAINING,
    CHECK_IN_COMMENTS,
    CHECKED_MENTORS_PER_ASSOCIATION,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DEMO_USERS,
    DESCRIPTIONS,
    FIRST_NAMES,
    GOALS,
    LAST_NAMES,
    MENTOR_APPLICATIONS,
    MONTHLY_TARGET,
    OLD_PAIR_FATES,
    PAIR_FATES,
    POSTAL_CODES,
    RECENT_REQUESTS,
    REQUEST_OUTCOMES,
    SESSION_TOPICS,
    STAFF,
    TEAM_POSTAL_CODES,
    TRAINERS,
    TRAINING_SESSIONS,
    YOUTH_REQUESTS,
    history_backdate,
    pick,
)
from matching.management.demo_alerts import alerts_seed
from matching.management.progress import progress_bar
from matching.models import (
    MentorProfile,
    Mentorship,
    TrainingSession,
    YouthRequest,
)
from matching.services.follow_up import (
    goal_add,
    mentorship_complete,
    mentorship_end_early,
    session_feedback,
    session_log,
)
from matching.services.follow_up_check_ins import check_in_answer, check_in_ask
from matching.services.pairing import mentorship_confirm, mentorship_mentor_answer, mentorship_propose
from matching.services.platform import monthly_target_set
from matching.services.requests import (
    FIRST_LINK_EVENT,
    request_link_send,
    request_parent_consent_ask,
    request_parent_consent_confirm,
    request_submit,
    request_withdraw,
)
from matching.services.review import (
    request_accept,
    request_claim,
    request_contact_log,
    request_decline,
    request_note_add,
    request_redirect,
)
from matching.services.routing import mentor_route, request_route
from matching.services.vetting import (
    mentor_activate,
    mentor_application_create,
    mentor_check_declare,
    mentor_contact,
    mentor_interview,
    mentor_pause,
    mentor_reject,
    mentor_train,
    training_attendance_mark,
    training_register,
    training_session_cancel,
    training_session_schedule,
)

# Published in the README, like the demo password: seed_demo runs only with DEBUG on (or when told it is no
# production instance).
DEMO_API_ASSOCIATION = "elan-idf"
DEMO_API_KEY = "mk_demo-elan-idf-0000000000000000000000000000"


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
        # The services log each step: only with --verbosity 2 or more, or `make run` would print thousands of lines.
        logging.disable(logging.INFO if options["verbosity"] < 2 else logging.NOTSET)
        try:
            with tasks_held():
                self._seed()
        finally:
            logging.disable(logging.NOTSET)
        # What the services queued for the demo's made-up people is kept, withheld: the sweepers see each event as
        # handled and send nothing later (the addresses are under a reserved .example domain besides).
        demo = OutboundEmail.objects.filter(to__endswith=f"@{DEMO_DOMAIN}").values_list("to", flat=True).distinct()
        email_outbox_withhold(addresses=list(demo))
        self.stdout.write(
            f"demo accounts refreshed; {len(self.associations)} associations; {self.created['requests']} youth "
            f"requests, {self.created['mentors']} mentor applications, {self.created['mentorships']} mentorships "
            f"and {self.created['alerts']} alerts created ({YouthRequest.objects.count()} requests, "
            f"{MentorProfile.objects.count()} mentors in all)"
        )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready; password for every demo account: {DEMO_PASSWORD}"))
        self.stdout.write(
            f"Staff and administrators sign in with a second factor: the authenticator-app secret {DEMO_TOTP_SECRET}"
        )
        self.stdout.write(f"Demo API key of {DEMO_API_ASSOCIATION} (curl -H 'Authorization: Bearer …'): {DEMO_API_KEY}")

    def _api_key(self):
        """The demo's API key, published like the password (README's curl example): created once."""
        if ApiKey.objects.filter(key_hash=token_hash(DEMO_API_KEY)).exists():
            return
        association = Association.objects.get(slug=DEMO_API_ASSOCIATION)
        admin = User.objects.get(email=f"admin-{association.slug}@{DEMO_DOMAIN}")
        api_key_create(association=association, by=admin, name="Démo", token=DEMO_API_KEY)

    def _seed(self):
        users = [self._user(email, first, last, is_admin=is_admin) for email, first, last, is_admin in DEMO_USERS]
        monthly_target_set(starts_on=month_starts(timezone.localdate(self.now))[0], by=users[0], **MONTHLY_TARGET)
        self.associations = [self._association(*row) for row in ASSOCIATIONS]
        self.staff = {association.pk: self._staff(association) for association in self.associations}
        staff = User.objects.filter(Q(is_staff=True) | Q(memberships__isnull=False), email__endswith=f"@{DEMO_DOMAIN}")
        for user in staff.distinct():
            user_totp_activate(user=user, secret=DEMO_TOTP_SECRET)
        self._api_key()
        self._demo_mentor_profile()
        self.created = {"requests": 0, "mentors": 0, "mentorships": 0}
        with progress_bar(desc="youth requests", unit="requests") as progress:
            for n in range(YOUTH_REQUESTS):
                self.created["requests"] += self._youth_request(n)
                progress(n + 1, YOUTH_REQUESTS)
        with progress_bar(desc="mentor applications", unit="mentors") as progress:
            for n in range(MENTOR_APPLICATIONS):
                self.created["mentors"] += self._mentor(n)
                progress(n + 1, MENTOR_APPLICATIONS)
        with progress_bar(desc="mentor teams", unit="associations") as progress:
            for done, association in enumerate(self.associations, start=1):
                self.created["mentors"] += self._team(association)
                progress(done, len(self.associations))
        for association in self.associations:
            if not TrainingSession.objects.filter(association=association).exists():
                self._trainings(association)
        if not Mentorship.objects.exists():
            self.created["mentorships"] = self._mentorships()
        self.created["alerts"] = alerts_seed(associations=self.associations, staff=self.staff)

    def _when(self, moment: datetime) -> datetime:
        return min(moment, self.now)  # the story never runs ahead of the clock

    def _backdate(self, at: datetime, **subjects) -> None:
        history_backdate(at=self._when(at), since=self.now, **subjects)

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

    # --- youth requests -----------------------------------------------------------------------------------------

    def _youth_request(self, n: int) -> bool:
        rng = random.Random(n)
        email = f"jeune{n:03d}@{DEMO_DOMAIN}"
        if YouthRequest.objects.filter(email=email).exists():
            return False
        age = rng.randint(11, 29)
        # Most requests came this month; a third over the past year (the dashboards chart twelve months).
        days = rng.randint(0, 30) if rng.random() < RECENT_REQUESTS else rng.randint(31, 330)
        created = self.now - timedelta(days=days, hours=rng.randint(1, 23))
        under_15 = age < consent.PARENT_CONSENT_UNDER_AGE
        need = rng.choice([Need.SCHOOLING, Need.ORIENTATION] if age < 18 else [Need.ORIENTATION, *list(NEED_AXIS)[2:]])
        postal_code, commune = rng.choice(POSTAL_CODES)
        request = request_submit(
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=email,
            phone=f"+336{rng.randint(10000000, 99999999)}" if rng.random() < 0.7 else "",
            birth_date=(created - timedelta(days=age * 365 + rng.randint(10, 300))).date(),
            postal_code=postal_code,
            commune=commune,
            situation=Situation.PUPIL if age < 18 else rng.choice(list(Situation)[1:]),
            need=need,
            sectors=pick(rng, Sector, 0, 3),
            meeting_modes=sorted(
                {*pick(rng, MeetingMode, 1, 2), *([MeetingMode.REMOTE] if rng.random() < 0.6 else [])}
            ),
            availability=pick(rng, Availability, 1, 2),
            languages=sorted({Language.FR.value, *pick(rng, [Language.EN, Language.AR, Language.ES], 0, 1)}),
            description=rng.choice(DESCRIPTIONS),
            lives_in_qpv=rng.choice([True, False, None]),
            scholarship_holder=rng.choice([True, False, None]),
            disability_recognised=rng.choice([False, None]),
            parent_name="Parent de démonstration" if under_15 else "",
            parent_email=f"parent{n:03d}@{DEMO_DOMAIN}" if under_15 else "",
            language=rng.choice(["fr", "fr", "fr", "en"]),
            now=created,
        )
        # What the submission's tasks would have done (held here): the tracking link, a parent's consent asked.
        request_link_send(request_id=request.pk, event_id=FIRST_LINK_EVENT)
        request_parent_consent_ask(request_id=request.pk)
        at = created
        if request.state == RequestState.AWAITING_PARENT_CONSENT:
            if rng.random() < 0.25:
                return True  # still waiting for the parent
            at = self._when(created + timedelta(hours=5))
            request_parent_consent_confirm(request=request, now=at)
            self._backdate(at, request=request)
        at = self._when(at + timedelta(minutes=1))
        request = request_route(request_id=request.pk)
        self._backdate(at, request=request)
        if request.state == RequestState.ROUTED:
            self._review(request, rng, at)
        return True

    def _review(self, request, rng, at):
        """Where the association's staff have got to with a routed request."""
        outcome = rng.choices([o for o, _ in REQUEST_OUTCOMES], weights=[w for _, w in REQUEST_OUTCOMES])[0]
        staff = rng.choice(self.staff[request.association_id])
        if outcome in QUEUE_REQUEST_STATES and at < self.now - timedelta(days=45):
            outcome = RequestState.ACCEPTED  # staff got through the old ones long ago
        if outcome == RequestState.WITHDRAWN:
            at = self._when(at + timedelta(days=2))
            request_withdraw(request=request, reason=WithdrawReason.FOUND_HELP, now=at)
            self._backdate(at, request=request)
            return
        if outcome == "redirected":
            loads = YouthRequest.objects.filter(state__in=LOAD_REQUEST_STATES).values_list("association_id")
            _chosen, candidates = routing.evaluate(
                subject=routing.request_subject(request),
                associations=self.associations,
                open_items=dict(loads.annotate(n=Count("pk"))),
                capacity_field="intake_capacity",
            )
            eligible = {candidate.association_id for candidate in candidates if candidate.eligible}
            others = [a for a in self.associations if a.pk in eligible and a.pk != request.association_id]
            if others:
                request_redirect(request=request, to=rng.choice(others), by=staff, note="Mieux placée pour ce besoin.")
                self._backdate(at + timedelta(days=1), request=request)
            return
        if outcome == RequestState.ROUTED:
            return
        step_at = max(min(at + timedelta(days=rng.randint(1, 3)), self.now - timedelta(days=1)), at)
        request_claim(request=request, by=staff)
        self._backdate(step_at, request=request)
        request_note_add(request=request, by=staff, text="À rappeler en fin de semaine.")
        self._backdate(step_at, request=request)
        if outcome in (RequestState.CONTACTED, RequestState.ACCEPTED, RequestState.DECLINED):
            request_contact_log(
                request=request, by=staff, channel=ContactChannel.PHONE, outcome=ContactOutcome.NO_ANSWER
            )
            self._backdate(step_at, request=request)
            if outcome != RequestState.DECLINED:
                request_contact_log(
                    request=request, by=staff, channel=ContactChannel.PHONE, outcome=ContactOutcome.REACHED,
                    note="Premier échange, motivé.",
                )  # fmt: skip
                self._backdate(step_at + timedelta(days=1), request=request)
        if outcome == RequestState.ACCEPTED:
            request_accept(request=request, by=staff)
            self._backdate(step_at + timedelta(days=2), request=request)
        elif outcome == RequestState.DECLINED:
            reason = rng.choice([DeclineReason.NOT_MENTORING, DeclineReason.UNREACHABLE, DeclineReason.AGE])
            request_decline(request=request, by=staff, reason=reason)
            self._backdate(step_at + timedelta(days=2), request=request)

    # --- mentors ------------------------------------------------------------------------------------------------

    def _demo_mentor_profile(self):
        user = User.objects.get(email=f"mentor@{DEMO_DOMAIN}")
        if not MentorProfile.objects.filter(user=user).exists():
            self._profile(user, random.Random("mentor"), postal_code="75011")

    def _mentor(self, n: int) -> bool:
        rng = random.Random(f"mentor-{n}")
        email = f"mentor{n:03d}@{DEMO_DOMAIN}"
        if User.objects.filter(email=email).exists():
            return False
        user = self._user(email, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        self._profile(user, rng)
        return True

    def _profile(self, user, rng: random.Random, postal_code=None, *, steps=None, axes=None, remote=None):
        """An application taken ``steps`` steps down the vetting pipeline (random by default, then sometimes paused or
        rejected); ``axes`` and ``remote`` (whether they meet remotely) when the story needs a given mentor."""
        postal_code = postal_code or rng.choice(POSTAL_CODES)[0]
        mentor_type = rng.choice(list(MentorType))
        modes = sorted({*pick(rng, MeetingMode, 1, 3), *([MeetingMode.REMOTE] if rng.random() < 0.7 else [])})
        if remote is not None:
            modes = [MeetingMode.REMOTE] if remote else [m for m in modes if m != MeetingMode.REMOTE] or ["home"]
        submitted = self.now - timedelta(days=rng.randint(0, 90), hours=1)
        mentor = mentor_application_create(
            user=user,
            mentor_type=mentor_type,
            organisation={"student": "Université de démonstration", "professional": "Entreprise de démonstration"}.get(
                mentor_type, ""
            ),
            sectors=pick(rng, Sector, 1, 3),
            skills=pick(rng, Skill, 1, 4),
            axes=axes or pick(rng, Axis, 1, 2),
            accepts_minors=rng.random() < 0.7,
            postal_code=postal_code,
            meeting_modes=modes,
            availability=pick(rng, Availability, 1, 2),
            languages=sorted({Language.FR.value, *pick(rng, [Language.EN, Language.ES, Language.DE], 0, 1)}),
            capacity=rng.randint(1, 3),
            motivation="Transmettre ce que j'ai appris et aider un jeune à prendre confiance.",
            now=submitted,
        )
        mentor = mentor_route(mentor_id=mentor.pk)
        self._backdate(submitted, mentor=mentor)
        if mentor.association_id is None:
            return mentor
        staff = self.staff[mentor.association_id][1]
        settle = steps is None
        if steps is None:
            steps = rng.choice([0, 1, 2, 3, 4, 5, 5, 5, 5])  # most demo mentors are active, so suggestions show
        at = submitted
        for step in range(steps):
            at = self._when(at + timedelta(days=rng.randint(2, 10)))
            if step == 0:
                mentor = mentor_contact(mentor=mentor, by=staff)
            elif step == 1:
                mentor = mentor_interview(mentor=mentor, by=staff)
            elif step == 2:
                mentor = mentor_check_declare(mentor=mentor, by=staff, ok=True, checked_on=timezone.localdate(at))
            elif step == 3:
                trainer = "Équipe formation de l'association"
                mentor = mentor_train(mentor=mentor, by=staff, trained_on=timezone.localdate(at), trainer=trainer)
            else:
                mentor = mentor_activate(mentor=mentor, by=staff)
            self._backdate(at, mentor=mentor)
        ending = rng.random() if settle else 1
        if mentor.state == MentorState.ACTIVE and ending < 0.15:
            mentor_pause(mentor=mentor, by=staff, note="Déménagement")
        elif mentor.state != MentorState.ACTIVE and ending < 0.12:
            mentor_reject(mentor=mentor, by=staff, reason=MentorRejectReason.NOT_AVAILABLE)
        self._backdate(at, mentor=mentor)
        return mentor

    def _team(self, association) -> int:
        """Complete the association's team: active mentors for the suggestions and the batch, a few at the training
        step for its sessions. Each is an application of its territory, vetted by the services; idempotent (counts
        what is there)."""
        # The team's own accounts are numbered: the count wanted is what the other applications leave to fill, the
        # same on every run, and an account already there is skipped.
        others = MentorProfile.objects.filter(association=association).exclude(user__email__startswith="mentor-")
        wanted = {
            MentorState.ACTIVE: ACTIVE_MENTORS_PER_ASSOCIATION - others.filter(state=MentorState.ACTIVE).count(),
            MentorState.CHECKED: CHECKED_MENTORS_PER_ASSOCIATION,
        }
        created = 0
        for state, steps in ((MentorState.ACTIVE, 5), (MentorState.CHECKED, 3)):
            for n in range(max(wanted[state], 0)):
                email = f"mentor-{association.slug}-{state}-{n:02d}@{DEMO_DOMAIN}"
                if User.objects.filter(email=email).exists():
                    continue
                rng = random.Random(email)
                user = self._user(email, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
                self._profile(
                    user, rng, rng.choice(TEAM_POSTAL_CODES[association.slug]), steps=steps, axes=association.axes,
                    remote=association.remote_national,
                )  # fmt: skip
                created += 1
        return created

    # --- training sessions ---------------------------------------------------------------------------------------

    def _trainings(self, association):
        """The association's training sessions: a past one with its attendance marked (present mentors trained,
        one absent), upcoming ones with the mentors at the training step registered, and a cancelled one."""
        rng = random.Random(f"training-{association.slug}")
        staff = self.staff[association.pk][1]
        checked = list(MentorProfile.objects.filter(association=association, state=MentorState.CHECKED).order_by("pk"))
        sessions = []
        rows = [*TRAINING_SESSIONS, *([CANCELLED_TRAINING] if association.slug == "elan-idf" else [])]
        for days, hour, seats, remote, cancelled in rows:
            day = timezone.localdate(self.now) + timedelta(days=days)
            starts_at = timezone.make_aware(datetime.combine(day, time(hour)))
            remote = remote or association.remote_national
            session = training_session_schedule(
                association=association, by=staff, starts_at=starts_at, trainer=rng.choice(TRAINERS), seats=seats,
                duration_minutes=rng.choice([120, 180]),
                place="" if remote else f"Locaux de {association.name}",
                remote_link=f"https://visio.{DEMO_DOMAIN}/formation-{association.slug}" if remote else "",
                now=min(starts_at, self.now) - timedelta(days=20),
            )  # fmt: skip
            sessions.append((session, cancelled))
        (past, _cancelled), (upcoming, _), *_others = sessions
        # The past session: registered a few days before, then present (trained) or absent (back to the offer).
        for index, mentor in enumerate(checked[:3]):
            registration = training_register(session=past, mentor=mentor, now=past.starts_at - timedelta(days=3))
            attended = index < 2 or len(checked) < 3
            training_attendance_mark(
                registration=registration, by=staff, attended=attended, now=past.starts_at + timedelta(hours=3)
            )
            self._backdate(past.starts_at + timedelta(hours=3), mentor=mentor, registration=registration)
        # The next session: the mentors still at the training step, the absent one among them.
        waiting = MentorProfile.objects.filter(association=association, state=MentorState.CHECKED).order_by("pk")
        for mentor in waiting[: upcoming.seats]:
            registration = training_register(session=upcoming, mentor=mentor, now=self.now - timedelta(days=1))
            self._backdate(self.now - timedelta(days=1), registration=registration)
        for session, cancelled in sessions:
            if cancelled:
                training_session_cancel(session=session, by=staff, now=self.now - timedelta(hours=2))

    # --- mentorships ---------------------------------------------------------------------------------------------

    def _mentorships(self) -> int:
        """Pair accepted youths with the best active mentor the scorer finds: some proposed, some waiting for the
        youth, most under way with their monthly sessions, some completed with an outcome, a few ended early."""
        rng = random.Random("mentorships")
        created = 0
        for association in self.associations:
            mentors = list(
                MentorProfile.objects.filter(association=association, state=MentorState.ACTIVE).select_related("user")
            )
            if not mentors:
                continue
            requests = list(
                YouthRequest.objects.filter(association=association, state=RequestState.ACCEPTED).order_by("pk")
            )
            for request in requests[: max(1, len(requests) * 2 // 3)]:
                suggestions = scoring.suggest(
                    scoring.YouthVector.from_request(request),
                    scoring.MentorArrays.from_profiles(
                        mentors, current_load={m.pk: m.open_mentorships for m in mentors}
                    ),
                    k=1,
                )
                if not suggestions:
                    continue
                mentor = next(m for m in mentors if m.pk == suggestions[0].mentor_id)
                self._pair(request, mentor, rng)
                mentor.refresh_from_db(fields=["open_mentorships"])
                created += 1
        return created

    def _pair(self, request, mentor, rng):
        coordinator = self.staff[request.association_id][1]
        accepted_at = request.transitions.filter(to_state=RequestState.ACCEPTED).latest("created_at").created_at
        # A youth accepted more than seven months ago has most likely finished their mentorship by now.
        fates = OLD_PAIR_FATES if accepted_at < self.now - timedelta(days=7 * 30) else PAIR_FATES
        fate = rng.choices(list(fates), weights=list(fates.values()))[0]
        if accepted_at > self.now - timedelta(days=10) and fate not in ("proposed", "mentor_accepted"):
            fate = "mentor_accepted"  # accepted too recently to have started
        months = {"proposed": 0, "mentor_accepted": 0, "active": rng.randint(1, 8), "completed": rng.randint(7, 11),
                  "ended_early": rng.randint(2, 5)}[fate]  # fmt: skip
        started = self.now - timedelta(days=30 * months + rng.randint(0, 20)) if months else None
        # The pairing comes after the request was accepted: a start that would precede it moves after it, and a
        # mentorship started less than seven months ago cannot be completed yet.
        if started is not None and started < accepted_at + timedelta(days=8):
            started = min(accepted_at + timedelta(days=8), self.now - timedelta(days=1))
            months = max(1, (self.now - started).days // 30)
            if fate == "completed" and started > self.now - timedelta(days=7 * 30):
                fate = "active"
        proposed_at = (started or self.now - timedelta(days=rng.randint(1, 6))) - timedelta(days=6)
        proposed_at = max(proposed_at, accepted_at + timedelta(hours=1))
        mentorship = mentorship_propose(request=request, mentor=mentor, by=coordinator)
        self._backdate(proposed_at, mentorship=mentorship)
        if fate == "proposed":
            return
        mentorship_mentor_answer(mentorship=mentorship, by=mentor.user, accept=True)
        self._backdate(proposed_at + timedelta(days=2), mentorship=mentorship)
        if fate == "mentor_accepted":
            return
        mentorship_confirm(mentorship=mentorship)  # by the youth, from their tracking link
        self._backdate(started, mentorship=mentorship, request=request)
        mentorship.refresh_from_db()
        goal_add(mentorship=mentorship, by=mentor.user, text=rng.choice(GOALS))
        self._backdate(started + timedelta(days=7), mentorship=mentorship)
        for month in range(months):
            if rng.random() < 0.8:  # a month without a session now and then
                held_on = timezone.localdate(started) + timedelta(days=30 * month + rng.randint(0, 20))
                if held_on > timezone.localdate(self.now):
                    break
                session = session_log(
                    mentorship=mentorship, by=mentor.user, held_on=held_on,
                    duration_hours=Decimal(rng.choice(["1", "1.5", "2"])), mode=mentorship.meeting_mode,
                    topics=rng.choice(SESSION_TOPICS),
                )  # fmt: skip
                if rng.random() < 0.3:
                    session_feedback(session=session, text="Merci, très utile !")
                self._backdate(timezone.make_aware(datetime.combine(held_on, time(19))), mentorship=mentorship)
        self._check_ins(mentorship, months=months, started=started, rng=rng)
        ended_at = max(self.now - timedelta(days=rng.randint(1, 9)), started + timedelta(days=1))
        if fate == "completed":  # at the end of the planned year, or a little before
            ended_at = min(started + timedelta(days=rng.randint(185, 240)), ended_at)
        if fate == "completed":
            mentorship_complete(
                mentorship=mentorship, by=coordinator, outcome=rng.choice(OUTCOMES_BY_AXIS[request.axis][:-1]),
                youth_words="Merci pour tout !", mentor_words="Un beau parcours.",
            )  # fmt: skip
            self._backdate(ended_at, mentorship=mentorship)
        elif fate == "ended_early":
            mentorship_end_early(mentorship=mentorship, by=coordinator, reason=EndReason.MOVED, note="Déménagement")
            self._backdate(ended_at, mentorship=mentorship, request=request)

    def _check_ins(self, mentorship, *, months, started, rng):
        """The check-ins of the months reached, answered by the youth and the mentor (most of them); the one of the
        current month may still wait for its answers."""
        mentor_user = mentorship.mentor.user
        for month in [m for m in CHECK_IN_MONTHS if m <= months]:
            check_in_ask(mentorship_id=mentorship.pk, month=month)
            for check_in in mentorship.check_ins.filter(month=month):
                if month == months and rng.random() < 0.5:
                    continue  # asked these days: still waiting
                check_in_answer(
                    check_in=check_in,
                    satisfaction=rng.choices([5, 4, 3, 2, 1], weights=[5, 6, 2, 1, 1])[0],
                    meeting_frequency=rng.choice([MeetingFrequency.MONTHLY, MeetingFrequency.FORTNIGHTLY]),
                    goals_progress=rng.choice(list(GoalsProgress)),
                    comment=rng.choice(CHECK_IN_COMMENTS),
                    wants_contact=rng.random() < 0.08,
                    by=mentor_user if check_in.respondent == CheckInRespondent.MENTOR else None,
                )
            self._backdate(started + timedelta(days=30 * month + rng.randint(1, 5)), mentorship=mentorship)
