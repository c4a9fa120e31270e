"""National-scale data in a scratch PostgreSQL database, for the benchmarks that time real pages (pages, api, ...).

``national_build(name, ...)`` creates a fresh, migrated database ``name`` and fills it, with batched ``bulk_create``
for what Python shapes and ``INSERT ... SELECT`` for the bulk logs (transitions, routing decisions, sessions):

- 6 associations (one remote and national); the first one, ``nat-0``, is the measured one;
- 20,000 mentor profiles, 10,000 of them active with a valid background check in the measured association;
- 200,000 youth requests over every state, with their transitions and routing decisions; in the measured
  association exactly ``batch_requests`` (1,000) accepted requests wait for a mentor;
- 60,000 mentorships in every state (places held consistent with each mentor's capacity) and 600,000 session logs;
- in the measured association, 3,000 alerts of the follow-up queue (every kind, open, claimed and resolved, with
  their transitions) and 60 training sessions (a third to come) with their registrations;
- the people the pages are driven as: a coordinator of the measured association and a platform administrator, both
  with an authenticator app (staff pages require a second factor), a mentor with 3 mentees and 30 sessions, and a
  youth whose mentorship has 12 sessions.

It returns a ``National`` with the ids and users to drive. Django must be set up (``DATABASE_URL`` pointing at
``name``) before it is called; it runs the migrations itself.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.common import database_create, psql

PASSWORD = "bench-password-0123"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32: the staff's authenticator app
FIRST_NAMES = ["Léa", "Yanis", "Inès", "Lucas", "Aïcha", "Hugo", "Chloé", "Mamadou", "Jade", "Noah", "Emma", "Adam"]
DEPARTMENTS = ["75", "92", "93", "94", "69", "13", "59", "33", "31", "44", "67", "06", "34", "35", "76", "971"]


# The sizes; the benchmarks divide them by BENCH_SCALE while developing.
NATIONAL_SIZES = {
    "requests": 200_000,
    "mentors": 20_000,
    "active_mentors": 10_000,
    "mentorships": 60_000,
    "sessions": 600_000,
    "batch_requests": 1_000,
    "alerts": 3_000,
    "training_sessions": 60,
}


def national_sizes(scale: float = 1.0) -> dict[str, int]:
    """``national_build``'s sizes at ``scale`` (1: the national scale)."""
    return {name: max(1, int(value * scale)) for name, value in NATIONAL_SIZES.items()}


@dataclass
class National:
    association_slug: str
    coordinator_id: int
    admin_id: int
    mentor_user_id: int  # a mentor with 3 mentees and 30 sessions
    mentor_id: int  # a mentor profile of the measured association (its page)
    tracking_request_id: int  # a youth whose mentorship has 12 sessions
    request_id: int | None  # a request in the measured association's queue (its page)
    adult_request_id: int | None  # accepted, adult, unpaired: suggestions
    minor_request_id: int | None  # accepted, minor, unpaired: suggestions
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0


def national_build(
    name: str,
    *,
    env: dict | None = None,
    requests: int = 200_000,
    mentors: int = 20_000,
    active_mentors: int = 10_000,
    mentorships: int = 60_000,
    sessions: int = 600_000,
    batch_requests: int = 1_000,
    alerts: int = 3_000,
    training_sessions: int = 60,
    seed: int = 2026,
) -> National:
    began = time.perf_counter()
    database_create(name, env)
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import user_totp_activate
    from associations.models import Association, StaffMembership
    from matching import scoring
    from matching.enums import (
        OPEN_MENTORSHIP_STATES,
        AlertKind,
        Availability,
        Language,
        MeetingMode,
        MentorshipState,
        MentorState,
        MentorType,
        RequestState,
        Sector,
        TrainingRegistrationState,
    )
    from matching.models import MentorProfile, Mentorship, TrainingRegistration, TrainingSession, YouthRequest
    from matching.services.pairing_pool import mentor_pool_touch

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(PASSWORD)

    def some(values, low=1, high=3):
        return rng.sample(values, rng.randint(low, min(high, len(values))))

    def birth_date(age: int) -> date:
        return today - timedelta(days=365 * age + rng.randint(30, 330))

    with transaction.atomic():
        associations = [
            Association.objects.create(
                name=f"Association nationale {n}",
                slug=f"nat-{n}",
                contact_email=f"nat{n}@example.org",
                departments=DEPARTMENTS if n == 0 else rng.sample(DEPARTMENTS, 6),
                remote_national=n == 5,
                axes=["education", "employment"],
                min_age=10,
                max_age=29,
                intake_capacity=1_000_000,
                mentor_capacity=1_000_000,
            )
            for n in range(6)
        ]
        measured = associations[0]
        coordinator = User.objects.create(
            email="coordinator@example.org", first_name="Claire", last_name="Coord", password=password
        )
        StaffMembership.objects.create(user=coordinator, association=measured, role="admin")
        admin = User.objects.create(
            email="admin@example.org", password=password, is_staff=True, is_superuser=True, first_name="Ada"
        )
        for user in (coordinator, admin):  # staff and platform pages send anyone without a second factor to set one up
            user_totp_activate(user=user, secret=TOTP_SECRET)

        # Mentors: users, then profiles. The first ``active_mentors`` are active in the measured association.
        User.objects.bulk_create(
            [
                User(
                    email=f"mentor{n}@example.org",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=f"Mentor{n}",
                    password=password,
                )
                for n in range(mentors)
            ],
            batch_size=5000,
        )
        mentor_users = dict(User.objects.filter(email__startswith="mentor").values_list("email", "pk"))
        other_states = [s for s in MentorState if s != MentorState.ACTIVE]
        profiles = []
        for n in range(mentors):
            in_measured = n < active_mentors or n % 6 == 0
            # Exactly ``active_mentors`` active in the measured association; its other mentors at every other step.
            state = MentorState.ACTIVE if n < active_mentors else rng.choice(
                other_states if in_measured else [*other_states, MentorState.ACTIVE]
            )  # fmt: skip
            checked = state in (MentorState.ACTIVE, MentorState.PAUSED, MentorState.TRAINED, MentorState.CHECKED)
            capacity = 3 if n == 0 else rng.randint(1, 3)
            department = rng.choice(DEPARTMENTS)
            profiles.append(
                MentorProfile(
                    user_id=mentor_users[f"mentor{n}@example.org"],
                    state=state,
                    association=measured if in_measured else rng.choice(associations[1:]),
                    background_check_ok=True if checked else None,
                    background_check_on=today - timedelta(days=rng.randint(0, 150)) if checked else None,
                    trained_on=today - timedelta(days=rng.randint(0, 150)) if checked else None,
                    mentor_type=rng.choice(MentorType.values),
                    organisation=f"Entreprise {n % 500}",
                    sectors=some(Sector.values, 1, 4),
                    skills=["cv", "interview"],
                    axes=some(["education", "employment"], 1, 2),
                    accepts_minors=rng.random() < 0.7,
                    postal_code=f"{department[:2]}000",
                    department=department,
                    meeting_modes=["remote", *some(MeetingMode.values[1:], 0, 2)],
                    availability=some(Availability.values, 1, 3),
                    languages=["fr", *some(Language.values[1:], 0, 1)],
                    capacity=capacity,
                    motivation="Transmettre.",
                    consent_version="bench",
                    consent_at=now,
                    submitted_at=now - timedelta(days=rng.randint(0, 400)),
                )
            )
        for profile in profiles:  # the masks the signup service stores with the choices
            for column, value in scoring.profile_bits(profile).items():
                setattr(profile, column, value)
        MentorProfile.objects.bulk_create(profiles, batch_size=5000)
        profiles = list(MentorProfile.objects.order_by("pk").values_list("pk", "association_id", "state", "capacity"))

        # Requests: those that hold a mentorship first (one each), then the rest over every state.
        pairing_plan = []  # (mentor pk, association id, mentorship state)
        places = {}
        open_states = [MentorshipState.PROPOSED, MentorshipState.MENTOR_ACCEPTED, MentorshipState.ACTIVE,
                       MentorshipState.PAUSED]  # fmt: skip
        closed_states = [MentorshipState.COMPLETED, MentorshipState.ENDED_EARLY, MentorshipState.DECLINED,
                         MentorshipState.CANCELLED]  # fmt: skip
        dashboard_mentor = profiles[0][0]
        for _ in range(3):
            pairing_plan.append((dashboard_mentor, measured.pk, MentorshipState.ACTIVE))
        places[dashboard_mentor] = 3
        pairable = [p for p in profiles if p[2] in (MentorState.ACTIVE, MentorState.PAUSED)]
        while len(pairing_plan) < mentorships:
            pk, association_id, _state, capacity = rng.choice(pairable)
            state = rng.choice(open_states) if rng.random() < 0.3 else rng.choice(closed_states)
            if state in open_states:
                # Leave most mentors of the measured association a place, so that suggestions have candidates.
                if places.get(pk, 0) >= capacity - (1 if capacity > 1 else 0) and pk != dashboard_mentor:
                    state = rng.choice(closed_states)
                else:
                    places[pk] = places.get(pk, 0) + 1
            if pk == dashboard_mentor and state in open_states:
                continue
            pairing_plan.append((pk, association_id, state))

        request_state_for = {
            MentorshipState.PROPOSED: RequestState.ACCEPTED,
            MentorshipState.MENTOR_ACCEPTED: RequestState.ACCEPTED,
            MentorshipState.ACTIVE: RequestState.MATCHED,
            MentorshipState.PAUSED: RequestState.MATCHED,
            MentorshipState.COMPLETED: RequestState.CLOSED,
            MentorshipState.ENDED_EARLY: RequestState.CLOSED,
            MentorshipState.DECLINED: RequestState.WITHDRAWN,
            MentorshipState.CANCELLED: RequestState.WITHDRAWN,
        }
        free_states = [s for s in RequestState if s not in (RequestState.MATCHED, RequestState.ACCEPTED)]
        rows = []
        for n in range(requests):
            if n < len(pairing_plan):
                association_id, state = pairing_plan[n][1], request_state_for[pairing_plan[n][2]]
            elif n < len(pairing_plan) + batch_requests:
                association_id, state = measured.pk, RequestState.ACCEPTED
            else:
                state = rng.choice(free_states)
                association_id = rng.choice(associations).pk
                if state in (RequestState.AWAITING_PARENT_CONSENT, RequestState.SUBMITTED, RequestState.UNROUTED):
                    association_id = None
            age = 15 if n == len(pairing_plan) + 1 else 22 if n == len(pairing_plan) else rng.randint(10, 29)
            if state == RequestState.AWAITING_PARENT_CONSENT:
                age = rng.randint(10, 14)
            routed_at = now - timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440))
            axis = rng.choice(["education", "employment"])
            department = rng.choice(DEPARTMENTS)
            closed = state in (RequestState.DECLINED, RequestState.WITHDRAWN, RequestState.CLOSED)
            rows.append(
                YouthRequest(
                    state=state,
                    association_id=association_id,
                    claimed_by=coordinator if association_id == measured.pk and n % 3 == 0 else None,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=f"Nom{n}",
                    email=f"jeune{n}@example.org",
                    birth_date=birth_date(age),
                    postal_code=f"{department[:2]}000",
                    department=department,
                    situation="pupil" if age < 16 else rng.choice(["student", "job_seeker", "employed", "neet"]),
                    need="orientation" if axis == "education" else "first_job",
                    axis=axis,
                    sectors=some(Sector.values, 0, 3),
                    meeting_modes=["remote", *some(MeetingMode.values[1:], 0, 1)],
                    availability=some(Availability.values, 1, 2),
                    languages=["fr"],
                    description="Je cherche un mentor pour m'aider.",
                    consent_version="bench",
                    consent_at=routed_at,
                    parent_email=f"parent{n}@example.org" if age < 15 else "",
                    parent_name="Parent" if age < 15 else "",
                    parent_consent_at=routed_at if age < 15 and state != RequestState.AWAITING_PARENT_CONSENT else None,
                    created_at=routed_at,
                    submitted_at=routed_at,
                    routed_at=routed_at if association_id else None,
                    closed_at=routed_at + timedelta(days=30) if closed else None,
                )
            )
        YouthRequest.objects.bulk_create(rows, batch_size=5000)
        del rows
        request_ids = list(YouthRequest.objects.order_by("pk").values_list("pk", flat=True))

        # Mentorships: one per request of the pairing plan.
        rows = []
        session_counts = []
        for n, (mentor_pk, association_id, state) in enumerate(pairing_plan):
            started = today - timedelta(days=rng.randint(20, 330))
            under_way_or_done = state in (
                MentorshipState.ACTIVE, MentorshipState.PAUSED, MentorshipState.COMPLETED, MentorshipState.ENDED_EARLY
            )  # fmt: skip
            rows.append(
                Mentorship(
                    request_id=request_ids[n],
                    mentor_id=mentor_pk,
                    association_id=association_id,
                    state=state,
                    score=0.7,
                    reasons=["accompagne ce besoin", "même département"],
                    proposed_by=coordinator,
                    referent=coordinator,
                    meeting_mode="remote",
                    created_at=now - timedelta(days=(today - started).days + 7),
                    started_on=started if under_way_or_done else None,
                    planned_end_on=started + timedelta(days=365) if under_way_or_done else None,
                    ended_at=now if state in closed_states else None,
                    outcome="education" if state == MentorshipState.COMPLETED else "",
                )
            )
            session_counts.append(under_way_or_done)
        Mentorship.objects.bulk_create(rows, batch_size=5000)
        del rows
        mentorship_ids = list(Mentorship.objects.order_by("pk").values_list("pk", flat=True))
        with_sessions = sum(session_counts)
        each = sessions // max(with_sessions, 1)
        counts = [each if has else 0 for has in session_counts]
        counts[0] = counts[1] = counts[2] = 10  # the dashboard mentor: 3 mentees, 30 sessions
        tracking_index = next(
            (i for i in range(3, len(pairing_plan)) if pairing_plan[i][2] == MentorshipState.ACTIVE), 0
        )
        counts[tracking_index] = 12
        for i in range(len(counts) - 1, 3, -1):  # reach the total exactly
            missing = sessions - sum(counts)
            if missing == 0:
                break
            if counts[i] and i != tracking_index:
                counts[i] = max(1, counts[i] + missing)

        # Places held, as the pairing services keep them.
        held = {}
        for mentor_pk, _association_id, state in pairing_plan:
            if state in OPEN_MENTORSHIP_STATES:
                held[mentor_pk] = held.get(mentor_pk, 0) + 1
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE matching_mentorprofile m SET open_mentorships = h.n "
                "FROM unnest(%s::int[], %s::int[]) AS h(id, n) WHERE m.id = h.id",
                [list(held), list(held.values())],
            )
            # The logs, written by PostgreSQL itself.
            cursor.execute(
                "INSERT INTO matching_sessionlog (mentorship_id, held_on, duration_hours, mode, topics, private_note, "
                "youth_feedback, created_at) "
                "SELECT s.id, LEAST(CURRENT_DATE - CASE WHEN s.id %% 9 = 0 THEN 45 ELSE 0 END, m.started_on + k * 21), "
                "1.5, 'remote', 'CV, entretien', '', "
                "CASE WHEN k %% 4 = 0 THEN 'Merci !' ELSE '' END, now() "
                "FROM unnest(%s::int[], %s::int[]) AS s(id, n) JOIN matching_mentorship m ON m.id = s.id "
                "CROSS JOIN LATERAL generate_series(1, s.n) AS k",
                [mentorship_ids, counts],
            )
            cursor.execute(
                "INSERT INTO matching_mentorshiptransition (mentorship_id, from_state, to_state, actor, reason, note, "
                "created_at) SELECT id, '', state, 'staff', '', '', created_at FROM matching_mentorship"
            )
            cursor.execute(
                "INSERT INTO matching_requesttransition (request_id, from_state, to_state, association_id, actor, "
                "reason, note, created_at) "
                "SELECT id, 'submitted', 'routed', association_id, 'system', '', '', routed_at "
                "FROM matching_youthrequest WHERE association_id IS NOT NULL "
                "UNION ALL SELECT id, 'routed', state, association_id, 'staff', '', '', routed_at + interval '2 days' "
                "FROM matching_youthrequest WHERE association_id IS NOT NULL AND state <> 'routed'"
            )
            cursor.execute(
                "INSERT INTO matching_routingdecision (request_id, association_id, trigger, summary, candidates, "
                "created_at) "
                "SELECT r.id, r.association_id, 'submission', 'Confiée à ' || a.name, "
                "jsonb_build_array(jsonb_build_object('association_id', a.id, 'name', a.name, 'slug', a.slug, "
                "'open_items', 10, 'capacity', a.intake_capacity, 'eligible', true, 'checks', "
                "jsonb_build_array(jsonb_build_object('code', 'territory', 'ok', true, 'value', r.department)))), "
                "r.routed_at FROM matching_youthrequest r JOIN associations_association a ON a.id = r.association_id",
            )
            cursor.execute(
                "INSERT INTO matching_routingdecision (mentor_id, association_id, trigger, summary, candidates, "
                "created_at) SELECT id, association_id, 'submission', 'Confié', '[]'::jsonb, submitted_at "
                "FROM matching_mentorprofile"
            )
            cursor.execute(
                "INSERT INTO matching_mentortransition (mentor_id, from_state, to_state, actor, reason, note, "
                "created_at) SELECT id, '', 'submitted', 'mentor', '', '', submitted_at FROM matching_mentorprofile "
                "UNION ALL SELECT id, 'submitted', state, 'staff', '', '', submitted_at + interval '20 days' "
                "FROM matching_mentorprofile WHERE state <> 'submitted'"
            )

            # The follow-up queue: alerts about the measured association's pairs, every kind, open, claimed and
            # resolved (one open alert per dedup key, as the jobs raise them), with their transitions.
            kinds = [kind.value for kind in AlertKind]
            cursor.execute(
                "INSERT INTO matching_alert (association_id, kind, urgent, state, request_id, mentorship_id, "
                "mentor_id, detail, dedup_key, created_at, claimed_by_id, claimed_at, resolved_by_id, resolved_at) "
                "SELECT m.association_id, (%(kinds)s::text[])[1 + m.i %% %(kind_count)s], m.i %% 7 = 0, "
                "CASE WHEN m.i %% 5 < 2 THEN 'open' WHEN m.i %% 5 = 2 THEN 'claimed' ELSE 'resolved' END, "
                "m.request_id, m.id, m.mentor_id, '', 'bench:' || m.id || ':' || m.i, "
                "now() - (m.i %% 120) * interval '1 day' - (m.i %% 1440) * interval '1 minute', "
                "CASE WHEN m.i %% 5 >= 2 THEN %(by)s END, "
                "CASE WHEN m.i %% 5 >= 2 THEN now() - (m.i %% 120) * interval '1 day' + interval '1 day' END, "
                "CASE WHEN m.i %% 5 >= 3 THEN %(by)s END, "
                "CASE WHEN m.i %% 5 >= 3 THEN now() - (m.i %% 120) * interval '1 day' + interval '2 days' END "
                "FROM (SELECT id, association_id, request_id, mentor_id, row_number() OVER (ORDER BY id) AS i "
                "FROM matching_mentorship WHERE association_id = %(association)s) m WHERE m.i <= %(alerts)s",
                {"kinds": kinds, "kind_count": len(kinds), "by": coordinator.pk, "association": measured.pk,
                 "alerts": alerts},
            )  # fmt: skip
            cursor.execute(
                "INSERT INTO matching_alerttransition (alert_id, from_state, to_state, actor, by_id, reason, note, "
                "created_at) SELECT id, '', 'open', 'system', NULL, '', '', created_at FROM matching_alert "
                "UNION ALL SELECT id, 'open', 'claimed', 'staff', claimed_by_id, '', '', claimed_at "
                "FROM matching_alert WHERE claimed_at IS NOT NULL "
                "UNION ALL SELECT id, 'claimed', 'resolved', 'staff', resolved_by_id, '', 'Fait.', resolved_at "
                "FROM matching_alert WHERE resolved_at IS NOT NULL"
            )

        # Training sessions of the measured association, a third to come, with 12 registrations each at most.
        trainees = list(
            MentorProfile.objects.filter(
                association=measured, state__in=[MentorState.CHECKED, MentorState.TRAINED, MentorState.ACTIVE]
            ).order_by("pk").values_list("pk", flat=True)[: training_sessions * 12]
        )  # fmt: skip
        sessions_rows = [
            TrainingSession(
                association=measured,
                starts_at=now + timedelta(days=3 * (n - training_sessions * 2 // 3) + 1, hours=n % 5),
                duration_minutes=120,
                place="Maison des associations" if n % 2 else "",
                remote_link="" if n % 2 else "https://visio.example.org/formation",
                trainer="Formatrice Bench",
                seats=15,
                created_by=coordinator,
                created_at=now - timedelta(days=200),
            )
            for n in range(training_sessions)
        ]
        TrainingSession.objects.bulk_create(sessions_rows)
        registrations = []
        for n, session in enumerate(sessions_rows):
            past = session.starts_at <= now
            for k, mentor_pk in enumerate(trainees[n * 12 : (n + 1) * 12]):
                state = (
                    (TrainingRegistrationState.ABSENT if k % 6 == 0 else TrainingRegistrationState.ATTENDED)
                    if past
                    else (TrainingRegistrationState.CANCELLED if k % 6 == 0 else TrainingRegistrationState.REGISTERED)
                )
                registrations.append(TrainingRegistration(session=session, mentor_id=mentor_pk, state=state))
            session.seats_taken = sum(
                1 for r in registrations if r.session is session and r.state != TrainingRegistrationState.CANCELLED
            )
        TrainingRegistration.objects.bulk_create(registrations, batch_size=5000)
        TrainingSession.objects.bulk_update(sessions_rows, ["seats_taken"])

        queue_request = (
            YouthRequest.objects.filter(association=measured, state=RequestState.IN_REVIEW).order_by("pk").first()
        )
        accepted = YouthRequest.objects.filter(association=measured, state=RequestState.ACCEPTED).exclude(
            mentorships__state__in=OPEN_MENTORSHIP_STATES
        )
        adult = accepted.filter(birth_date__lte=today - timedelta(days=365 * 19)).order_by("pk").first()
        minor = accepted.filter(birth_date__gt=today - timedelta(days=365 * 17)).order_by("pk").first()
    # Written in bulk, past the services: the version the pairing pages keep the active mentors' arrays under.
    mentor_pool_touch(association_ids=[association.pk for association in associations])
    psql("ANALYZE", name)
    table_counts = {
        "associations": "associations_association",
        "youth_requests": "matching_youthrequest",
        "request_transitions": "matching_requesttransition",
        "routing_decisions": "matching_routingdecision",
        "mentor_profiles": "matching_mentorprofile",
        "mentorships": "matching_mentorship",
        "session_logs": "matching_sessionlog",
        "alerts": "matching_alert",
        "training_sessions": "matching_trainingsession",
        "training_registrations": "matching_trainingregistration",
    }
    # nosec below: the table names come from the dict above, nothing from outside.
    counts = {key: int(psql(f"SELECT count(*) FROM {table}", name)) for key, table in table_counts.items()}  # nosec B608
    counts["active_mentors_measured"] = MentorProfile.objects.filter(
        association=measured, state=MentorState.ACTIVE
    ).count()
    counts["accepted_waiting_measured"] = accepted.count()
    return National(
        association_slug=measured.slug,
        coordinator_id=coordinator.pk,
        admin_id=admin.pk,
        mentor_user_id=MentorProfile.objects.get(pk=dashboard_mentor).user_id,
        mentor_id=profiles[1][0],
        tracking_request_id=request_ids[tracking_index],
        request_id=queue_request.pk if queue_request else None,
        adult_request_id=adult.pk if adult else None,
        minor_request_id=minor.pk if minor else None,
        counts=counts,
        seconds=time.perf_counter() - began,
    )
