from datetime import date, timedelta
from decimal import Decimal

import factory
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from matching import consent, scoring
from matching.enums import (
    NEED_AXIS,
    OPEN_MENTORSHIP_STATES,
    AlertKind,
    AlertState,
    Availability,
    CheckInRespondent,
    GoalsProgress,
    Language,
    MeetingFrequency,
    MeetingMode,
    MentorshipState,
    MentorState,
    MentorType,
    Need,
    RequestState,
    Situation,
    TrainingRegistrationState,
)
from matching.models import (
    Alert,
    CheckIn,
    MentorProfile,
    Mentorship,
    SessionLog,
    TrainingRegistration,
    TrainingSession,
    YouthRequest,
)
from tests.accounts.factories import UserFactory
from tests.associations.factories import AssociationFactory


def birth_date_for_age(age: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


class YouthRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthRequest

    state = RequestState.SUBMITTED
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"jeune{n}@example.org")
    birth_date = factory.LazyFunction(lambda: birth_date_for_age(17))
    postal_code = "75011"
    department = "75"
    situation = Situation.PUPIL
    need = Need.ORIENTATION
    axis = factory.LazyAttribute(lambda o: NEED_AXIS[o.need])
    meeting_modes = factory.LazyFunction(lambda: [MeetingMode.REMOTE])
    availability = factory.LazyFunction(lambda: [Availability.EVENINGS])
    languages = factory.LazyFunction(lambda: [Language.FR])
    description = "J'aimerais de l'aide pour choisir mon orientation."
    consent_version = consent.YOUTH_CONSENT_VERSION
    consent_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        awaiting_parent = factory.Trait(
            state=RequestState.AWAITING_PARENT_CONSENT,
            birth_date=factory.LazyFunction(lambda: birth_date_for_age(13)),
            parent_name="Marie Parent",
            parent_email=factory.Sequence(lambda n: f"parent{n}@example.org"),
            submitted_at=None,
        )
        adult = factory.Trait(birth_date=factory.LazyFunction(lambda: birth_date_for_age(20)))
        minor = factory.Trait(birth_date=factory.LazyFunction(lambda: birth_date_for_age(15)))
        # Each state a request reaches, with what it holds there (an association from "routed" on).
        routed = factory.Trait(
            state=RequestState.ROUTED,
            association=factory.SubFactory(AssociationFactory),
            routed_at=factory.LazyFunction(timezone.now),
        )
        in_review = factory.Trait(routed=True, state=RequestState.IN_REVIEW, claimed_by=factory.SubFactory(UserFactory))
        accepted = factory.Trait(routed=True, state=RequestState.ACCEPTED)
        matched = factory.Trait(routed=True, state=RequestState.MATCHED)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory)
    state = MentorState.SUBMITTED
    mentor_type = MentorType.PROFESSIONAL
    sectors = factory.LazyFunction(lambda: ["digital"])
    skills = factory.LazyFunction(lambda: ["cv"])
    axes = factory.LazyFunction(lambda: ["employment"])
    postal_code = "69003"
    department = "69"
    meeting_modes = factory.LazyFunction(lambda: [MeetingMode.REMOTE])
    availability = factory.LazyFunction(lambda: [Availability.EVENINGS])
    languages = factory.LazyFunction(lambda: [Language.FR])
    capacity = 2
    motivation = "Transmettre ce que j'ai appris."
    # The masks the signup service stores with the choices (the suggestions and the batch read them).
    sectors_bits = factory.LazyAttribute(lambda o: scoring.mentor_bits(sectors=o.sectors)["sectors_bits"])
    meeting_bits = factory.LazyAttribute(lambda o: scoring.mentor_bits(meeting_modes=o.meeting_modes)["meeting_bits"])
    availability_bits = factory.LazyAttribute(
        lambda o: scoring.mentor_bits(availability=o.availability)["availability_bits"]
    )
    languages_bits = factory.LazyAttribute(lambda o: scoring.mentor_bits(languages=o.languages)["languages_bits"])
    axes_bits = factory.LazyAttribute(lambda o: scoring.mentor_bits(axes=o.axes)["axes_bits"])
    consent_version = consent.MENTOR_CONSENT_VERSION
    consent_at = factory.LazyFunction(timezone.now)

    class Params:
        # At the training step: background check declared, not trained yet.
        checked = factory.Trait(
            state=MentorState.CHECKED,
            association=factory.SubFactory(AssociationFactory),
            background_check_ok=True,
            background_check_on=factory.LazyFunction(timezone.localdate),
        )
        trained = factory.Trait(
            state=MentorState.TRAINED,
            association=factory.SubFactory(AssociationFactory),
            background_check_ok=True,
            background_check_on=factory.LazyFunction(timezone.localdate),
            trained_on=factory.LazyFunction(timezone.localdate),
            trainer="Équipe formation",
        )
        active = factory.Trait(trained=True, state=MentorState.ACTIVE)


class MentorshipFactory(factory.django.DjangoModelFactory):
    """A proposal by default (youth accepted, mentor active, both of one association); ``under_way`` for a pairing
    started ``months`` ago (3 by default), the youth matched. An open mentorship holds one of the mentor's places."""

    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    association = factory.SubFactory(AssociationFactory)
    request = factory.SubFactory(
        YouthRequestFactory,
        accepted=True,
        adult=True,
        association=factory.SelfAttribute("..association"),
        # Matched once the pairing has started, accepted before.
        state=factory.LazyAttribute(
            lambda o: RequestState.MATCHED if o.factory_parent.started_on else RequestState.ACCEPTED
        ),
    )
    mentor = factory.SubFactory(MentorProfileFactory, active=True, association=factory.SelfAttribute("..association"))
    state = MentorshipState.PROPOSED
    meeting_mode = MeetingMode.REMOTE
    started_on = None

    class Params:
        months = 3
        proposed = factory.Trait(state=MentorshipState.PROPOSED)
        under_way = factory.Trait(
            state=MentorshipState.ACTIVE,
            started_on=factory.LazyAttribute(lambda o: timezone.localdate() - timedelta(days=30 * o.months)),
            planned_end_on=factory.LazyAttribute(lambda o: o.started_on + timedelta(days=365)),
        )

    @factory.post_generation
    def mentor_place(self, create, extracted, **kwargs):
        if create and self.state in OPEN_MENTORSHIP_STATES:
            MentorProfile.objects.filter(pk=self.mentor_id).update(open_mentorships=F("open_mentorships") + 1)
            self.mentor.refresh_from_db(fields=["open_mentorships"])


class SessionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionLog
        skip_postgeneration_save = True

    mentorship = factory.SubFactory(MentorshipFactory, under_way=True)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    duration_hours = Decimal("1")
    mode = MeetingMode.REMOTE
    topics = "Préparer un entretien"

    @factory.post_generation
    def last_session_on(self, create, extracted, **kwargs):
        """The mentorship's date of its latest session, as the service that logs one keeps it."""
        if create:
            latest = SessionLog.objects.filter(mentorship=OuterRef("pk")).order_by("-held_on").values("held_on")
            Mentorship.objects.filter(pk=self.mentorship_id).update(last_session_on=Subquery(latest[:1]))
            self.mentorship.refresh_from_db(fields=["last_session_on"])


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """An upcoming session in a week, in a room; ``past`` for one held ten days ago, ``remote`` with a video link."""

    class Meta:
        model = TrainingSession

    association = factory.SubFactory(AssociationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    duration_minutes = 120
    place = "Maison des associations, 12 rue de la Paix"
    trainer = "Inès Formatrice"
    seats = 10

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)))
        remote = factory.Trait(place="", remote_link="https://visio.example.org/formation")
        cancelled = factory.Trait(cancelled_at=factory.LazyFunction(timezone.now))


class TrainingRegistrationFactory(factory.django.DjangoModelFactory):
    """A checked mentor of the session's association, registered (holding a seat)."""

    class Meta:
        model = TrainingRegistration
        skip_postgeneration_save = True

    session = factory.SubFactory(TrainingSessionFactory)
    mentor = factory.SubFactory(
        MentorProfileFactory, checked=True, association=factory.SelfAttribute("..session.association")
    )
    state = TrainingRegistrationState.REGISTERED

    @factory.post_generation
    def seat(self, create, extracted, **kwargs):
        if create and self.state != TrainingRegistrationState.CANCELLED:
            TrainingSession.objects.filter(pk=self.session_id).update(seats_taken=F("seats_taken") + 1)
            self.session.refresh_from_db(fields=["seats_taken"])


class AlertFactory(factory.django.DjangoModelFactory):
    """An open alert about a pair under way (a silent pair by default) in the pair's association."""

    class Meta:
        model = Alert

    mentorship = factory.SubFactory(MentorshipFactory, under_way=True)
    association = factory.SelfAttribute("mentorship.association")
    request = factory.SelfAttribute("mentorship.request")
    mentor = factory.SelfAttribute("mentorship.mentor")
    kind = AlertKind.SILENT_PAIR
    dedup_key = factory.Sequence(lambda n: f"test:{n}")

    class Params:
        urgent_concern = factory.Trait(kind=AlertKind.CONCERN_REPORTED, urgent=True)
        claimed = factory.Trait(
            state=AlertState.CLAIMED,
            claimed_by=factory.SubFactory(UserFactory),
            claimed_at=factory.LazyFunction(timezone.now),
        )
        resolved = factory.Trait(
            state=AlertState.RESOLVED,
            resolved_by=factory.SubFactory(UserFactory),
            resolved_at=factory.LazyFunction(timezone.now),
        )


class CheckInFactory(factory.django.DjangoModelFactory):
    """The youth's check-in at one month of a mentorship under way, waiting for its answer; ``mentor`` for the
    mentor's, ``answered`` once answered (4/5), ``low`` answered with a low score and a wish to be contacted."""

    class Meta:
        model = CheckIn

    mentorship = factory.SubFactory(MentorshipFactory, under_way=True)
    respondent = CheckInRespondent.YOUTH
    month = 1
    asked_at = factory.LazyFunction(timezone.now)

    class Params:
        mentor = factory.Trait(respondent=CheckInRespondent.MENTOR)
        answered = factory.Trait(
            answered_at=factory.LazyFunction(timezone.now),
            satisfaction=4,
            meeting_frequency=MeetingFrequency.MONTHLY,
            goals_progress=GoalsProgress.SOME,
            comment="Ça se passe bien.",
        )
        low = factory.Trait(answered=True, satisfaction=1, wants_contact=True, comment="Ça ne va pas.", flagged=True)
