from datetime import date

import factory
from django.utils import timezone

from matching import consent
from matching.enums import (
    NEED_AXIS,
    Availability,
    Language,
    MeetingMode,
    MentorState,
    MentorType,
    Need,
    RequestState,
    Situation,
)
from matching.models import MentorProfile, YouthRequest
from tests.accounts.factories import UserFactory


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
    consent_version = consent.MENTOR_CONSENT_VERSION
    consent_at = factory.LazyFunction(timezone.now)
